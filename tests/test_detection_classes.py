"""Failure classes seen on real web-app recordings: phone shapes, truncated and wrapped
values, whole digit groups, values split by OCR. Positives and the look-alikes beside them."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PIL import Image, ImageDraw

from blur.box import Box
from blur.config import load
from blur.detect import OcrDetector
from blur.detect.recognizers import build_recognizers
from blur.detect.recognizers.phone import PhoneRecognizer
from blur.detect.text_spans import LineMatcher, find_spans, group_lines
from blur.ocr.engine import Word
from scenes import font

PHONE = PhoneRecognizer(["US", "GB", "DE", "FR"])


def phones(text: str) -> list[str]:
    return [text[m.start : m.end] for m in PHONE.find(text)]


@pytest.mark.parametrize("text, value", [
    ("(212) 155-0123", "(212) 155-0123"),  # not a valid US exchange: still a phone
    ("+1 123-456-7890", "+1 123-456-7890"),
    ("303.155.0199", "303.155.0199"),
    ("call me at 171.911.8727 today", "171.911.8727"),
    ("(503) 583-0766 x214", "(503) 583-0766 x214"),
    ("910-701-6045 ext. 53", "910-701-6045 ext. 53"),
    ("817 372 0330", "817 372 0330"),
    ("+44 20 7447 9085", "+44 20 7447 9085"),
    ("+49 30 085 7274", "+49 30 085 7274"),
    ("+33 1 23 45 67 89", "+33 1 23 45 67 89"),
    ("07700 900217", "07700 900217"),
    ("Tel: 0171-1234567", "0171-1234567"),
])
def test_phone_shaped_numbers_are_found_valid_or_not(text, value):
    assert phones(text) == [value]


@pytest.mark.parametrize("text", [
    "1-800-555-0175", "Benefits line 1-800-555-0175", "0800 100 2000",  # toll-free: public lines
    "02.07.2024", "14.03.2025, 09:12", "01/09/1994", "2025-03-14 09:12:00", "09:11:58.297", "10:30 AM",
    "9400 1000 0000 2270 4425 51", "GB 318 2044 71", "INV-2025-02404", "E-10005", "ORD-771203",
    "200-03-0466", "000-12-3456", "***-**-6789", "DE44 6043 3465 7145 5304 44", "5326 8572 9393 0144",
    "3433 549647 65629", "#7880856600", "v1.26.9", "Fri Mar 14 09:07:41 2025 +0000", "109,895",
    "$38.00", "+1,321.56 €", "a0c6c57d-e9f5-4e17-9ed9-a5f49a2ed427", "192.168.100.1",
    "05.06.2025", "06.09.2024", "12/31/2024", "2024.09.06",  # dates libphonenumber takes for German numbers
])
def test_phone_look_alikes_stay_sharp(text):
    assert phones(text) == []


ALL = build_recognizers(["email", "card", "phone", "iban", "ssn", "jwt", "api_key", "secret"], ["US", "GB", "DE"])


def kinds(text: str) -> set[tuple[str, str]]:
    return {(m.kind, text[m.start : m.end]) for r in ALL for m in r.find(text)}


@pytest.mark.parametrize("text, kind, value", [
    ("maria.k@exampl…", "email", "maria.k@exampl…"),
    ("maria.k@exa...", "email", "maria.k@exa..."),
    ("nicholas.hunter.contractor@…", "email", "nicholas.hunter.contractor@…"),
    ("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2F1dGg", "jwt",
     "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodHRwczovL2F1dGg"),
])
def test_cut_values_are_found(text, kind, value):
    assert (kind, value) in kinds(text)


def test_publishable_keys_are_public():
    assert kinds("pk_live_u2EMP6NW8ucPBcq594DCjQ04") == set()
    assert ("api_key", "sk_live_KhTAncFz2kmMKGMyWAkw62pn") in kinds("sk_live_KhTAncFz2kmMKGMyWAkw62pn")


def _line(texts: list[str], y: int, line: int, x: int = 100, char: int = 8, gap: int = 8) -> list[Word]:
    words = []
    for text in texts:
        words.append(Word(text, Box(x, y, x + char * len(text), y + 14), (line,), 90.0))
        x += char * len(text) + gap
    return words


def spans(words: list[Word], kinds=("email", "jwt", "secret", "api_key", "iban", "phone")):
    matcher = LineMatcher(build_recognizers(list(kinds), ["US", "DE"]))
    return [(kind, [w.text for w in found]) for kind, found in find_spans(group_lines(words), matcher)]


def test_an_email_wrapped_in_a_narrow_bubble_is_covered_on_both_lines():
    words = (_line(["Please", "send", "both", "receipts", "to"], 100, 0)
             + _line(["tracy.moore.billing-"], 120, 1)
             + _line(["department@conner.biz", "thanks"], 140, 2)
             + _line(["Lisa", "Dominguez"], 120, 3, x=-400))  # another column at the same height
    found = spans(words)
    assert ("email", ["department@conner.biz"]) in found
    assert ("email", ["tracy.moore.billing-"]) in found
    assert all("Dominguez" not in w for _, w in found)


def test_a_token_wrapped_over_three_lines_is_covered_on_each():
    words = (_line(["Authorization:", "Bearer", "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodH"], 100, 0, x=20)
             + _line(["zdWIiOiJ1c3JfakRVOUFWNnlINCIsImVtYWlsIjoibHRob21hc0Bob3RtYW"], 120, 1, x=20)
             + _line(["TYsImV4cCI6MTc0MTk5Njk5Mn0.T7gmzLvaYUzzo8oE8-EnT9X5gJ8wSMcoUn8ZJwmScoM"], 140, 2, x=20)
             + _line(["Content-Type:", "application/json"], 160, 3, x=20))
    covered = {w for _, found in spans(words) for w in found}
    assert any(w.startswith("zdWIiOiJ") for w in covered) and any(w.startswith("TYsImV4") for w in covered)
    assert "application/json" not in covered


def test_an_iban_is_covered_to_its_last_group_when_ocr_misreads_one():
    # "54O6": a letter read for a digit breaks the IBAN's format; the group is still part of it.
    words = _line(["IBAN", "ES78", "3468", "9973", "4587", "3818", "54O6", "Amount"], 100, 0, gap=6)
    found = spans(words, ("iban",))
    assert found and found[0][1][-1] == "54O6" and "Amount" not in found[0][1]


def test_an_iban_is_covered_to_groups_another_ocr_line_holds_beside_it():
    # Part of the row was read again on its own (it changed, or scrolled in later): its last
    # groups are another OCR line, and "9973," ended the match with a misread comma.
    words = (_line(["DE02", "0089", "1568", "9973,"], 100, 0, x=141, gap=8)
             + _line(["7567", "56"], 100, 1, x=141 + 4 * 4 * 8 + 4 * 8, gap=8)
             + _line(["+1,321.56"], 100, 2, x=700))
    found = [w for kind, ws in spans(words, ("iban",)) if kind == "iban" for w in ws]
    assert {"DE02", "7567", "56"} <= set(found) and "+1,321.56" not in found


def _text_image(text: str, size: int = 16) -> np.ndarray:
    image = Image.new("L", (520, 40), 250)
    ImageDraw.Draw(image).text((20, 10), text, font=font(size), fill=30)
    return np.asarray(image).copy()


def test_a_value_split_by_ocr_is_covered_to_the_end_of_its_ink():
    """OCR read "tracy.mo" and "ore@gonzales.com" as two words (a shadow, a cursor): the box
    still spans the whole address, and the label before it stays sharp."""
    image = _text_image("Email   tracy.moore@gonzales.com")
    detector = OcrDetector(load(None))
    try:
        words = detector.read(image)
        address = next(w for w in words if "@" in w.text)
        label = next(w for w in words if w.text.startswith("Email"))
        split = address.box.x1 + (address.box.x2 - address.box.x1) * 3 // 10
        words = [w for w in words if w is not address] + [
            Word("ore@gonzales.com", Box(split + 2, address.box.y1, address.box.x2, address.box.y2), address.line, 90.0)]
        [found] = [d for d in detector.find(words, image) if d.kind == "email"]
        assert found.box.x1 <= address.box.x1 and found.box.x2 >= address.box.x2
        assert found.box.x1 > label.box.x2
    finally:
        detector.close()


def test_an_iban_printed_in_groups_is_found_with_a_misread_country_code():
    assert ("iban", "DEG 1900 2037 1253 3758 39") in kinds("DEG 1900 2037 1253 3758 39")
    # A Dutch IBAN's bank code is letters; its check digits "15" read as "IS" or "S".
    for shown in ("NLIS RWEL 1477 8559 87", "NLS RWEL 1477 8559 87"):
        assert ("iban", shown) in kinds(shown), shown
    assert ("iban", "DE@2 0689 1568 9973 7567 56") in kinds("DE@2 0689 1568 9973 7567 56")  # 12 px monospace
    for look_alike in ("DE27 •••• •••• •••• 8588", "GB 743 6177 90", "RF32 6720 1050", "COBADEFFXXX"):
        assert kinds(look_alike) == set(), look_alike


@pytest.mark.parametrize("shown", ["pk_live_u2EMP6NW8ucPBcq594DCjQ04", "pk_Live_u2EMPGNWBucPBcq5940C}Q04",
                                   "pk_1ive_u2EMP6NW8ucPBcq594DCjQ04", "pk live_u2EMP6NW8ucPBcq594DCjQ04"])
def test_a_publishable_key_on_a_key_line_stays_sharp_and_a_secret_beside_it_does_not(shown):
    """Also as OCR misreads its prefix: a CI log's publishable key was blurred for 60 frames."""
    assert kinds("STRIPE_PUBLISHABLE_KEY=" + shown) == set()
    assert ("api_key", "sk_Live_KhTAncFz2kmMKGMyWAkw62pn") in kinds("STRIPE_SECRET_KEY=sk_Live_KhTAncFz2kmMKGMyWAkw62pn")
    assert ("secret", "zxcTrFAXVJbr9CRq2dhKydXoNPT2wXYNONiZE3FU") in kinds(
        "MY_TOKEN_VALUE=zxcTrFAXVJbr9CRq2dhKydXoNPT2wXYNONiZE3FU")


