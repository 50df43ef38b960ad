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


def test_a_prefix_typed_beside_the_pointer_is_part_of_the_value():
    """The user clicked into the field and left the pointer there: the frames with the first
    digits typed show the pointer too. They still show part of the value (the walk back to
    the first keystroke stopped at the pointer); other text, or a blank field, does not."""
    import numpy as np
    from PIL import Image, ImageDraw

    from blur.analysis.onset import downscale, shows_part_of
    from scenes import font

    def field(text: str, pointer: int | None = None, fill: int = 30) -> np.ndarray:
        image = Image.new("L", (360, 40), 255)
        draw = ImageDraw.Draw(image)
        draw.text((8, 9), text, font=font(20), fill=fill)
        if pointer is not None:  # an arrow pointer, black with a white outline
            x, y = pointer, 8
            arrow = [(x, y), (x, y + 22), (x + 6, y + 17), (x + 10, y + 26), (x + 13, y + 24), (x + 9, y + 16), (x + 16, y + 16)]
            draw.polygon(arrow, fill=0, outline=255)
        return downscale(np.asarray(image).copy())

    value = field("7700 900123")
    for pointer in (60, 140):
        assert shows_part_of(field("77", pointer), value)
        assert shows_part_of(field("7700 9", pointer), value)
    assert not shows_part_of(field("", 140), value)  # only the pointer: nothing typed yet
    assert not shows_part_of(field("5512 3", 140), value)  # other digits
    assert not shows_part_of(field("7400 123456", 140, fill=150), value)  # a placeholder
    # The pointer was over the value too where it was read, elsewhere than in the frames
    # before (the sign-up recording's phone: its first digit showed).
    read_with_pointer = field("7700 900123", 52)
    for pointer in (64, 84, 110):
        assert shows_part_of(field("7700 9", pointer), read_with_pointer), pointer
    assert not shows_part_of(field("5512 3", 110), read_with_pointer)
    assert not shows_part_of(field("7400 123456", 110, fill=150), read_with_pointer)
