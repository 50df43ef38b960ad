"""Hard cases for change-driven analysis, drawn frame by frame with per-frame ground truth.

Each scene returns a :class:`Recording`: the encoded clip and, for every
frame, the box of every piece of text on screen, whether it is sensitive,
and whether it is dark ink on a light background there (so a test can also
check the decoded pixels, not only the plan's boxes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from PIL import Image, ImageDraw

from scenes import encode, font

W, H = 1280, 720
BACKGROUND = (248, 249, 250)
INK = (33, 37, 41)
HEADER = 50


@dataclass(frozen=True)
class Truth:
    box: tuple[int, int, int, int]
    text: str
    sensitive: bool
    #: Dark text on a light background in this frame: its ink must be gone from the output.
    ink: bool = True
    #: Cut by the edge of a scrolling view in this frame: not readable whole, so it may be
    #: covered although it is plain (fail closed).
    cut: bool = False


@dataclass
class Recording:
    path: Path
    width: int
    height: int
    frames: int
    truth: list[list[Truth]] = field(default_factory=list)

    def sensitive(self, i: int) -> list[Truth]:
        return [t for t in self.truth[i] if t.sensitive]

    def plain(self, i: int) -> list[Truth]:
        return [t for t in self.truth[i] if not t.sensitive]


def record(path: Path, draw: Callable[[int], tuple[Image.Image, list[Truth]]], frames: int,
           width: int = W, height: int = H, codec: str = "h264") -> Recording:
    truth: list[list[Truth]] = []

    def frame_at(i: int) -> Image.Image:
        image, found = draw(i)
        truth.append(found)
        return image

    encode(path, frame_at, width=width, height=height, frames=frames, codec=codec, audio=False)
    return Recording(Path(path), width, height, frames, truth)


def text_box(xy: tuple[int, int], text: str, size: int = 18) -> tuple[int, int, int, int]:
    return ImageDraw.Draw(Image.new("L", (1, 1))).textbbox(xy, text, font=font(size))


def clip_box(box, area) -> tuple[int, int, int, int] | None:
    x1, y1, x2, y2 = max(box[0], area[0]), max(box[1], area[1]), min(box[2], area[2]), min(box[3], area[3])
    return (x1, y1, x2, y2) if x2 > x1 and y2 > y1 else None


def chrome(width: int = W, height: int = H) -> Image.Image:
    image = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width, HEADER), fill=(52, 58, 64))
    draw.text((24, 14), "Acme Support", font=font(20), fill=(255, 255, 255))
    return image


# -- a scrolling list ---------------------------------------------------------------------------

ROWS_PLAIN = ["Ticket {n}: printer offline since Monday", "Ticket {n}: password reset link expired",
              "Ticket {n}: invoice total looks wrong", "Ticket {n}: cannot upload attachments"]
#: (plain prefix, sensitive value): only the value is ground truth to cover.
ROWS_SECRET = [("Reporter ", "jane.roe{n}@example.com"), ("Card on file ", "4111 1111 1111 1111"),
               ("Callback ", "+1 415 555 {n:04d}"), ("Refund to ", "DE89 3704 0044 0532 0130 00")]


def list_rows(count: int) -> list[tuple[str, str]]:
    """(prefix, value) rows: plain rows have an empty value."""
    rows = []
    for n in range(count):
        if n % 3 == 2:
            prefix, value = ROWS_SECRET[(n // 3) % len(ROWS_SECRET)]
            rows.append((prefix, value.format(n=100 + n)))
        else:
            rows.append((ROWS_PLAIN[n % len(ROWS_PLAIN)].format(n=2000 + n), ""))
    return rows


def scrolling_list(path: Path, speeds: list[int], *, panel: bool = False, width: int = W, height: int = H,
                   codec: str = "h264", row_height: int = 40) -> Recording:
    """Rows of tickets scrolling by ``speeds[i]`` px on frame i.

    ``panel``: only a right-hand panel scrolls; a sidebar (with a sensitive
    address of its own) and the panel's title stay still.
    """
    x0 = 340 if panel else 40
    top = HEADER + (60 if panel else 20)
    view = (x0 - 10, top, width - 20, height - 20)
    rows = list_rows((sum(speeds) + height) // row_height + 2)
    page = Image.new("RGB", (width, len(rows) * row_height + 40), BACKGROUND)
    draw = ImageDraw.Draw(page)
    boxes = []
    for n, (prefix, value) in enumerate(rows):
        y = 10 + n * row_height
        draw.text((x0, y), prefix + value, font=font(18), fill=INK)
        if value:
            x = x0 + round(font(18).getlength(prefix))
            boxes.append((text_box((x, y), value), value, True))
        else:
            boxes.append((text_box((x0, y), prefix), prefix, False))
    offsets = [sum(speeds[: i + 1]) for i in range(len(speeds))]

    def draw_frame(i: int):
        image = chrome(width, height)
        off = offsets[i]
        crop = page.crop((view[0], off, view[2], off + view[3] - view[1]))
        image.paste(crop, (view[0], view[1]))
        truth = []
        for box, text, secret in boxes:
            moved = (box[0], box[1] - off + top, box[2], box[3] - off + top)
            visible = clip_box(moved, view)
            if visible:
                truth.append(Truth(visible, text, secret, cut=visible != moved))
        if panel:
            d = ImageDraw.Draw(image)
            d.rectangle((0, HEADER, x0 - 20, height), fill=(233, 236, 239))
            for n, (text, secret) in enumerate([("Inbox", False), ("Assigned to me", False),
                                                ("Escalations", False), ("ops-lead@acme-corp.io", True)]):
                xy = (20, HEADER + 30 + 40 * n)
                d.text(xy, text, font=font(18), fill=INK)
                truth.append(Truth(text_box(xy, text), text, secret))
            title = "Open tickets (sorted by age)"
            d.rectangle((x0 - 10, HEADER, width, top - 1), fill=BACKGROUND)
            d.text((x0, HEADER + 20), title, font=font(18), fill=INK)
            truth.append(Truth(text_box((x0, HEADER + 20), title), title, False))
        return image, truth

    return record(path, draw_frame, len(speeds), width, height, codec)


# -- blends: a modal over a dimmed page, a cross-fade between pages ------------------------------

def _page(lines: list[tuple[tuple[int, int], str, bool]]) -> tuple[Image.Image, list[Truth]]:
    image = chrome()
    draw = ImageDraw.Draw(image)
    truth = []
    for xy, text, secret in lines:
        draw.text(xy, text, font=font(18), fill=INK)
        truth.append(Truth(text_box(xy, text), text, secret))
    return image, truth


PAGE_A = [((60, 100), "Account overview", False), ((60, 160), "Billing contact", False),
          ((260, 160), "maria.lopez@example.org", True), ((60, 220), "Plan: Business, renews 2027-01-01", False),
          ((60, 280), "Last login from Lisbon, Portugal", False)]
PAGE_B = [((60, 100), "Payment methods", False), ((60, 180), "Default card", False),
          ((260, 180), "5555 5555 5555 4444", True), ((60, 260), "Added on 2026-03-14 by the owner", False)]
MODAL = [((420, 330), "Your new API key", False), ((420, 380), "sk_live_4eC39HqLyjWDarjtT1zdp7dc", True),
         ((420, 430), "Copy it now: it will not be shown again.", False)]


def modal_over_dimmed_page(path: Path, frames: int = 60, start: int = 15, ramp: int = 8) -> Recording:
    """The page dims over ``ramp`` frames while a modal holding a key fades in with it."""
    base, base_truth = _page(PAGE_A)

    def draw_frame(i: int):
        alpha = min(1.0, max(0.0, (i - start + 1) / ramp))
        if alpha == 0:
            return base.copy(), list(base_truth)
        dim = Image.blend(base, Image.new("RGB", base.size, (0, 0, 0)), 0.5 * alpha)
        box = (390, 300, 900, 480)
        modal = dim.copy()
        d = ImageDraw.Draw(modal)
        d.rectangle(box, fill=(255, 255, 255))
        for xy, text, _ in MODAL:
            d.text(xy, text, font=font(18), fill=INK)
        image = Image.blend(dim, modal, alpha)
        truth = [Truth(t.box, t.text, t.sensitive, ink=False) for t in base_truth]
        if alpha >= 0.05:  # faint text is still text
            truth += [Truth(text_box(xy, text), text, secret, ink=alpha == 1) for xy, text, secret in MODAL]
        return image, truth

    return record(path, draw_frame, frames)


def cross_fade(path: Path, frames: int = 60, start: int = 20, ramp: int = 10) -> Recording:
    """Page A cross-fades into page B over ``ramp`` frames."""
    a, a_truth = _page(PAGE_A)
    b, b_truth = _page(PAGE_B)

    def draw_frame(i: int):
        alpha = min(1.0, max(0.0, (i - start + 1) / ramp))
        image = Image.blend(a, b, alpha)
        truth = []
        if 1 - alpha >= 0.05:
            truth += [Truth(t.box, t.text, t.sensitive, ink=alpha == 0) for t in a_truth]
        if alpha >= 0.05:
            truth += [Truth(t.box, t.text, t.sensitive, ink=alpha == 1) for t in b_truth]
        return image, truth

    return record(path, draw_frame, frames)


def sudden(path: Path, frames: int = 45, at: int = 20) -> Recording:
    """A value appears in one frame (a page loads)."""
    lines = PAGE_A[:2] + [((60, 340), "Backup card", False)]
    later = [((260, 340), "3782 822463 10005", True), ((60, 400), "Loaded from the billing service", False)]

    def draw_frame(i: int):
        return _page(lines + (later if i >= at else []))

    return record(path, draw_frame, frames)
