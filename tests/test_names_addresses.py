"""Person names and postal addresses: hundreds of generated positives in the shapes UIs show
them in, and the UI vocabulary beside them that must stay sharp."""

from __future__ import annotations

import numpy as np
import pytest
from faker import Faker

from blur.config import from_dict
from blur.detect import OcrDetector
from blur.detect.recognizers.address import AddressRecognizer
from blur.detect.recognizers.names import PersonNameRecognizer
from blur.detect.rules.labels import LabelRule
from blur.detect.text_spans import group_lines
from blur.ocr.engine import Word

NAMES = PersonNameRecognizer()
ADDRESSES = AddressRecognizer()


def found(recognizer, text: str) -> list[str]:
    return [text[m.start : m.end] for m in recognizer.find(text)]


def _people(locale: str, count: int, seed: int) -> list[tuple[str, str]]:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return [(fake.first_name(), fake.last_name()) for _ in range(count)]


# -- names ---------------------------------------------------------------------------------
SHAPES = {
    "First Last": lambda f, l: (f"{f} {l}", f"{f} {l}"),
    "table cell": lambda f, l: (f"{f} {l}  Starter  Mar 2025", f"{f} {l}"),
    "Last, First": lambda f, l: (f"{l}, {f}", f"{l}, {f}"),
    "middle initial": lambda f, l: (f"{f} Q. {l}", f"{f} Q. {l}"),
    "greeting": lambda f, l: (f"Hi {f}, thanks for reaching out", f),
    "signature": lambda f, l: (f"Thanks, {f} {l}", f"{f} {l}"),
    "header": lambda f, l: (f"Ticket #48228 · from {f} {l} via email", f"{f} {l}"),
    "capitals": lambda f, l: (f"{f.upper()} {l.upper()}", f"{f.upper()} {l.upper()}"),
    "lower case": lambda f, l: (f"{f.lower()} {l.lower()}", f"{f.lower()} {l.lower()}"),
}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_names_in_ui_shapes_are_found(shape):
    """US/UK/Canadian people (Faker, 150 per shape): at least 97 % found whole."""
    people = _people("en_US", 100, 1) + _people("en_GB", 25, 2) + _people("en_CA", 25, 3)
    missed = []
    for first, last in people:
        text, value = SHAPES[shape](first, last)
        if value not in found(NAMES, text):
            missed.append(text)
    assert len(missed) <= 0.03 * len(people), f"{len(missed)} missed: {missed[:10]}"


def test_international_names_are_mostly_found():
    """German, French, Spanish and Dutch first names come from gender-guesser's list; their
    surnames are often not in the US Census list: a first name with a surname that no list
    knows is not enough, so fewer are found. This measures it and holds the floor."""
    people = [p for i, loc in enumerate(["de_DE", "fr_FR", "es_ES", "nl_NL"]) for p in _people(loc, 50, 10 + i)]
    hits = sum(f"{f} {l}" in found(NAMES, f"{f} {l}") for f, l in people)
    assert hits >= 0.35 * len(people)