def test_the_password_in_a_url_is_found():
    text = "DATABASE_URL=postgres://app:jFGaWE!LcvAypm#eg2@db.internal:5432/prod"
    assert ("secret", "jFGaWE!LcvAypm#eg2") in kinds(text)
    assert kinds("curl https://deploy.acme-logistics.io/api/v2/releases") == set()


def test_a_tracking_number_is_not_a_card():
    assert kinds("Tracking 9400 1660 9000 2270 4425 51") == set()
    assert ("card", "4111 1111 1111 1111") in kinds("Card 4111 1111 1111 1111 exp 12/29")


def test_a_masked_value_beside_its_label_stays_sharp_but_a_masked_password_does_not():
    from blur.detect.rules.labels import LabelRule

    rule = LabelRule()
    for shown in (["***-**-7303"], ["*+**-7303", "Reveal"], ["****.7303", "Reveal"]):  # (as OCR reads the help desk's, and its button)
        ssn = _line(["SSN"], 100, 0, x=20) + _line(shown, 100, 1, x=200)
        assert list(rule.find(group_lines(ssn))) == [], shown
    password = _line(["Password"], 100, 0, x=20) + _line(["••••••••"], 100, 1, x=200)
    assert [kind for kind, _ in rule.find(group_lines(password))] == ["labelled"]


def test_the_last_line_of_a_wrapped_token_in_a_shell_command_is_covered():
    words = (_line(["-H", "'Authorization:", "Bearer", "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodH"], 100, 0, x=20)
             + _line(["zdWIiOiJ1c3JfakRVOUFWNnlINCIsImVtYWlsIjoibHRob21hc0Bob3RtYW"], 120, 1, x=20)
             + _line(["TYsImV4cCI6MTc0MTk5Njk5Mn0.T7gmzLvaYUzzo8oE8-EnT9X5gJ8wSMcoUn8ZJwmScoM'", "\\\\"], 140, 2, x=20))
    covered = {w for _, found in spans(words) for w in found}
    assert any(w.startswith("TYsImV4") for w in covered)


def test_a_wrapped_token_is_followed_past_words_that_ocr_boxed_two_lines_tall():
    """Tesseract gives some words of a dense monospace line a box two lines tall (the
    terminal recording's "eyJpc3Mi0i" and "joibHRob21hcOBob3Rt"): the line's own band, not
    those boxes, says which line is below; a misread "]" in the last line does not end it."""
    first = _line(["-H", "'Authorization:", "Bearer", "eyJhbGci0iJSUZI1NiIsInR5cCI6TkpXVCJ9.", "eyJpc3Mi0i",
                   "JodHRwcZovL2FAdGgucXVhenJSLWNpLmR1di8iLCJ"], 100, 0, x=20)
    middle = _line(["zdWIi0iJ4c3JfakRVOUFWNnLINCIsImVtYW1sI", "joibHRob21hcOBob3Rt", "YW1sLmNvbSIsImShbWUi0i",
                    "JMaWNhcyBUaG9tYXMiLCJpYXQi0jESNDIwMzI30"], 118, 1, x=20)
    last = _line(["TYsImV4cCIGMTCOMTKSN]k5MnO.", "T7gmzLvaYUzZ080E8", "-EnTOXSgJ8wSMcoUnSZJwmScoM'"], 136, 2, x=20)
    def tall(word: Word) -> Word:  # a box spanning this line and the next one
        return dataclasses.replace(word, box=Box(word.box.x1, word.box.y1 - 10, word.box.x2, word.box.y2 + 8))

    first[4], middle[1], middle[2] = tall(first[4]), tall(middle[1]), tall(middle[2])
    covered = {w for _, found in spans(first + middle + last) for w in found}
    assert {w.text for w in middle} <= covered
    assert "TYsImV4cCIGMTCOMTKSN]k5MnO." in covered


