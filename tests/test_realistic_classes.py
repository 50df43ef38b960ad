"""The failure classes of real web-app recordings, on a page rendered frame by frame in Chromium.

One scripted support-desk page (DejaVu/Liberation fonts, anti-aliasing, a
scrolling panel, a message sliding and fading in, a narrow chat bubble that
wraps an address, an ellipsis cell, a password typed into a field, a CVC
labelled "CID", phone numbers libphonenumber calls invalid) is screenshotted
in every frame; ground truth (each sensitive value's and each plain
look-alike's tight text box, clipped by its scrolling panel) is measured
from the DOM by the test itself. Every sensitive value must be covered in
every frame it shows (its whole box inside the plan's boxes, its ink gone),
and the plain look-alikes next to them must stay sharp, except while a
scrolling panel's edge cuts them (covered until read whole: fail closed).
"""

from __future__ import annotations

import pytest

from chromium_pages import blurred_look_alikes, keep_folder, leaks_and_kinds, needs_chromium, render_and_blur

pytestmark = needs_chromium

WIDTH, HEIGHT, FRAMES = 960, 540, 96

ROWS = [
    ("Dana Whitfield", "(212) 155-0123", "phone"), ("Order ORD-771203", "2024-03-14", None),
    ("Marc Oyelaran", "303.155.0199", "phone"), ("Benefits line", "1-800-555-0175", None),
    ("Priya Raman", "+1 123-456-7890", "phone"), ("Invoice INV-2025-02404", "$38.00", None),
    ("Tom Becker", "DE89 3704 0044 0532 0130 00", "iban"), ("Release", "v5.12.9", None),
    ("Lena Fischer", "lena.fischer@northwind-mail.com", "email"), ("Ticket #48228", "Jan 20, 2025", None),
    ("Omar Haddad", "(646) 117-0144", "phone"), ("Support", "0800 100 2000", None),
]

