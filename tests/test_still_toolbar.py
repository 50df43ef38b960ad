"""A toolbar above a scrolling log, whose counter ticks while the log scrolls, stays sharp.

Rendered frame by frame in Chromium. The log scrolls back up (its content moves down,
new lines come in at its top edge, right under the toolbar) while the toolbar's
"N lines" counter changes in some of the same frames. The counter's change took the
toolbar into the scroll's span: its buttons were taken for a line scrolling in at the
view's edge and covered for 40 frames (the dev set's CI log). The toolbar did not move;
only its counter is read again, and the log's values stay covered all the way.
"""

from __future__ import annotations

import av
from chromium_pages import (blurred_look_alikes, keep_folder, leaks_and_kinds, log_lines, needs_chromium,
                            render_and_blur)

from blur import load_config
from blur.analysis.changes import changed_blocks, regions
from blur.analysis.motion import estimate
from blur.box import union_all

pytestmark = needs_chromium

WIDTH, HEIGHT, FRAMES = 800, 400, 36


PAGE = """<!doctype html><html><head><style>
 body { margin: 0; background: #1b1d24; color: #d5d9e0; font: 13px "DejaVu Sans", sans-serif; }
 #bar { position: absolute; left: 0; top: 0; width: 800px; height: 40px; display: flex; gap: 10px;
        align-items: center; padding: 0 12px; box-sizing: border-box; border-bottom: 1px solid #3a3f4b; }
 #bar span { border: 1px solid #4a505e; border-radius: 6px; padding: 4px 14px; }
 #search { width: 220px; color: #8a90a0; }
 #count { margin-left: auto; border: none !important; color: #7bd88f; }
 #view { position: absolute; left: 0; top: 41px; width: 800px; height: 359px; overflow: hidden; background: #101217; }
 #log { position: absolute; left: 12px; top: 0; will-change: transform; font-family: "DejaVu Sans Mono", monospace; }
 .l { height: 18px; line-height: 18px; white-space: pre; }
</style></head><body>
<div id="bar"><span id="search"><span data-neg="button" style="border: none; padding: 0">Search logs</span></span><span data-neg="button">Timestamps</span>
<span data-neg="button">Wrap</span><span data-neg="button">Raw</span><span id="count">paused · 60 lines</span></div>
<div id="view"><div id="log">LINES</div></div>
<script>
 const ease = t => 1 - Math.pow(1 - t, 3);
 window.__frame = n => {
   // Scrolled to the end, then back up by wheel notches of 54 px eased over 7 frames.
   let y = 60 * 18 - 359;
   for (const start of [4, 11, 18, 25]) y -= 54 * ease(Math.min(1, Math.max(0, (n - start) / 7)));
   document.getElementById('log').style.transform = `translateY(${(-y).toFixed(2)}px)`;
   // The counter ticks in frames the log is scrolling in.
   document.getElementById('count').textContent = `paused · ${60 + [6, 9, 13, 16, 20, 27].filter(f => n >= f).length} lines`;
 };
 window.__ready = true;
</script></body></html>"""


def test_a_toolbar_whose_counter_ticks_while_the_log_below_scrolls_stays_sharp(tmp_path_factory):
    folder = keep_folder(tmp_path_factory, "still_toolbar")
    html = PAGE.replace("LINES", log_lines(60, email_at=30, phone_at=35))
    video, out, plan, truth = render_and_blur(folder, "still_toolbar", html, WIDTH, HEIGHT, FRAMES)
    leaks, seen, written = leaks_and_kinds(video, out, truth)
    assert written == FRAMES
    assert seen >= {"email", "phone"}
    assert leaks == [], f"{len(leaks)} leaked element-frames, first {leaks[:3]}"
    blurred, shown = blurred_look_alikes(video, out, truth)
    assert shown >= 4 * FRAMES
    assert blurred == [], f"{len(blurred)} toolbar buttons blurred, first {blurred[:3]}"

    # The frames where the counter ticked as the log moved: the scroll's area is the log's
    # view (from y 41), not the toolbar above it too.
    with av.open(str(video)) as container:
        luma = [f.to_ndarray(format="gray") for f in container.decode(video=0)]
    threshold = load_config().analysis.change_threshold
    for n in (9, 16, 20, 27):
        changed = union_all(regions(changed_blocks(luma[n], luma[n - 1], threshold), WIDTH, HEIGHT))
        assert changed is not None and changed.y1 < 40, n  # the counter changed too
        motion = estimate(luma[n - 1], luma[n], changed, threshold)
        assert motion is not None and motion.dy > 0, n
        assert motion.area.y1 >= 40, (n, motion)