def test_a_wrapped_token_is_followed_past_a_short_piece_ocr_split_off_it():
    """The middle line read as "...YW1sI;" "03" "bHRob21h...": the two-character piece ended
    the token there, so its last line was never looked at (3 frames of a JWT's tail showed)."""
    first = _line(["-H", "'Authorization:", "Bearer", "eyJhbGci01ISUZI1NiIsInR5cCI6IkpXVCJ9."], 100, 0, x=20)
    middle = _line(["2dW1104J139fakRVOUFWNnLINCIsInVt", "YW1sI;", "03", "bHRob21hcOBob3RtYW1sLMNvbSIsImShbWULO3"],
                   118, 1, x=20, gap=3)
    last = _line(["'TYsImV4cCIGMTCONTKSN]", "k5MnO..", "T7gmzLvaYUzZ0B0ES", "-EnT9X5gJ8wSMcoUNSZJwmScoM'"],
                 136, 2, x=20, gap=3)
    covered = {w for _, found in spans(first + middle + last) for w in found}
    assert {w.text for w in middle + last} <= covered


def test_a_wrapped_token_is_covered_to_its_wrap_column_under_an_overlay():
    """A button laid over the end of a JWT's first line: OCR reads the line up to the button,
    the last characters beside it are read as nothing. The line wrapped, so it was full: its
    cover reaches the column the next lines reach (the CI log's "Jump to latest" button)."""
    first = _line(["-H", "'Authorization:", "Bearer", "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3Mi"], 100, 0, x=20)
    middle = _line(["zdWIiOiJ1c3JfakRVOUFWNnlINCIsImVtYWlsIjoibHRob21hc0Bob3RtYW1sLmNvbSIsImShbWUiOiJMdWNhcyBUaG9t"], 118, 1, x=20)
    last = _line(["TYsImV4cCI6MTc0MTk5Njk5Mn0.T7gmzLvaYUzzo8oE8'"], 136, 2, x=20)
    wrap_column = middle[-1].box.x2
    assert first[-1].box.x2 < wrap_column - 100  # the overlay hides the rest of the first line
    detector = OcrDetector(load(None))
    try:
        found = [d.box for d in detector.find(first + middle + last) if d.kind == "jwt"]
    finally:
        detector.close()
    top = [box for box in found if box.y1 < 110]
    assert top and max(box.x2 for box in top) >= wrap_column
    assert all(box.x1 >= first[2].box.x2 for box in top)  # "Bearer" stays sharp
    bottom = [box for box in found if box.y1 > 130]
    assert bottom and max(box.x2 for box in bottom) < wrap_column  # the last line does not fill


def test_the_next_entry_of_a_listing_is_not_taken_for_the_rest_of_a_token():
    """KEY=value lines of a .env listing one under the other: the line below a key starts an
    entry of its own (a release SHA, a look-alike), not the rest of the key above it."""
    words = (_line(["AUTH_TOKEN=eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodH"], 100, 0, x=20)
             + _line(["zdWIiOiJ1c3JfakRVOUFWNnlINCIsImVtYWlsIjoibHRob21hc0Bob3RtYW"], 116, 1, x=20)
             + _line(["SENTRY_RELEASE=05c9e4d183c84fead2ea7a296f5752c"], 132, 2, x=20))
    covered = {w for _, found in spans(words) for w in found}
    assert any(w.startswith("zdWIiOiJ") for w in covered)
    assert "SENTRY_RELEASE=05c9e4d183c84fead2ea7a296f5752c" not in covered


def test_a_city_line_whose_first_word_is_under_the_pointer_is_covered_whole():
    """The pointer over "East" of "East Teresaport, MI 69061": OCR reads "“ast" (or "uth" in a
    box as tall as the pointer for "South"), and the match began at the next word."""
    garbled = _line(["“ast", "Teresaport,", "MI", "69061"], 100, 0, gap=6)
    tall = _line(["uth", "Audreyshire,", "FL", "05932"], 200, 1, gap=6)
    tall[0] = dataclasses.replace(tall[0], box=Box(tall[0].box.x1, 195, tall[0].box.x2, 226))
    cut = _line(["rt", "Maryburgh,", "KY", "86669"], 300, 2, gap=6)  # "Port", its "Po" under the pointer
    found = spans(garbled + tall + cut, ("address",))
    assert ("address", ["“ast", "Teresaport,", "MI", "69061"]) in found
    assert ("address", ["uth", "Audreyshire,", "FL", "05932"]) in found
    assert ("address", ["rt", "Maryburgh,", "KY", "86669"]) in found
    # A plain word before the city, or a cell a column's gap away, stays sharp.
    plain = spans(_line(["in", "Springfield,", "IL", "62704"], 100, 0, gap=6)
                  + _line(["“ast", "Springfield,", "IL", "62704"], 200, 1, gap=40), ("address",))
    assert all(words[0] == "Springfield," for _, words in plain), plain


def test_an_address_cut_by_an_ellipsis_read_as_one_dot_is_an_email():
    # A narrow cell's "andrew.guzman.contractor@…": OCR reads the ellipsis as "." more often than not.
    assert ("email", "andrew.guzman.contractor@.") in kinds("andrew.guzman.contractor@.")
    assert ("email", "maria.k@exampl…") in kinds("Contact maria.k@exampl… (work)")
    for look_alike in ("root@host", "see @. here", "user@.com"):
        assert not any(kind == "email" for kind, _ in kinds(look_alike)), look_alike


def test_an_address_block_ends_at_the_row_another_label_marks():
    from blur.detect.rules.labels import LabelRule

    rule = LabelRule(names=True, addresses=True)
    words = (_line(["Address"], 100, 0, x=20) + _line(["1693", "Schmidt", "Cove"], 100, 1, x=200)
             + _line(["Annaland,", "GU", "90201"], 116, 2, x=200)
             + _line(["SSN"], 132, 3, x=20) + _line(["***-**-7303"], 132, 4, x=200))
    found = [[w.text for w in f] for _, f in rule.find(group_lines(words))]
    assert ["Annaland,", "GU", "90201"] in found
    assert ["***-**-7303"] not in found, found  # the SSN row's own label says it is masked


@pytest.mark.parametrize("text", ["699-36-3(R0", "699-36-36',)", "699-36-PR90", "SSN 699-36-3"])
def test_an_ssn_whose_last_digits_are_under_the_pointer_is_still_an_ssn(text):
    """The mouse pointer over the last group: OCR reads junk there, the first groups say what it is."""
    assert "ssn" in {kind for kind, _ in kinds(text)}


@pytest.mark.parametrize("text", ["2024-03-14", "INV-2025-02404", "***-**-6789", "910-701-6045", "666-12-3x", "v5.12.9"])
def test_ssn_look_alikes_stay_sharp(text):
    assert "ssn" not in {kind for kind, _ in kinds(text)}


@pytest.mark.parametrize("text", ["910-701-6045 ext. RE", "910-701-6045 ex. 53", "910-701-6045 xt. 53"])
def test_a_phone_extension_under_the_pointer_is_covered_with_the_number(text):
    """The pointer over the extension: OCR misreads its digits, or its marker ("ex." for "ext.")."""
    assert ("phone", text) in kinds(text)


@pytest.mark.parametrize("mono", [True, False])
@pytest.mark.parametrize("line", ["STRIPE_SECRET_KEY=sk_live_KhTAncFz2kmMKGMyWAkw62pnyJmW2Coe8z",
                                  "Email:lena.fischer@northwind-mail.com"])
