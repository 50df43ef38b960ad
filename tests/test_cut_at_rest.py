"""A row left cut at a scrolling panel's edge when the panel stops stays covered, also
while a modal's backdrop dims the whole page (rendered frame by frame in Chromium).

The dimming changes every pixel, so the analysis reads the page again once it
settles, the cut row included: reading it where it is does not make it whole
(it was read as if it were, and a name leaked on the dev set's bank recording).
The cover of a cut line spans its ink, not the whole width of the panel row.
"""

from __future__ import annotations

from chromium_pages import leaks_and_kinds, keep_folder, needs_chromium, render_and_blur, truth_box

pytestmark = needs_chromium

WIDTH, HEIGHT, FRAMES = 640, 400, 56

PEOPLE = [("Jeanne Berg", "DE02 0089 1568 9973 7567 56"), ("Tonya Turner", "DE85 0117 3210 5736 6990 61"),
          ("Marek Nowak", "PL61 1090 1014 0000 0712 1981 2874"), ("Ines Duarte", "PT50 0002 0123 1234 5678 9015 4"),
          ("Lukas Brandt", "DE44 5001 0517 5407 3249 31"), ("Sofia Conti", "IT60 X054 2811 1010 0000 0123 456"),
          ("Jeanne Berg", "DE02 0089 1568 9973 7567 56"), ("Hanna Lind", "SE45 5000 0000 0583 9825 7466"),
          ("Paul Girard", "FR14 2004 1010 0505 0001 3M02 606")]

PAGE = """<!doctype html><html><head><style>
 body { margin: 0; font: 14px "Liberation Sans", sans-serif; color: #1d2433; background: #eef1ee; }
 #panel { position: absolute; left: 20px; top: 20px; width: 460px; height: 200px; overflow: hidden;
          background: #fff; border: 1px solid #d8dce3; border-radius: 10px; }
 #rows { position: absolute; left: 0; top: 0; width: 100%; }
 .row { height: 44px; position: relative; border-bottom: 1px solid #eef0f3; }
 .who { position: absolute; left: 110px; top: 6px; font-weight: bold; }
 .iban { position: absolute; left: 110px; top: 24px; font: 12px "DejaVu Sans Mono", monospace; color: #555; }
 .date { position: absolute; left: 14px; top: 14px; color: #6b7385; }
 .amt { position: absolute; right: 16px; top: 14px; color: #17803d; font-weight: bold; }
 #shade { position: absolute; inset: 0; background: #000; opacity: 0; }
 #modal { position: absolute; left: 150px; top: 250px; width: 340px; padding: 16px; background: #fff;
          border-radius: 8px; opacity: 0; }
</style></head><body>
<div id="panel"><div id="rows">ROWS</div></div>
<div id="shade"></div>
<div id="modal">Card details <span data-neg="masked">&bull;&bull;&bull;&bull; 0144</span></div>
<script>
 window.__frame = n => {
   // The panel scrolls 6 px a frame from frame 5 to 19, then rests with a row's name cut at its bottom edge.
   const y = 6 * Math.min(14, Math.max(0, n - 5)) + (n > 19 ? 1 : 0);
   document.getElementById('rows').style.transform = `translateY(${-y}px)`;
   // From frame 28 a backdrop dims the page over 10 frames and a modal fades in over it.
   const t = Math.min(1, Math.max(0, (n - 28) / 10));
   document.getElementById('shade').style.opacity = 0.4 * t;
   document.getElementById('modal').style.opacity = t;
 };
 window.__ready = true;
</script></body></html>"""


def _rows() -> str:
    return "".join(
        f'<div class="row"><span class="date">10.11.2023</span><span class="who" data-gt="name">{who}</span>'
        f'<span class="iban" data-gt="iban">{iban}</span><span class="amt" data-neg="amount">+1,321.56 &euro;</span></div>'
        for who, iban in PEOPLE)


def test_a_row_cut_at_a_resting_panel_s_edge_stays_covered_through_a_dimming_backdrop(tmp_path_factory):
    folder = keep_folder(tmp_path_factory, "cut_at_rest")
    video, out, plan, truth = render_and_blur(folder, "cut_at_rest", PAGE.replace("ROWS", _rows()), WIDTH, HEIGHT, FRAMES)
    # The page really does rest with a name cut at the panel's edge (the panel's bottom is at y=221).
    cut = [e for e in truth[-1] if e["kind"] == "name" and e["cut"]]
    assert cut, "the page no longer leaves a cut name at the panel's edge"
    leaks, seen, written = leaks_and_kinds(video, out, truth)
    assert written == FRAMES
    assert seen >= {"name", "iban"}
    assert leaks == [], f"{len(leaks)} leaked element-frames, first {leaks[:3]}"
    # The cut name's cover spans the name's ink, not the panel's row (date to amount).
    x1, y1, x2, y2 = truth_box(cut[0])
    covers = [b for t in plan.tracks if (b := t.box_at(FRAMES - 1)) is not None and b.y1 < y2 and y1 < b.y2 and b.x1 < x2 and x1 < b.x2]
    assert covers
    assert all(b.x1 >= x1 - 24 and b.x2 <= x2 + 24 for b in covers), (covers, (x1, y1, x2, y2))