UI_VOCABULARY = """
File Edit View|Run tests|Show more|Clear all|Merge branch|Start test|Grace period|Jordan 4|Sales|Marketing|Customer Success|Mark as read|Mark all read|Rose Gold|Space Gray
Hunter Green|Chase Bank|Bill Pay|Max Price|Page Down|Will Call|Grant Access|Summer Sale|Winter Collection
March 2025|May 14, 2025|June 2024 report|April Showers promo|Sunday, March 9|Monday|Friday night
Starter plan|Pro plan|Enterprise|Team members|Billing|Invoices|Payment methods|Add payment method
Dashboard|Settings|Profile|Account|Log out|Sign in|Sign up|Create account|Forgot password?
Search customers|Filter|Sort by date|Export CSV|Import contacts|Download invoice|Upload file
Status: Active|Pending review|Paid|Overdue|Draft|Sent|Failed|Refunded|Charged twice for one order
Order ORD-771203|Ticket #48228|Invoice INV-2025-02404|Version 3.2.1|Release notes|What's new
Total due|Subtotal|Tax (20%)|Discount|Amount|Balance|Available balance|Recent transactions
Card ending 4242|Expires 09/27|Virtual card|Freeze card|Spending limit|Cashback rewards
Shipping|Delivery estimate|Track package|Return policy|Terms of Service|Privacy Policy
Help Center|Contact support|Live chat|Knowledge base|Community forum|Status page|API docs
Open|Closed|Resolved|Assigned to me|Unassigned|Priority: High|Low|Medium|Urgent
New message|Reply|Forward|Archive|Delete|Mark as spam|Starred|Important|Inbox (3)
Apple Watch Series 9|iPhone 15 Pro|MacBook Air|Google Pixel 8|Nike Air Max|Air Jordan 1 Mid
Ford Mustang|Tesla Model 3|Lincoln Navigator|Dell XPS 13|Victoria's Secret|Ruby on Rails
Christian Dior|Calvin Klein|Ralph Lauren|Johnson & Johnson|Procter & Gamble|Morgan Stanley
Deploy to production|Run tests|Build #7880|Pull request #412|Merge branch main|Commit 05c9c4d
Customer since Aug 2021 · 14 orders|Welcome back|Good morning|Hello there|Hi team|Thanks again
North America|South Africa|New York|Los Angeles|San Francisco|Lake Tahoe|Park City|Grand Canyon
Monthly|Weekly|Daily digest|Quarterly report|Annual plan|Free trial|Upgrade now|Renew
Long description|Short code|Young adults|King size|Major update|General settings|Royal Mail
Joy of Cooking|Hope you are well|Faith and Hope|Charity Gala|Patience please|Chance of rain
Dawn dish soap|Amber alert|Ivy League|Holly Jolly|Daisy chain|Lily pad|Violet theme|Iris scanner
Crystal clear|Diamond tier|Pearl white|Ruby red|Jade green|Gold member|Silver plan|Platinum
Stone Age|River view|Lake view|Hill station|Wood finish|Park & Ride|Field notes|Green Day
Black Friday|White paper|Brown bag lunch|Gray area|Young Professionals|Long weekend|King's Cross
Sharp edges|Strong password|Early access|Late fee|Just now|Free shipping|New arrivals|High contrast
Case study|Call back|Card details|Close ticket|Back to top|Read more|Sales tax|Price alert|Lock screen
Guest checkout|Daily standup|Apple Pay|Swift code|Rust compiler|Slack channel|Ford Focus
Victor Mono font|Van Gogh Museum|Del Monte|Le Monde|La Liga|De Beers|El Capitan|Al Jazeera
Edit profile|Save changes|Fee schedule|Bank transfer|Base price|Home page|Plan details|Pro tips
View all|List view|Number format|Share link|Ship date|Search results|Center align|Credit limit
Draft saved|Filter by tag|Freeze account|Cancel order|Members only|Roles & permissions|Points balance
Press kit|Right panel|Left sidebar|Top sellers|Bottom sheet|Down payment|Via email|From template
Work email|Other options|Storage used|Tags: urgent|Trial ends soon|Weekly report|Warning: low disk
""".strip().replace("\n", "|").split("|")


def test_ui_vocabulary_stays_sharp():
    """Product, company, brand and UI words: at most 3 % taken for names (precision measured)."""
    hits = {text: found(NAMES, text) for text in UI_VOCABULARY}
    wrong = {text: h for text, h in hits.items() if h}
    assert len(UI_VOCABULARY) > 200
    assert len(wrong) <= 0.03 * len(UI_VOCABULARY), wrong


def test_an_app_s_menu_bar_is_no_name():
    # "File" is a first name and a surname, "Edit" a first name, "View" a surname.
    for menu in ("File Edit View", "File Edit View Insert Format Data Tools Help", "Run tests", "Merge branch"):
        assert found(NAMES, menu) == [], menu


def test_everyday_words_in_a_message_are_no_name():
    # "My" is a first name and "Husband" a surname in the Census lists.
    for text in ("call me or my husband at 613.605.3833", "thank you so much", "see you soon"):
        assert found(NAMES, text) == [], text
    assert found(NAMES, "Son Nguyen") == ["Son Nguyen"] and found(NAMES, "My Tran") == ["My Tran"]


def test_names_cut_by_an_ellipsis():
    assert found(NAMES, "Christopher Jim…") == ["Christopher Jim"]
    assert found(NAMES, "Rachael Rodrig...") == ["Rachael Rodrig"]
    assert found(NAMES, "Grace period end…") == []


def test_name_sensitivity_is_configurable():
    assert found(PersonNameRecognizer(min_score=0.2), "Rose Gold") == ["Rose Gold"]
    assert found(PersonNameRecognizer(min_score=0.95), "Laura Pike") == []
    assert found(PersonNameRecognizer(min_score=0.95), "Laura J. Pike") == ["Laura J. Pike"]


# -- addresses -----------------------------------------------------------------------------
def test_us_street_and_city_lines_are_found():
    fake = Faker("en_US")
    fake.seed_instance(7)
    missed = []
    for _ in range(200):
        street = fake.street_address()
        city = f"{fake.city()}, {fake.state_abbr()} {fake.zipcode()}"
        for text in (street, city):
            if found(ADDRESSES, text) != [text]:
                missed.append(text)
        one_line = f"Shipped to {street}, {city} on Monday"
        covered = set()
        for m in ADDRESSES.find(one_line):
            covered.update(range(m.start, m.end))
        start = one_line.index(street)
        if not covered >= set(range(start, start + len(street))) | set(range(one_line.index(city), len(one_line) - 10)):
            missed.append(one_line)
    assert len(missed) <= 6, missed[:10]  # 600 lines