def test_a_value_glued_to_its_name_is_covered_from_the_value_on(line, mono):
    """OCR reads "KEY=value" as one word: the cover starts near the value (the name stays
    readable), and the whole value is under it, in monospace and in a proportional font."""
    pil_font = font(15, mono=mono)
    image = Image.new("L", (760, 40), 250)
    ImageDraw.Draw(image).text((20, 10), line, font=pil_font, fill=30)
    gray = np.asarray(image).copy()
    name = line[: max(line.find("="), line.find(":")) + 1]
    value_x1 = 20 + pil_font.getlength(name)
    value_x2 = 20 + pil_font.getlength(line)
    detector = OcrDetector(load(None))
    try:
        found = [d for d in detector.find(detector.read(gray), gray) if d.kind in ("secret", "api_key", "email")]
    finally:
        detector.close()
    assert found
    assert min(d.box.x1 for d in found) <= value_x1 and max(d.box.x2 for d in found) >= value_x2
    assert min(d.box.x1 for d in found) >= 20 + 0.5 * pil_font.getlength(name), (found, value_x1)


def test_a_token_line_whose_middle_ocr_did_not_read_is_covered_to_its_end():
    """The second line of a JWT in a log, read as its first 40 characters and nothing after
    (the rest unread): its cover runs over the ink to the line's end, across the narrow
    glyphs ("Il", "1i") that stand further apart in monospace than a word space elsewhere."""
    line = "zdWIiOiJ1c3JfakRVOUFWNnlINCIsImVtYWlsIjoibHRob21hc0Bob3RtYWlsLmNvbSIsIm5hbWUiOiJMdWNhcyBUaG9tYXMiLCJpYXQiOjE3NDIwMzI3O"
    pil_font = font(12, mono=True)
    image = Image.new("L", (1100, 40), 17)
    ImageDraw.Draw(image).text((10, 12), line, font=pil_font, fill=220)
    gray = np.asarray(image).copy()
    read = line[:40]
    x1, y1, x2, y2 = ImageDraw.Draw(image).textbbox((10, 12), read, font=pil_font)
    above = Word("'Authorization:", Box(10, y1 - 18, 110, y2 - 18), (0,), 90.0)
    bearer = Word("eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodH", Box(120, y1 - 18, 1060, y2 - 18), (0,), 90.0)
    words = [above, bearer, Word(read, Box(x1, y1, x2, y2), (1,), 90.0)]
    detector = OcrDetector(load(None))
    try:
        found = [d.box for d in detector.find(words, gray) if d.kind == "jwt" and d.box.y2 > y1 + 4]
    finally:
        detector.close()
    end = 10 + pil_font.getlength(line)
    assert found and max(b.x2 for b in found) >= end, (found, end)


def test_a_tracking_number_read_as_two_lines_is_no_card():
    # "9400 1000 9000 2270" alone has a card's 4-4-4-4 grouping; the groups OCR read as
    # another line beside it make it a 22-digit parcel number.
    words = _line(["9400", "1000", "9000", "2270"], 100, 0, x=1129, gap=9) + _line(["4425", "51"], 100, 1, x=1129 + 4 * 41, gap=9)
    assert not [kind for kind, _ in spans(words, ("card",))]
    # Its next group read short ("3088" as "88", the "30" lost): further off than a space.
    words = (_line(["9480", "1660", "6800", "9525"], 100, 0, x=1129, char=7, gap=9)
             + [Word("88", Box(1286, 100, 1300, 114), (1,), 90.0), Word("31", Box(1310, 100, 1324, 114), (1,), 90.0)])
    assert not [kind for kind, _ in spans(words, ("card",))]
    # A real card stays a card whatever is beside it (a CVC, an expiry read as digits).
    words = _line(["4111", "1111", "1111", "1111"], 100, 0, x=100, gap=9) + _line(["1234", "567"], 100, 1, x=100 + 4 * 41, gap=9)
    assert [kind for kind, _ in spans(words, ("card",))] == ["card"]


def test_a_masked_ssn_read_with_its_asterisks_as_a_quote_stays_sharp():
    # "***-**-7303" at 12 px: OCR reads the mask as one double quote ('"7303').
    words = [Word("SSN", Box(1068, 182, 1093, 191), (0,), 90.0), Word('"7303', Box(1145, 182, 1208, 191), (0,), 90.0),
             Word("Reveal", Box(1215, 182, 1250, 191), (0,), 90.0)]
    detector = OcrDetector(load(None))
    try:
        assert detector.find(words) == []
        shown = [words[0], Word("123-45-7303", Box(1145, 182, 1208, 191), (0,), 90.0)]
        assert detector.find(shown)  # revealed: covered
    finally:
        detector.close()


def test_the_next_env_line_is_no_continuation_of_a_key_ending_its_line():
    """A key running to the end of its line is followed onto the next only by token fragments:
    "AWS_ACCESS_KEY_ID=..." starts a line of its own (its name stays sharp)."""
    words = (_line(["export", "STRIPE_SECRET_KEY=sk_live_KhTAncFz2kmMKGMyWAkw62pnyJmW2Coe8z"], 100, 0, x=20)
             + _line(["AWS_ACCESS_KEY_ID=AKIA7U3FJVWVQNGWNLOB"], 118, 1, x=20))
    covered = [text for _, found in spans(words, ("api_key", "secret")) for text in found]
    assert "AWS_ACCESS_KEY_ID=AKIA7U3FJVWVQNGWNLOB" not in covered
    assert "AKIA7U3FJVWVQNGWNLOB" in covered and "sk_live_KhTAncFz2kmMKGMyWAkw62pnyJmW2Coe8z" in covered


def test_the_next_env_line_is_no_continuation_when_ocr_misreads_its_name():
    """OCR reads the "AWS" of a dark log's .env lines as "AvS", "AlS" or "AUS": the line under
    a secret running to its line's end still starts an entry of its own. The words as tesseract
    read them from frame 303 of the dev set's CI log, the whole frame at once (its
    "AWS_REGION=eu-central-1" was taken for the rest of the secret above it), and a token's own
    next line is still followed whatever its letters."""
    read = [("12", (302, 247, 314, 256), 54), ("04", (324, 247, 337, 256), 55), ("498", (346, 247, 367, 256), 56),
            ("AlS_ACCESS_KEY_ID=AKIA7U3FJVWVQNGHNLOB", (376, 247, 661, 259), 57),
            ("12", (302, 265, 314, 274), 58), ("AUS_SECRET_ACCESS_KE", (376, 265, 525, 276), 59),
            ("-xeTr", (545, 255, 578, 283), 61), ("FAXVJbr", (582, 255, 629, 283), 61),
            ("9CRq2dhKydXoNPT2wXYNONZESFU", (632, 265, 840, 277), 61),
            ("12", (302, 283, 314, 292), 62), ("04", (324, 283, 337, 292), 63), ("04", (356, 283, 367, 292), 64),
            ("AvS_REGION=eu-central-1", (376, 283, 548, 294), 65)]
    words = [Word(text, Box(*box), (line,), 50.0) for text, box, line in read]
    found = OcrDetector(load("configs/default.yaml")).find(words)
    assert any(d.box.y1 < 270 < d.box.y2 for d in found), "the secret's line was not covered"
    assert not [d.box for d in found if d.box.y1 >= 280], "AWS_REGION=eu-central-1 was covered"
    token = (_line(["AUTH_TOKEN=eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJodH"], 200, 2, x=20)
             + _line(["Qx_ZdWIiOiJ1c3JfakRVOUFWNnlINCIsImVtYWlsIjoibHRob21hc0Bob3RtYW"], 216, 3, x=20))
    covered = [text for _, found in spans(token, ("jwt", "api_key", "secret")) for text in found]
    assert "Qx_ZdWIiOiJ1c3JfakRVOUFWNnlINCIsImVtYWlsIjoibHRob21hc0Bob3RtYW" in covered


