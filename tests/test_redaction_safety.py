"""The redaction carries no information about what it hides (non-interference).

Two clips identical except for the secret digits, rendered with the same plan,
must give bit-identical output. A Gaussian blur of the original fails this by
construction; every method offered as safe must pass it.
"""

from __future__ import annotations

import numpy as np
import pytest

from blur import Plan, load_config
from blur.analyze import analyze
from blur.box import Box
from blur.config import from_dict
from blur.redact import Redactor
from blur.render import render
from scenes import Item, decode_frames, draw_frame, make_clip

PIN_A, PIN_B = "4716 0392 8815 2047", "5289 6671 0034 9158"


def _items(secret: str) -> list[Item]:
    return [Item("Card number", 60, 120, 18), Item(secret, 220, 120, 18, sensitive=True),
            Item("Thanks for your order", 60, 180, 18)]


def _packed(secret: str) -> np.ndarray:
    import av

    frame = av.VideoFrame.from_image(draw_frame(640, 360, _items(secret), 0)).reformat(format="yuv420p")
    return frame.to_ndarray()


@pytest.mark.parametrize("method", ["smooth", "fill", "pixelate"])
def test_safe_methods_do_not_depend_on_hidden_pixels(method):
    config = from_dict({"redaction": {"method": method}}).redaction
    box = Box(*Item(PIN_A, 220, 120, 18).box(0)).pad(8, 6)
    a, b = _packed(PIN_A), _packed(PIN_B)
    assert not np.array_equal(a, b)
    Redactor(config, 640, 360).apply(a, [box])
    Redactor(config, 640, 360).apply(b, [box])
    assert np.array_equal(a, b)


def test_gaussian_opt_in_does_depend_on_hidden_pixels():
    """The control: proves the test above can fail."""
    config = from_dict({"redaction": {"method": "gaussian"}}).redaction
    box = Box(*Item(PIN_A, 220, 120, 18).box(0)).pad(8, 6)
    a, b = _packed(PIN_A), _packed(PIN_B)
    Redactor(config, 640, 360).apply(a, [box])
    Redactor(config, 640, 360).apply(b, [box])
    assert not np.array_equal(a, b)


def test_overlapping_boxes_do_not_sample_each_other():
    """A box's fill colour must not come from another box's unredacted pixels."""
    config = from_dict({}).redaction
    left = Box(*Item(PIN_A, 220, 120, 18).box(0)).pad(8, 6)
    boxes = [Box(left.x1, left.y1, left.x1 + 60, left.y2), Box(left.x1 + 60, left.y1, left.x2, left.y2)]
    a, b = _packed(PIN_A), _packed(PIN_B)
    Redactor(config, 640, 360).apply(a, boxes)
    Redactor(config, 640, 360).apply(b, boxes)
    assert np.array_equal(a, b)


def test_end_to_end_outputs_identical_for_different_secrets(tmp_path):
    """Lossless sources differing only in the secret -> identical decoded outputs."""
    src_a = make_clip(tmp_path / "a.mp4", _items(PIN_A), width=640, height=360, frames=10, crf=0, audio=False)
    src_b = make_clip(tmp_path / "b.mp4", _items(PIN_B), width=640, height=360, frames=10, crf=0, audio=False)
    plan = analyze(src_a.path, load_config())
    assert plan.stats.tracks_by_kind == {"card": 1, "labelled": 1}
    render(src_a.path, plan, tmp_path / "a.out.mp4")
    # Same plan over clip B: only the video's hash differs.
    plan_b = Plan.model_validate(plan.model_dump())
    from blur.io.reader import file_sha256

    plan_b.video.sha256 = file_sha256(src_b.path)
    render(src_b.path, plan_b, tmp_path / "b.out.mp4")
    out_a, _ = decode_frames(tmp_path / "a.out.mp4")
    out_b, _ = decode_frames(tmp_path / "b.out.mp4")
    assert len(out_a) == len(out_b) == 10
    for fa, fb in zip(out_a, out_b):
        assert np.array_equal(fa, fb)


@pytest.mark.parametrize("method", ["smooth", "gaussian"])
def test_reused_redaction_equals_a_fresh_one(method):
    """A still frame reuses an earlier frame's redaction (recorded once the boxes stayed put for a
    frame); any change within a box's reach recomputes it."""
    config = from_dict({"redaction": {"method": method}}).redaction
    box = Box(*Item(PIN_A, 220, 120, 18).box(0)).pad(8, 6)
    original = _packed(PIN_A)
    redactor = Redactor(config, 640, 360)

    def fresh(packed: np.ndarray) -> np.ndarray:
        out = packed.copy()
        Redactor(config, 640, 360).apply(out, [box])
        return out

    first = original.copy()
    redactor.apply(first, [box])
    second = original.copy()
    redactor.apply(second, [box])  # the same boxes again: computed, and recorded for the next
    assert redactor.reused == 0 and np.array_equal(second, first)
    again = original.copy()
    redactor.apply(again, [box])
    assert redactor.reused == 1
    assert np.array_equal(again, first) and np.array_equal(again, fresh(original))
    # The surroundings (where the fill colour comes from), one pixel inside the box.
    dark = original.copy()
    ring = box.pad(12, 12)
    dark[ring.y1 : ring.y2, ring.x1 : ring.x2] = 40
    dark[box.y1 : box.y2, box.x1 : box.x2] = original[box.y1 : box.y2, box.x1 : box.x2]
    speck = original.copy()
    speck[box.y1 + 3, box.x1 + 3] = 255 - speck[box.y1 + 3, box.x1 + 3]
    for changed in (dark, speck):
        out = changed.copy()
        redactor.apply(out, [box])
        assert np.array_equal(out, fresh(changed))
    assert not np.array_equal(fresh(dark), first)
    assert redactor.reused == 1
    # Other boxes: computed, not pasted.
    moved = original.copy()
    redactor.apply(moved, [box.translate(4, 0)])
    assert redactor.reused == 1
    assert not np.array_equal(moved, first)


def test_a_cover_over_an_empty_stretch_changes_nothing_and_faint_ink_under_one_is_painted_flat():
    """A cover that waits where a line will scroll in, or stays a moment after its value left,
    lies on empty page: it gets the flat surrounding colour and no placeholder stroke (a grey
    bar drawn on an empty terminal was blur where nothing was). Faint ink under such a cover
    (a value fading in) is painted flat all the same."""
    config = from_dict({}).redaction
    page = np.full((360, 640), 17, np.uint8)
    packed = np.concatenate([page, np.full((180, 640), 128, np.uint8)])  # yuv420p: luma, then chroma
    box = Box(200, 300, 330, 318)
    empty = packed.copy()
    Redactor(config, 640, 360).apply(empty, [box])
    assert np.array_equal(empty, packed)
    faint = packed.copy()
    faint[304:314, 210:320:3] = 27  # ink 10 levels above the page
    Redactor(config, 640, 360).apply(faint, [box])
    assert np.array_equal(faint[:360], page)
    inked = packed.copy()
    inked[304:314, 210:320:3] = 200
    Redactor(config, 640, 360).apply(inked, [box])
    assert not np.array_equal(inked[:360], page) and inked[300:318, 200:330].max() < 200  # covered, as a stroke