@pytest.mark.parametrize("text, value", [
    ("221B Baker Street", "221B Baker Street"),
    ("1042 Maple Grove Suite 12", "1042 Maple Grove Suite 12"),
    ("12 main st", "12 main st"), ("3 park ave apt. 4", "3 park ave apt. 4"), ("9 N. Park Ave", "9 N. Park Ave"),
    ("Hauptstraße 5", "Hauptstraße 5"),
    ("Am Gartenweg 12a, 10115 Berlin", "Gartenweg 12a"),
    ("12 rue de la Paix", "12 rue de la Paix"),
    ("Springfield, IL 62704", "Springfield, IL 62704"),
    ("Toronto, ON M5V 2T6", "Toronto, ON M5V 2T6"),
    ("Billing postcode SW1A 1AA", "SW1A 1AA"),
    ("London NW1 6XE", "NW1 6XE"),
    ("1693 Schmidt Co…", "1693 Schmidt Co…"),
    ("950 Campbell Stream Suite 7...", "950 Campbell Stream Suite 7..."),
    ("Port Breannaborough, OH 45...", "Port Breannaborough, OH 45..."),
    ("Port Breannaborough, O…", "Port Breannaborough, O…"),
    ("Port Breannaborough, OH 45", "Port Breannaborough, OH 45"),  # OCR lost the cell's ellipsis
])
def test_address_shapes(text, value):
    assert value in found(ADDRESSES, text)


def test_uk_postcodes_are_found():
    fake = Faker("en_GB")
    fake.seed_instance(5)
    codes = [fake.postcode() for _ in range(200)]
    assert sum(found(ADDRESSES, f"Postcode {c}") == [c] for c in codes) >= 196


ADDRESS_LOOK_ALIKES = """
3 Days Left|Page 2 of 5|14 orders|Showing 1-20 of 340 results|Step 2 of 3: Payment|Version 2.4 Release Notes
Invoice 2025 Plan|3 New Messages|24 Hours Support|Top 10 Drive Tips|100 Point Check|Row 12 Column 4
Save 20 Percent Today|5 Run Tests|Jan 20, 2023|Fri, 14 Mar 2025 09:13:20 GMT|Badge LT-20931|ORD-771203
GB 318 2044 71|9400 1000 0000 2270 4425 51|Relocation pkg v2.4.1|E-10005|INV-2025-02404|$1,321.56
2 minutes ago|10:30 AM|Build #7880 passed|v1.26.9|12 items in cart|Apple Watch Series 9|iPhone 15 Pro
Laptop tag QX-7731-BLK|Ref ticket #48213|Sprint 14 Board|Node 18 LTS|Python 3.11|Windows 11 Home
rollout: 2/12 pods ready (replicaset route-planner-f3a6ae93db)|Take the scenic route home|Loop 3 times
Loading, please wait...|Saving changes...|Hello, World…|Page 2 of 5…|Results: 12 items...|Step 2 of 3...
Order 4512, OH 45 items|Released v2, CA 12 builds|Page 2, OK 3
6 From github. cor|836 From github.com:acme-logistics/route-planner|4 Checkout main ln
""".strip().replace("\n", "|").split("|")


def test_address_look_alikes_stay_sharp():
    assert {t: found(ADDRESSES, t) for t in ADDRESS_LOOK_ALIKES if found(ADDRESSES, t)} == {}


# -- labels, blocks, config ----------------------------------------------------------------
def _word(text: str, x: int, y: int, line: int) -> Word:
    return Word(text=text, box=_box(x, y, 9 * len(text), 16), line=(0, 0, line), confidence=90.0)


def _box(x, y, w, h):
    from blur.box import Box

    return Box(x, y, x + w, y + h)


def _lines(rows: list[tuple[int, int, str]]) -> list[Word]:
    words = []
    for n, (x, y, text) in enumerate(rows):
        for token in text.split():
            words.append(_word(token, x, y, n))
            x += 9 * len(token) + 6
    return words


def test_ship_to_label_covers_the_block_below():
    """"Ship to" over a name, a street and a town no recognizer knows: every line covered."""
    words = _lines([(20, 20, "Ship to"), (20, 44, "Ximena Quorbel"), (20, 66, "Flat 3 Riverside Mews"),
                    (20, 88, "Tobermory"), (20, 140, "Delivery estimate: 3 days")])
    rule = LabelRule(builtin=False, names=True, addresses=True)
    covered = {tuple(w.text for w in found_) for _, found_ in rule.find(group_lines(words), None)}
    assert covered == {("Ximena", "Quorbel"), ("Flat", "3", "Riverside", "Mews"), ("Tobermory",)}


def test_kinds_off_and_allow_list():
    words = _lines([(20, 20, "Assigned to Laura Pike"), (20, 60, "Springfield, IL 62704")])
    luma = np.zeros((120, 400), np.uint8)
    base = {"detect": {"kinds": ["name", "address"]}}
    assert {d.kind for d in OcrDetector(from_dict(base, "t")).find(words, luma)} == {"name", "address"}
    sharp = {"detect": {"kinds": ["email"]}}
    assert OcrDetector(from_dict(sharp, "t")).find(words, luma) == []
    allowed = {"detect": {"kinds": ["name", "address"], "allow": ["Laura Pike"]}}
    assert {d.kind for d in OcrDetector(from_dict(allowed, "t")).find(words, luma)} == {"address"}