def test_a_slack_token_ocr_misread_and_split_at_its_dashes_is_covered_whole():
    # 12.5 px monospace in a dark log: "xoxb-..." read as "(oxb-..." and split at its dashes.
    words = _line(["SLACK_BOT_TOKE!"], 100, 0, x=377) + _line(
        ["(oxb-81818224757", "-", "4045570946717", "-EkJYSLn&qkJJrXqj1Q3FANZA"], 100, 1, x=504, gap=1)
    found = spans(words, ("api_key",))
    assert found and found[0][1][0] == "(oxb-81818224757" and found[0][1][-1] == "-EkJYSLn&qkJJrXqj1Q3FANZA"


def test_an_env_name_read_apart_from_its_value_is_no_rest_of_the_token_above():
    """Frame 330 of the dev set's CI log, as tesseract read it: a GitHub token ends its row,
    and the next row's "SLACK_BOT_TOKEN=" came out as "SLACK_BOT_TOKE!", an OCR line of its own
    (the token after it another). The name was taken for the rest of the GitHub token and
    covered in every frame the log stood still; the tokens themselves stay covered."""
    read = [("GITHUB_TOKEN=ghp_HjziJdGoFJpfttqeZBgk9KOtDpjoPskKaqvZ", (377, 193, 773, 205), 0),
            ("SLACK_BOT_TOKE!", (377, 211, 480, 222), 1),
            ("(oxb-81818224757", (504, 211, 909, 223), 2), ("-", (618, 201, 624, 229), 2),
            ("4045570946717", (625, 201, 720, 229), 2), ("-EkJYSLn8qkJJrXqj1Q3F1NZA", (721, 211, 909, 223), 2)]
    words = [Word(text, Box(*box), (line,), 50.0) for text, box, line in read]
    covered = [text for _, found in spans(words, ("api_key", "secret")) for text in found]
    assert "SLACK_BOT_TOKE!" not in covered
    assert "ghp_HjziJdGoFJpfttqeZBgk9KOtDpjoPskKaqvZ" in covered and "-EkJYSLn8qkJJrXqj1Q3F1NZA" in covered


def test_a_value_read_apart_from_its_key_name_is_judged_with_the_name():
    """The same split on a .env row whose value has no shape of its own: "AWS_SECRET_ACCESS_KEY"
    and "=zxcTr..." read as two OCR lines. The name ends the token above it (it is no part of
    it), and the value is still found as the key's value, read with the line before it on its row."""
    words = (_line(["export", "STRIPE_SECRET_KEY=sk_live_KhTAncFz2kmMKGMyWAkw62pnyJmW2Coe8z"], 100, 0, x=20)
             + _line(["AWS_SECRET_ACCESS_KEY"], 118, 1, x=20)
             + _line(["=zxcTrFAXVJbr9CRq2dhKydXoNPT2wXYNONiZE3FU"], 118, 2, x=20 + 8 * 21 + 1))
    found = spans(words, ("api_key", "secret"))
    covered = [text for _, words_ in found for text in words_]
    assert "AWS_SECRET_ACCESS_KEY" not in covered
    assert any(kind == "secret" and "zxcTrFAXVJbr9CRq2dhKydXoNPT2wXYNONiZE3FU" in text
               for kind, texts in found for text in texts)


def test_a_value_its_line_gives_is_found_once_whatever_the_line_before_it():
    """The row's line before a value's line only adds values the line alone does not give:
    each found twice was two detections, and two tracks over one value."""
    value = ["API_TOKEN=Zx9QpL2mV7nR4tW8yB3cK6dF1gH5jS0a"]
    alone = spans(_line(value, 100, 1, x=120), ("secret",))
    beside = spans(_line(["export"], 100, 0, x=60) + _line(value, 100, 1, x=120), ("secret",))
    assert alone and sorted(beside) == sorted(alone)


def test_a_token_glued_to_its_name_is_covered_without_the_name():
    """A dark log in monospace: "SLACK_BOT_TOKEN=xoxb-..." is one run of ink, read as the name
    and the token (the "=" misread). The token's box grows over ink OCR did not read, but not
    back over the name, which was read whole."""
    image = Image.new("L", (1000, 60), 24)
    draw = ImageDraw.Draw(image)
    mono = font(14, mono=True)
    name, token = "SLACK_BOT_TOKEN=", "xoxb-81818224757-4045570946717-EkJYSLn8qkJJrXqj1Q3F1NZA"
    draw.text((20, 20), name + token, font=mono, fill=210)
    split = 20 + int(draw.textlength(name, font=mono))
    end = 20 + int(draw.textlength(name + token, font=mono))
    words = [Word("SLACK_BOT_TOKE!", Box(20, 22, split - 4, 36), (0,), 60.0),
             Word("(oxb-81818224757-4045570946717-EkJYSLn8qkJJrXqj1Q3F1NZA", Box(split + 6, 22, end, 36), (1,), 60.0)]
    detector = OcrDetector(load("configs/default.yaml"))
    try:
        found = detector.find(words, np.asarray(image).copy())
    finally:
        detector.close()
    char = mono.getlength("M")  # the name's "=" and a sliver of its last letter may be under the padding
    assert found and all(d.box.x1 >= split - 2 * char for d in found), [d.box for d in found]
    assert any(d.box.x1 <= split and d.box.x2 >= end for d in found)  # the whole token, its first letter too


def test_phone_groups_inside_a_longer_number_split_over_ocr_lines_are_no_phone():
    words = _line(["212", "555", "0123"], 100, 0, x=100, gap=9) + _line(["4425", "5100", "2233", "10"], 100, 1, x=207, gap=9)
    assert not [kind for kind, _ in spans(words, ("phone",))]
    # Written as a phone, it stays one whatever a neighbouring cell's groups add up to.
    words = _line(["+44", "20", "7447", "9085"], 100, 0, x=100, gap=9) + _line(["4425", "5100", "2233"], 100, 1, x=240, gap=9)
    assert [kind for kind, _ in spans(words, ("phone",))] == ["phone"]
    # Two numbers in a list stay two numbers, both covered.
    words = _line(["212", "555", "0123,"], 100, 0, x=100, gap=9) + _line(["646", "117", "0144"], 100, 1, x=215, gap=9)
    assert [kind for kind, _ in spans(words, ("phone",))].count("phone") >= 1
    covered = {t for _, found in spans(words, ("phone",)) for t in found}
    assert {"212", "0123,", "646", "0144"} <= covered


