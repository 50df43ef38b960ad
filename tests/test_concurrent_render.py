"""`redact` renders while it analyses; the result must be exactly what rendering the final plan gives."""

from __future__ import annotations

import numpy as np

from blur import redact
from blur.config import from_dict
from blur.render import render
from conftest import typed_form
from scenes import decode_frames, make_clip
from screens import scrolling_list


def _same_frames(a, b) -> bool:
    fa, ta = decode_frames(a)
    fb, tb = decode_frames(b)
    return ta == tb and len(fa) == len(fb) and all(np.array_equal(x, y) for x, y in zip(fa, fb))


def test_concurrent_render_equals_render_of_the_final_plan(tmp_path):
    # A short look-back makes boxes final (and handed to the render) long before the end.
    config = from_dict({"analysis": {"lookback": 1.0, "bridge_gap": 0.5}})
    items = typed_form(caret=True)
    items[1].first, items[3].first = 20, 90
    clip = make_clip(tmp_path / "typing.mp4", items, frames=240, audio=True)
    report = redact(clip.path, tmp_path / "live.mp4", config)
    render(clip.path, report.plan, tmp_path / "planned.mp4")
    assert _same_frames(tmp_path / "live.mp4", tmp_path / "planned.mp4")


def test_concurrent_render_equals_render_of_the_final_plan_while_scrolling(tmp_path):
    config = from_dict({"analysis": {"lookback": 0.5, "bridge_gap": 0.3, "max_transition": 0.2}})
    speeds = [0] * 10 + [4] * 40 + [0] * 20 + [12] * 20 + [0] * 30
    rec = scrolling_list(tmp_path / "scroll.mp4", speeds)
    report = redact(rec.path, tmp_path / "live.mp4", config)
    render(rec.path, report.plan, tmp_path / "planned.mp4")
    assert _same_frames(tmp_path / "live.mp4", tmp_path / "planned.mp4")
