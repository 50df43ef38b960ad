"""Names and addresses on a CRM page rendered frame by frame in Chromium.

A customer table (names, "City, ST ZIP" lines, plans) scrolls in its panel;
a chat greets a customer by first name, quotes a one-line address and is
signed by an agent; a "Ship to" block holds a name and a street no list
knows (only its label marks them); a hover card with an owner's name fades
in. Every name and address must be covered in every frame it shows, and the
look-alikes beside them (plans, "Grace period", "Jordan 4 Retro", months,
order numbers) must stay sharp.
"""

from __future__ import annotations

import pytest

from chromium_pages import blurred_look_alikes, keep_folder, leaks_and_kinds, needs_chromium, render_and_blur

pytestmark = needs_chromium

WIDTH, HEIGHT, FRAMES = 960, 540, 60

CUSTOMERS = [
    ("Megan Alvarez", "Springfield, IL 62704", "Starter"), ("Laura Pike", "Columbus, OH 43004", "Sales"),
    ("Dennis Boone", "Portland, OR 97201", "Pro"), ("Kathryn Scott", "Austin, TX 78701", "Team"),
    ("Tyler Cole", "Denver, CO 80202", "Starter"), ("Denise Kramer", "Madison, WI 53703", "Enterprise"),
    ("Clifford Johnson", "Boise, ID 83702", "Pro"), ("Mary Reynolds", "Tampa, FL 33602", "Starter"),
]

PAGE = """<!doctype html><html><head><style>
 body { margin: 0; font: 14px "DejaVu Sans", sans-serif; color: #1d2433; background: #f4f5f7; }
 .panel { position: absolute; background: #fff; border: 1px solid #d8dce3; border-radius: 6px; }
 #table { left: 16px; top: 16px; width: 470px; height: 250px; overflow: hidden; }
 #head { height: 34px; display: flex; align-items: center; padding: 0 12px; color: #6b7385; font-size: 12px;
         border-bottom: 1px solid #d8dce3; background: #fafbfc; }
 #view { position: absolute; left: 0; top: 35px; bottom: 0; width: 100%; overflow: hidden; }
 #rows { position: absolute; left: 0; top: 0; width: 100%; }
 .row { height: 36px; display: flex; align-items: center; padding: 0 12px; border-bottom: 1px solid #eef0f3; }
 .c1 { width: 170px; } .c2 { width: 200px; color: #4b5363; } .c3 { color: #6b7385; }
 #chat { left: 510px; top: 16px; width: 430px; height: 250px; font: 13px "Liberation Sans", sans-serif; }
 .msg { margin: 12px; background: #eef2ff; border-radius: 10px; padding: 8px 12px; }
 #ship { left: 16px; top: 290px; width: 300px; height: 130px; padding: 12px; box-sizing: border-box; }
 .k { color: #6b7385; font-size: 12px; margin-bottom: 4px; }
 #notes { left: 340px; top: 290px; width: 600px; height: 130px; padding: 12px; box-sizing: border-box;
          background: #1e2230; color: #d8deea; border: 0; font: 13px "Liberation Sans", sans-serif; }
 #card { left: 600px; top: 440px; width: 300px; padding: 10px 14px; box-shadow: 0 4px 16px #0003; opacity: 0; }
</style></head><body>
<div class="panel" id="table"><div id="head"><span class="c1">Name</span><span class="c2">City</span>
  <span class="c3">Plan</span></div><div id="view"><div id="rows">ROWS</div></div></div>
<div class="panel" id="chat">
  <div class="msg">Hi <span data-gt="name">Megan</span>, your parcel went to
    <span data-gt="address">221B Baker Street</span>, London <span data-gt="address">NW1 6XE</span>.</div>
  <div class="msg"><span data-neg="plain">Grace period ends March 31</span> for your order
    <span data-neg="order">ORD-771203</span>.</div>
  <div class="msg">Thanks, <span data-gt="name">Laura Pike</span></div>
</div>
<div class="panel" id="ship"><div class="k">Ship to</div>
  <div data-gt="name">Ximena Quorbel</div>
  <div data-gt="address">Flat 3 Riverside Mews</div>
  <div data-gt="address">Tobermory</div></div>
<div class="panel" id="notes">
  <div><span data-neg="product">Jordan 4 Retro</span> restock moved to <span data-neg="date">June 2025</span></div>
  <div>Assigned to <span data-gt="name">Dennis Boone</span> · queue <span data-neg="queue">Customer Success</span></div>
  <div>Return label for <span data-gt="address">1042 Maple Grove Suite 12</span></div>
</div>
<div class="panel" id="card">Account owner: <span data-gt="name">Kathryn Scott</span></div>
<script>
 window.__frame = n => {
   // The table scrolls 4 px a frame from frame 10 to 30 and stops with a row cut at its edge.
   const y = 4 * Math.min(20, Math.max(0, n - 10));
   document.getElementById('rows').style.transform = `translateY(${-y}px)`;
   // A hover card fades in over 6 frames from frame 36.
   document.getElementById('card').style.opacity = Math.min(1, Math.max(0, (n - 36) / 6));
 };
 window.__ready = true;
</script></body></html>"""


def _rows_html() -> str:
    return "".join(
        f'<div class="row"><span class="c1" data-gt="name">{name}</span><span class="c2" data-gt="address">{city}</span>'
        f'<span class="c3" data-neg="plan">{plan}</span></div>'
        for name, city, plan in CUSTOMERS
    )


@pytest.fixture(scope="module")
def recording(tmp_path_factory):
    folder = keep_folder(tmp_path_factory, "people")
    return render_and_blur(folder, "crm", PAGE.replace("ROWS", _rows_html()), WIDTH, HEIGHT, FRAMES)


def test_every_name_and_address_is_covered_in_every_frame(recording):
    video, out, _, truth = recording
    leaks, seen, written = leaks_and_kinds(video, out, truth)
    assert written == FRAMES
    assert seen == {"name", "address"}
    assert leaks == [], f"{len(leaks)} leaked element-frames, first {leaks[:4]}"


def test_plans_products_and_months_stay_sharp(recording):
    video, out, _, truth = recording
    blurred, shown = blurred_look_alikes(video, out, truth)
    assert len(blurred) <= 0.02 * shown, f"{len(blurred)} of {shown} look-alike frames blurred: {blurred[:5]}"