def test_a_header_row_read_as_separate_lines_is_no_label_above_a_field():
    """"Phone   SSN   Date of birth" over a table, each header read as a line of its own: a
    header row, whose columns' cells are their recognizers' to judge, not a form's label above
    one field (the first cell under each header was covered, and as rows scrolled under the
    header, every date of birth)."""
    words = (_line(["Phone"], 100, 0, x=100) + _line(["SSN"], 100, 1, x=300) + _line(["Date", "of", "birth"], 100, 2, x=500)
             + _line(["Engineering"], 100, 7, x=700)
             + _line(["7400", "1234"], 130, 3, x=100) + _line(["Legal"], 130, 4, x=700)
             + _line(["7400", "5678"], 160, 5, x=100) + _line(["Sales"], 160, 6, x=700))
    detector = OcrDetector(load(None))
    try:
        found = detector.find(words)
    finally:
        detector.close()
    assert not any(d.box.intersection(Box(100, 130, 164, 144)) for d in found if d.kind == "labelled"), found


def _assert_names_covered_and_tabs_sharp(words: list[Word], tabs: list[Word], names: list[str]) -> None:
    """Every name of the "Full name" column (a row each, from y 130, 30 px apart) is covered;
    no word of the sheet tabs below the grid is."""
    detector = OcrDetector(load(None))
    try:
        found = detector.find(words + tabs)
    finally:
        detector.close()
    for row in range(len(names)):
        cell = Box(100, 130 + 30 * row, 180, 144 + 30 * row)
        assert any(d.box.intersection(cell) for d in found), (names[row], found)
    assert not any(d.box.intersection(t.box) for d in found for t in tabs), found


def test_text_below_a_table_out_of_line_with_a_column_is_not_the_column_s_cell():
    """A spreadsheet's sheet tabs ("Roster", "Contractors") sit just below its last row, under
    the "Full name" column: they do not line up with its cells and are not names (they were
    covered for the whole recording). The column's own cells, lined up, still are covered."""
    names = ["Zq Vexlin", "Qorb Tann", "Xil Worrak", "Vosk Immel", "Jurn Pazzo"]  # no list knows them
    words = _line(["Full", "name"], 100, 0, x=100) + _line(["Department"], 100, 1, x=400) + _line(["Grade"], 100, 2, x=600)
    for row, name in enumerate(names):
        words += _line(name.split(), 130 + 30 * row, 3 + 3 * row, x=100)
        words += _line(["Finance"], 130 + 30 * row, 4 + 3 * row, x=400) + _line(["B2"], 130 + 30 * row, 5 + 3 * row, x=600)
    tabs = _line(["Roster"], 130 + 30 * len(names), 30, x=140) + _line(["Contractors"], 130 + 30 * len(names), 31, x=240)
    _assert_names_covered_and_tabs_sharp(words, tabs, names)


def test_a_value_glued_to_its_name_in_a_word_ocr_boxed_too_wide_is_covered_from_its_start():
    # Tesseract boxed "SLACK_BOT_TOKEN=xoxb-81818224757" over the words after it (377..909):
    # its own width per character would put the value's start 100 px too far right.
    words = [Word("SLACK_BOT_TOKEN=xoxb-81818224757", Box(377, 649, 909, 662), (0,), 90.0),
             Word("-4045570946717", Box(619, 640, 719, 669), (0,), 90.0),
             Word("-EkJYSLn8qkJJIrXqj1Q3FAWZA", Box(725, 649, 909, 662), (0,), 90.0)]
    matcher = LineMatcher(build_recognizers(["api_key"], ["US"]))
    found = [w for kind, ws in find_spans(group_lines(words), matcher) for w in ws]
    value_x1 = 377 + len("SLACK_BOT_TOKEN=") * 7.1  # the line's characters are 7.1 px wide
    assert found and min(w.box.x1 for w in found) <= value_x1, [(w.text, w.box) for w in found]


