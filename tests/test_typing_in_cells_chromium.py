"""A value typed into a spreadsheet cell, the cell framed by its editor's border, is
covered from its first character (rendered frame by frame in Chromium).

A frame shows part of a typed value when its box's ink, up to the last inked
column, matches the finished value there. The editor's frame runs the whole
width of the box: taken for ink, it made every earlier frame "other text" and
the first letters of an e-mail showed for 6 frames on the dev set's spreadsheet.
"""

from __future__ import annotations

from chromium_pages import blurred_look_alikes, keep_folder, leaks_and_kinds, needs_chromium, render_and_blur

pytestmark = needs_chromium

WIDTH, HEIGHT, FRAMES = 900, 260, 100
EMAIL = "emma.lindqvist@northwind-mail.com"

PAGE = """<!doctype html><html><head><style>
 body { margin: 0; font: 15px "Liberation Sans", sans-serif; color: #202124; background: #fff; zoom: 1.5; }
 table { border-collapse: collapse; margin: 12px; table-layout: fixed; width: 520px; }
 td { border: 1px solid #e0e3e7; padding: 4px 8px; height: 20px; width: 100px; white-space: nowrap; overflow: hidden; }
 td.wide { width: 280px; }
 #cell { outline: 2px solid #1a73e8; outline-offset: -2px; }
 #caret { display: inline-block; width: 1px; height: 16px; background: #202124; vertical-align: -3px; }
</style></head><body>
<table>
 <tr><td data-neg="word">Sales</td><td data-neg="date">2024-03-14</td><td class="wide">Contact</td></tr>
 <tr><td data-neg="word">Finance</td><td data-neg="date">2024-06-25</td>
     <td class="wide" id="cell"><span id="typed" data-gt="email"></span><span id="caret"></span></td></tr>
 <tr><td data-neg="word">Legal</td><td data-neg="date">2024-08-27</td><td class="wide"></td></tr>
</table>
<script>
 const email = "EMAIL";
 window.__frame = n => {
   // The first letter at frame 10, a pause (the user looks up the address), then a letter
   // every 2 frames from frame 22; the caret blinks every 8 frames.
   const count = n < 10 ? 0 : n < 22 ? 1 : Math.min(email.length, 2 + Math.floor((n - 22) / 2));
   document.getElementById('typed').textContent = email.slice(0, count);
   document.getElementById('caret').style.visibility = Math.floor(n / 8) % 2 ? 'hidden' : 'visible';
 };
 window.__ready = true;
</script></body></html>""".replace("EMAIL", EMAIL)


def test_an_e_mail_typed_into_a_framed_cell_is_covered_from_its_first_letter(tmp_path_factory):
    folder = keep_folder(tmp_path_factory, "typing_in_cells")
    video, out, plan, truth = render_and_blur(folder, "typing_in_cells", PAGE, WIDTH, HEIGHT, FRAMES)
    leaks, seen, written = leaks_and_kinds(video, out, truth)
    assert written == FRAMES
    assert seen == {"email"}
    assert leaks == [], f"{len(leaks)} leaked element-frames, first {leaks[:3]}"
    blurred, shown = blurred_look_alikes(video, out, truth)
    assert shown and blurred == [], blurred[:3]