PAGE = """<!doctype html><html><head><style>
 body { margin: 0; font: 14px "DejaVu Sans", sans-serif; color: #1d2433; background: #f4f5f7; }
 .panel { position: absolute; background: #fff; border: 1px solid #d8dce3; border-radius: 6px; }
 #list { left: 16px; top: 16px; width: 430px; height: 236px; overflow: hidden; }
 #rows { position: absolute; left: 0; top: 0; width: 100%; }
 .row { height: 38px; display: flex; align-items: center; padding: 0 12px; border-bottom: 1px solid #eef0f3; }
 .row .who { width: 170px; color: #6b7385; }
 #thread { left: 470px; top: 16px; width: 470px; height: 330px; overflow: hidden; }
 .msg { position: absolute; left: 14px; background: #eef2ff; border-radius: 10px; padding: 8px 12px;
        font: 13px "Liberation Sans", sans-serif; }
 #bubble { top: 14px; width: 150px; overflow-wrap: anywhere; }
 #slide { top: 150px; width: 420px; opacity: 0; }
 #cell { left: 16px; top: 270px; width: 220px; padding: 10px; white-space: nowrap; overflow: hidden;
         text-overflow: ellipsis; font: 13px "DejaVu Sans", sans-serif; }
 #form { left: 16px; top: 330px; width: 430px; height: 180px; padding: 14px; box-sizing: border-box; }
 label { display: block; color: #6b7385; font-size: 12px; margin-top: 8px; }
 input { font: 15px "DejaVu Sans Mono", monospace; border: 1px solid #c5cad3; border-radius: 4px;
         padding: 5px 8px; width: 220px; }
 #dark { left: 470px; top: 370px; width: 470px; height: 140px; background: #1e2230; color: #d8deea;
         font: 12px "Liberation Mono", monospace; padding: 10px; box-sizing: border-box; border: 0; }
</style></head><body>
<div class="panel" id="list"><div id="rows">ROWS</div></div>
<div class="panel" id="thread">
  <div class="msg" id="bubble">Please send both receipts to
    <span data-gt="email">tracy.moore.billing-department@conner.biz</span> thanks</div>
  <div class="msg" id="slide">It was my Visa <span data-gt="card">4493-2605-5087-8413</span>,
    order <span data-neg="order">ORD-998257</span></div>
</div>
<div class="panel" id="cell">Contact: <span data-gt="email">maria.kowalczyk@examplecorp.com</span></div>
<div class="panel" id="form">
  <label>Password</label><input id="pw" type="password" data-gt="password" value="">
  <label>CID</label><input id="cid" data-gt="cvc" value="" style="width: 80px">
  <label>Promo code</label><input id="promo" data-neg="promo" value="PLUM20" style="width: 120px">
</div>
<div class="panel" id="dark">export STRIPE_PUBLISHABLE_KEY=<span data-neg="pk">pk_live_u2EMP6NW8ucPBcq594DCjQ04</span><br>
DATABASE_URL=postgres://app:<span data-gt="password">jFGaWE!LcvAypm#eg2</span>@db.internal:5432/prod<br>
commit <span data-neg="sha">05c9c4d183c84fea02eafa296f5752c7bea4b175</span></div>
<script>
 const ease = t => 1 - Math.pow(1 - Math.min(1, Math.max(0, t)), 3);
 const PW = "p6rI-o3xa!82", CID = "7041";
 window.__frame = n => {
   // The list scrolls 6 px a frame from frame 8 to 40 and stops with a row cut at its edge.
   const y = 6 * Math.min(32, Math.max(0, n - 8)) + (n > 40 ? 5 : 0);
   document.getElementById('rows').style.transform = `translateY(${-y}px)`;
   // A message slides up 40 px and fades in over 8 frames from frame 30.
   const t = ease((n - 30) / 8);
   const slide = document.getElementById('slide');
   slide.style.opacity = n < 30 ? 0 : t;
   slide.style.transform = `translateY(${(1 - t) * 40}px)`;
   // A password, then a CID, typed one character every 3 frames from frame 50.
   document.getElementById('pw').value = PW.slice(0, Math.max(0, Math.floor((n - 50) / 3)));
   document.getElementById('cid').value = CID.slice(0, Math.max(0, Math.floor((n - 80) / 3)));
 };
 window.__ready = true;
</script></body></html>"""


def _rows_html() -> str:
    html = []
    for who, value, kind in ROWS:
        mark = f'data-gt="{kind}"' if kind else 'data-neg="lookalike"'
        html.append(f'<div class="row"><span class="who">{who}</span><span {mark}>{value}</span></div>')
    return "".join(html)


@pytest.fixture(scope="module")
def recording(tmp_path_factory):
    folder = keep_folder(tmp_path_factory, "realistic")
    return render_and_blur(folder, "desk", PAGE.replace("ROWS", _rows_html()), WIDTH, HEIGHT, FRAMES)


def test_every_sensitive_value_is_covered_in_every_frame(recording):
    video, out, _, truth = recording
    leaks, seen, written = leaks_and_kinds(video, out, truth)
    assert written == FRAMES
    assert seen == {"phone", "iban", "email", "card", "password", "cvc"}
    by_kind: dict[str, int] = {}
    for _, kind, _ in leaks:
        by_kind[kind] = by_kind.get(kind, 0) + 1
    assert leaks == [], f"{len(leaks)} leaked element-frames {by_kind}, first {leaks[:3]}, last {leaks[-3:]}"


def test_plain_look_alikes_beside_them_stay_sharp(recording):
    """Toll-free numbers, dates, order numbers, a publishable key, a commit SHA, a promo code:
    their strokes are in the output as they were (a cover's padding may touch their line box)."""
    video, out, _, truth = recording
    blurred, shown = blurred_look_alikes(video, out, truth)
    # The dev set's bar is 5 %; a new value found as a panel stops scrolling is covered
    # from a little before it was read (hold_before), which can touch the row beside it.
    assert len(blurred) <= 0.02 * shown, f"{len(blurred)} of {shown} look-alike frames blurred: {blurred[:5]}"