@pytest.mark.parametrize("parts, gap, kind", [
    (["AWS_ACCESS_KEY_ID=AKIA7U3F", "JVWVQNGWNLOB"], 4, "api_key"),  # split at the wide gap of "FJ"
    (["AWS_ACCESS_KEY_ID=AKIA7U3F", "JVWVQNGWNLOB"], 6, "api_key"),  # as read on the dev set's CI log
    (["ghp_HjziJdGoF", "JpfttqeZBgK9KOtDpj0P8kKaqVZ"], 3, "api_key"),
])
def test_a_token_ocr_split_at_a_gap_between_two_glyphs_is_found_whole(parts, gap, kind):
    """Tesseract splits a monospace token where two glyphs leave a wide gap ("F" "J": 4 px at
    7.4 px a character, half a space); neither half matches. Read once like that, the key
    showed while the line stayed on screen (measured on the dev set's CI log)."""
    words = _line(parts, 200, 0, char=7, gap=gap)
    found = OcrDetector(load("configs/default.yaml")).find(words)
    value = Box(words[0].box.x1 + 7 * (parts[0].index("=") + 1 if "=" in parts[0] else 0), 200,
                words[-1].box.x2, words[-1].box.y2)
    assert any(d.kind == kind and d.box.x1 <= value.x1 and d.box.x2 >= value.x2 for d in found), found
    # Most of the key's name before "=" stays sharp (its end may be covered: see _after_label).
    assert all(d.box.x1 >= words[0].box.x1 + 7 * parts[0].index("=") // 2 for d in found if "=" in parts[0])


def test_words_a_space_apart_are_not_glued_into_a_token():
    for parts in (["AWS_ACCESS_KEY_ID=AKIA7U3F", "JVWVQNGWNLOB"], ["Release", "v1.26.9", "rolled", "out"]):
        words = _line(parts, 200, 0, char=7, gap=9)  # a monospace space: more than a character
        found = OcrDetector(load("configs/default.yaml")).find(words)
        assert not any(d.kind == "api_key" for d in found), found


def test_cells_of_a_column_sliding_under_a_frozen_one_do_not_let_the_tabs_below_in():
    """In a diagonal scroll, the SSN column's cells slide under the frozen "Full name" column:
    its cells then line up at two x positions, names at one and SSN fragments at the other.
    Both groups are the column's; the sheet tabs just below the grid are not (no edge had
    60 % of the cells, so every cell counted and the tabs were covered as names)."""
    names = ["Zq Vexlin", "Qorb Tannerwell", "Xil Wo", "Vosk Immelbrand", "Jurn Pazzo", "Wert Oolanaki"]
    words = _line(["Full", "name"], 100, 0, x=100) + _line(["Department"], 100, 1, x=420) + _line(["Grade"], 100, 2, x=600)
    for row, name in enumerate(names):
        words += _line(name.split(), 130 + 30 * row, 3 + 3 * row, x=100)
        words += _line([f"{row}-57-48{row}8"], 130 + 30 * row, 4 + 3 * row, x=330)
    bottom = 130 + 30 * len(names)
    tabs = (_line(["Roster"], bottom, 40, x=127) + _line(["Contractors"], bottom, 41, x=194)
            + _line(["Lookups"], bottom, 42, x=300))
    _assert_names_covered_and_tabs_sharp(words, tabs, names)


def test_a_token_wrapped_over_lines_is_followed_past_words_ocr_read_twice_inside_it():
    """A bearer JWT wrapped over three lines of a dark CI log, as tesseract read them (a
    re-seeded variant of the dev set's CI log, frame 298): the middle line came out as the
    whole line and then two pieces of it again, inside its box ("[iwi", "bmFtZ..."). The token
    still ends that line in pixels, and its third line was left sharp for 39 frames."""
    read = [("-H", (330, 647, 344, 658), 0), ("‘Authorization:", (360, 647, 487, 660), 0),
            ("Bearer", (495, 647, 543, 658), 0), ("eyJhbGci01ISUZTANiIsInR5cCI6IkpXVCJ9.", (602, 647, 1260, 660), 0),
            ("2dW1101.I1c3)fRGOOVTRRY3JyYSIsImVtYW1sIjoi¥nJpYW4uYnVObGVyQHISYW4uY29t", (377, 665, 1260, 678), 1),
            ("[iwi", (895, 656, 923, 681), 1), ("bmFtZSI6IkJyaWFuIEJ1dGx1ciIsIm1hdCI6MTCOMTKSN", (925, 665, 1260, 678), 1),
            ("jkOMywiZXhwIjoxNzQyMDMyNTIAfQ.", (377, 683, 598, 696), 2),
            ("R4ATEXRIQ7gLqdwvFn3hqp-tDZuD9QJVyH-1mHOGFvdg'", (603, 681, 928, 698), 2), ("\\", (940, 684, 945, 693), 2)]
    words = [Word(text, Box(*box), (line,), 50.0) for text, box, line in read]
    covered = {text for _, found in spans(words, ("jwt", "secret")) for text in found}
    assert {"jkOMywiZXhwIjoxNzQyMDMyNTIAfQ.", "R4ATEXRIQ7gLqdwvFn3hqp-tDZuD9QJVyH-1mHOGFvdg'"} <= covered
    assert "‘Authorization:" not in covered


@pytest.mark.parametrize("name, value, kind", [
    # "GITHUB_TOKEN=gh" read as "GITHUB_TOKE!" and "p_...": a line of its own, its name's last letter lost
    ("GITHUB_TOKE!", "p_1p5VOOTqiSc360t4TrGYN6Piar7cLHDtXiPs", "secret"),
    ("CLIENT_SECRE!", "=Q2x7mW9pLk4Rt8Zb3Nv6Yc1Hd5Jf0Gs", "secret"),
])
def test_a_value_whose_key_name_ocr_cut_short_is_still_judged_by_it(name, value, kind):
    words = _line([name], 100, 0, x=20) + _line([value], 100, 1, x=20 + 8 * len(name) + 24)
    found = spans(words, ("api_key", "secret"))
    assert (kind, [value]) in found
    assert not any(name in texts for _, texts in found)


def test_an_aws_key_id_ocr_read_a_character_short_is_found_and_its_name_stays_sharp():
    # "3CVV" read as "SCW": 15 characters after "AKIA"
    assert ("api_key", "AKIASCWIBB6DS2SIBJH") in kinds("AvlS_ACCESS_KEY_ID=AKIASCWIBB6DS2SIBJH")
    assert ("secret", "AKIASCWIBB6DS2SIBJH") in kinds("AWS_ACCESS_KEY_ID=AKIASCWIBB6DS2SIBJH")
    for look_alike in ("AKIA", "AKIAS", "KAKIA3CVVIBB6DS2SIBJH7"):
        assert not {k for k, _ in kinds(look_alike)} & {"api_key"}, look_alike


def test_an_email_quoted_in_a_json_log_line_is_covered_without_the_fields_around_it():
    """A JSON response in a dark log, monospace, no spaces: '"created_by":"brian.butler@ryan.com",
    "image":"sha256:..."' is one run of ink. OCR read the e-mail glued to its key and closed by
    '",'; its cover took the key and every field after it to the line's end (the digest, a
    look-alike, was covered for 60 frames)."""
    image = Image.new("L", (1200, 60), 24)
    draw = ImageDraw.Draw(image)
    mono = font(13, mono=True)
    key, email, rest = '"created_by":"', 'brian.butler@ryan.com",', '"image":"sha256:9e4548a9b3afa315b4382bd88e98b656359d7b4e'
    draw.text((20, 20), key + email + rest, font=mono, fill=210)
    x = lambda text: 20 + int(draw.textlength(text, font=mono))
    words = [Word(key + email, Box(20, 22, x(key + email), 35), (0,), 60.0),
             Word('"image"', Box(x(key + email) + 4, 22, x(key + email + '"image"'), 35), (0,), 60.0),
             Word(':"sha256:', Box(x(key + email + '"image"') + 2, 22, x(key + email + '"image":"sha256:'), 35), (0,), 60.0),
             Word(rest[16:], Box(x(key + email + rest[:16]) + 2, 22, x(key + email + rest), 35), (0,), 60.0)]
    detector = OcrDetector(load("configs/default.yaml"))
    try:
        found = detector.find(words, np.asarray(image).copy())
    finally:
        detector.close()
    char = mono.getlength("M")
    value = Box(x(key), 22, x(key + email[:-2]), 35)
    assert any(d.box.contains(value) for d in found), [d.box for d in found]
    # The key's closing quote and colon may stay under the padding; its name, and the next field, not.
    assert all(d.box.x1 >= x('"created') and d.box.x2 <= x(key + email) + char for d in found), [d.box for d in found]


def test_a_publishable_key_read_apart_from_its_prefix_stays_sharp():
    # OCR lost the "_" after "pk_live" and misread a character: "pk_live" "AT@5wZSxzXomMKU4S2buiE1V"
    assert kinds("STRIPE_PUBLISHABLE_KEY=pk_live AT@5wZSxzXomMKU4S2buiE1V") == set()
    assert kinds("STRIPE_PUBLISHABLE_KEY=pk_live_ATG5wZSxzXomMKU4S2buiE1V") == set()


def test_an_email_column_s_cells_cut_by_an_ellipsis_before_the_at_are_covered():
    """A spreadsheet's "Work email" column, each cell read as a line of its own: a long address cut
    before its "@" ("alexander.harrison.contractor...") is no e-mail to the recognizer; under an
    e-mail column's header it is covered. Whole addresses are the recognizer's; other columns'
    cut cells, and a notes column's, stay sharp."""
    words = (_line(["Full", "name"], 200, 0, x=60) + _line(["Work", "email"], 200, 1, x=310)
             + _line(["Phone"], 200, 2, x=610) + _line(["Notes"], 200, 3, x=900))
    cells = [("Ruth Clark", "clark.r@gmail.com", "Prefers a call..."),
             ("Alexander Harrison", "alexander.harrison.contractor...", "Moved to the Denver offi…")]
    for r, (name, email, note) in enumerate(cells):
        y = 236 + 36 * r
        words += (_line(name.split(), y, 10 + 4 * r, x=60) + _line([email], y, 11 + 4 * r, x=310)
                  + _line(note.split(), y, 12 + 4 * r, x=900))
    detector = OcrDetector(load("configs/default.yaml"))
    try:
        found = detector.find(words)
    finally:
        detector.close()
    cut = next(w for w in words if w.text.startswith("alexander"))
    assert any(d.box.contains(cut.box) for d in found)
    notes = [w for w in words if w.box.x1 >= 900 and w.box.y1 > 200]
    assert not any(d.box.intersection(w.box) for d in found for w in notes)


def test_a_value_fading_in_is_covered_over_its_faint_rest_that_ocr_did_not_read():
    """A chat message fading in (a quarter of its opacity): OCR read "jacob.hernandez." of
    "jacob.hernandez.billing-"; the rest, as faint, is the value's ink all the same, though
    fainter than what counts as ink beside text at full strength."""
    image = Image.new("L", (700, 70), 242)
    draw = ImageDraw.Draw(image)
    sans = font(13)
    read, rest, domain = "jacob.hernandez.", "billing-", "department@hawkins.com"
    draw.text((20, 20), read + rest, font=sans, fill=200)  # 42 levels from the bubble at most
    draw.text((20, 39), domain, font=sans, fill=200)
    x = lambda text: 20 + int(draw.textlength(text, font=sans))
    words = [Word(read, Box(20, 22, x(read), 35), (1,), 60.0), Word(domain, Box(20, 41, x(domain), 54), (2,), 60.0)]
    detector = OcrDetector(load("configs/default.yaml"))
    try:
        found = detector.find(words, np.asarray(image).copy())
    finally:
        detector.close()
    assert any(d.box.contains(Box(20, 22, x(read + rest), 35)) for d in found), [d.box for d in found]


def test_the_log_line_after_a_wrapped_token_is_no_part_of_it_when_ocr_boxed_a_word_over_its_line():
    """Frame 332 of the dev set's CI log as tesseract read it: the JWT's last line starts with a
    word boxed over the whole line (530 px for 21 characters). Judged by that box the token ran
    to the line's end, and the next line ("-d '{"sha":...}'", indented) seemed to start under
    it: the request's body, a look-alike commit SHA, was covered for 40 frames."""
    read = [("-H", (408, 593, 420, 603), 0), ("‘Authorization:", (431, 593, 538, 603), 0), ("Bearer", (549, 593, 592, 603), 0),
            ("eyJhbGci01JSUZI1NiIsInR5cCI6IkpXVCJ9.", (602, 593, 1260, 606), 0), ("eyJpc3Mi01", (882, 584, 953, 612), 0),
            ("JodHRwcZ0vL2FAdGgucXVhenJSLWNpLMmRId184LCJ", (957, 593, 1260, 606), 0),
            ("2dW1404J1c3dfakRVOUFWNnLINCIsInVtYW1sI,", (377, 611, 660, 621), 1), ("03", (670, 602, 680, 631), 1),
            ("bHRob21hcOBob3Rt", (684, 611, 802, 621), 1), ("YW1sLMNvbSIsImShbNULO3", (805, 602, 966, 631), 1),
            ("JMAWNNcyBUAGOtYXMSLCIpYXQ40jESNDIWMZT3O", (972, 602, 1261, 631), 1),
            ("TYsImV4cCIGMTCONTKSN]", (376, 629, 906, 642), 2), ("k5MnO.", (535, 620, 578, 648), 2),
            ("T7gmzLvaYUzZ080ES", (584, 620, 704, 648), 2), ("-EnTOX5gJ8wSMCOUNSZJwmScoM'", (710, 629, 906, 642), 2),
            ("\\,", (917, 629, 923, 639), 2),
            ("-d", (408, 647, 420, 657), 3), ('\'{"\'sha":"05c9cdd183c84tea0Zeata2965752c7beadb175",', (431, 647, 913, 660), 3),
            ('"env":"prod"}"', (813, 638, 917, 665), 3)]
    words = [Word(text, Box(*box), (line,), 50.0) for text, box, line in read]
    covered = {text for _, found in spans(words, ("jwt", "secret")) for text in found}
    assert "-EnTOX5gJ8wSMCOUNSZJwmScoM'" in covered and "2dW1404J1c3dfakRVOUFWNnLINCIsInVtYW1sI," in covered
    assert "-d" not in covered and '"env":"prod"}"' not in covered


def test_an_env_name_read_with_stray_quotes_is_no_continuation_and_its_value_is_covered_from_its_start():
    """Frame 195 of the dev set's CI log, as tesseract read it: the secret's name came out as
    "‘AWS_SECRET_ACCESS_KE’" (stray marks around it) and was taken for the rest of the key id
    above it, name and all; its value was split at wide glyphs, the pattern matching only its
    long last part. The name stays sharp; the value is covered from its first fragment."""
    read = [("AWS_ACCESS_KEY_ID=AKIA7U3FJVWVQNGWNLOB", (376, 640, 661, 652), 0),
            ("‘AWS_SECRET_ACCESS_KE’", (376, 658, 525, 669), 1),
            ("-xcTr", (545, 649, 578, 673), 2), ("FAXVJbr", (583, 649, 630, 673), 2),
            ("9CRq2dhKydXoNPT2wXYNONAZE3FU", (632, 658, 840, 671), 2)]
    words = [Word(text, Box(*box), (line,), 50.0) for text, box, line in read]
    covered = {text for _, found in spans(words, ("api_key", "secret")) for text in found}
    assert "‘AWS_SECRET_ACCESS_KE’" not in covered
    assert {"-xcTr", "FAXVJbr", "9CRq2dhKydXoNPT2wXYNONAZE3FU", "AKIA7U3FJVWVQNGWNLOB"} <= covered


@pytest.mark.parametrize("text, emails", [
    ("DATABASE_URL=postgres://app:P0dXMX!5PXTfHp#nOd@db.internal:5432/prod", set()),
    ("ostgres: //app: POdXMX! SPXTTHp#inOd@db.. internal", set()),  # as OCR read it in a dark log
    ("https://x.io/invite?to=ann.k@northwind-mail.com", {"ann.k@northwind-mail.com"}),
    ("Docs at https://x.io/help or write to ann.k@northwind-mail.com", {"ann.k@northwind-mail.com"}),
])
def test_a_url_s_login_and_host_are_no_email_but_an_address_in_its_query_is(text, emails):
    """The "user@host" of a connection URL was covered as an e-mail (its password is a secret
    and covered as one), and a cover kept by its pixels stayed over the host for 200 frames."""
    assert {value for kind, value in kinds(text) if kind == "email"} == emails
    if "postgres" in text:
        assert any(kind == "secret" for kind, _ in kinds(text))


@pytest.mark.parametrize("text, value", [
    ("keith.mcdonald@marquez-m", "keith.mcdonald@marquez-m"),  # a cell's ellipsis lost by OCR
    ("ann@x.io", "ann@x.io"),
])
def test_an_email_cut_inside_its_domain_at_the_line_s_end_is_found_once(text, value):
    assert [v for k, v in kinds(text) if k == "email"] == [value]


@pytest.mark.parametrize("text", ["added lodash@4.17.21", "npm i core-js@3", "Pull complete @cibd9e8f3a4",
                                  "BUILD_ID=ad67T856-b93a-40c8-a2e0-7@ee9ab82194"])  # a UUID's "0" read as "@"
def test_package_versions_and_digests_are_no_email(text):
    assert not [v for k, v in kinds(text) if k == "email"]
