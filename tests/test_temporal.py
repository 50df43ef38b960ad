"""Values being typed or still partly shown are covered in every frame, not just once complete."""

from __future__ import annotations

from blur import load_config, redact
from conftest import typed_form
from helpers import covered, ink_left, plan_boxes
from scenes import Item, decode_frames, make_clip


def _leak_frames(clip, report) -> list[int]:
    before, _ = decode_frames(clip.path)
    after, _ = decode_frames(report.output)
    leaks = []
    for i in range(clip.frames):
        for gt in clip.sensitive_boxes(i):
            if not covered(gt, plan_boxes(report.plan, i)) or ink_left(before[i], after[i], gt) > 0.02:
                leaks.append(i)
    return leaks


def test_typed_value_is_covered_from_its_first_character(tmp_path):
    items = typed_form()
    clip = make_clip(tmp_path / "typing.mp4", items, frames=130, audio=False)
    report = redact(clip.path, tmp_path / "out.mp4", load_config())
    assert _leak_frames(clip, report) == []
    # The plain line is never covered.
    plain = items[-1].box(0)
    assert all(not covered(plain, plan_boxes(report.plan, i)) for i in range(clip.frames))


def test_value_being_deleted_stays_covered(tmp_path):
    """Backspacing: "jane.roe@example.com" -> "jane.roe@exam..." no longer matches, still secret."""
    full = "jane.roe@example.com"
    items = [Item("Email", 60, 120, 18), Item(full, 200, 120, 18, first=0, last=29, sensitive=True)]
    # Deleting one character every 2 frames from frame 30 on.
    for n in range(1, len(full)):
        items.append(Item(full[: len(full) - n], 200, 120, 18, first=28 + 2 * n, last=29 + 2 * n, sensitive=True))
    clip = make_clip(tmp_path / "delete.mp4", items, frames=30 + 2 * len(full), audio=False)
    report = redact(clip.path, tmp_path / "out.mp4", load_config())
    assert _leak_frames(clip, report) == []


def test_other_content_at_the_same_place_is_not_covered_after_hold(tmp_path):
    """When the field shows different text later, the track ends (plus hold) instead of lingering."""
    items = [
        Item("Email", 60, 120, 18),
        Item("jane.roe@example.com", 200, 120, 18, last=29, sensitive=True),
        Item("Thank you for your message", 200, 120, 18, first=30),
    ]
    clip = make_clip(tmp_path / "switch.mp4", items, frames=60, audio=False)
    report = redact(clip.path, tmp_path / "out.mp4", load_config())
    assert _leak_frames(clip, report) == []
    hold = round(load_config().analysis.hold_after * 30)
    later = items[2].box(40)
    for i in range(30 + hold + 1, 60):
        assert not covered(later, plan_boxes(report.plan, i)), f"frame {i} still covered"
