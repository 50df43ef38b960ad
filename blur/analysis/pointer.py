"""The mouse pointer: found, so that its moving is not taken for the screen's text changing.

A pointer gliding over a form or a log changes a few hundred pixels a frame,
and every line it touches was read again (its arrow glued to the glyphs it
was over, "ly" for "|", a two-line word): half the analysis time of a form
being filled in. Recorders draw the standard arrow (dark with a light rim on
macOS, Linux and in browser captures; light with a dark rim on Windows). It
is found by its shape: the rim's pixels light and the body's dark (or the
other way round), whatever lies around it, at the display scales screens use.

What the analysis does with it (see :class:`blur.analysis.analyzer.FrameAnalyzer`):
the pixels under the arrow are taken from the image already read, so only
what is really new on screen is read again; what the arrow hid is read when
it moves off and shows something that was not there before.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ..box import Box

#: The standard arrow (CSS px, tip at 0,0): the outline browsers, macOS and X11 share.
ARROW = ((0.0, 0.0), (0.0, 20.0), (5.5, 15.0), (9.0, 23.5), (12.5, 22.0), (9.0, 13.8), (16.5, 13.8))
RIM = 1.6  # the rim's width (CSS px)
#: Device pixels per CSS pixel tried (100 % to 200 % zoom or display scale).
SCALES = (1.0, 1.25, 1.5, 1.75, 2.0)
LIGHT, DARK = 110, 90  # luma a rim pixel is over / a body pixel is under (dark arrow; flipped for light)
#: Share of the rim's and the body's core pixels that must be so, each.
MATCH = 0.93
#: The same, within ``NEAR`` px of where the arrow was last found: in a fast scroll under
#: it the encoder smears its rim (0.91-0.93 seen), and the frames it went unfound in were
#: read again around it. Glyphs and icons score up to 0.82 on the dev set's recordings.
NEAR_MATCH = 0.88
#: CSS pixels kept around the arrow's footprint: anti-aliasing and its drop shadow.
HALO = 2
#: A changed area larger than this (px) is not searched: a pointer's move makes small areas
#: (where it was, where it is); a scrolled or redrawn page is searched only near where the
#: pointer was. (Searching every area cost a 1080p recording 15 s, the time the pointer saved.)
SEARCH_LIMIT = 256 * 256
NEAR = 48  # px around the last place the pointer was found that are searched first


@dataclass(frozen=True)
class _Template:
    scale: float
    rim: np.ndarray  # float32 0/1: pixels that are the rim at every sub-pixel placement
    body: np.ndarray  # float32 0/1: pixels that are the body at every sub-pixel placement
    footprint: np.ndarray  # bool: pixels the arrow may touch (with its halo)
    counts: tuple[int, int]


def _template(scale: float, supersample: int = 8) -> _Template:
    """The arrow at ``scale``, rasterised at several sub-pixel offsets: core pixels are the
    ones that are rim (or body) at every offset, the footprint what it touches at any."""
    halo = round(HALO * scale)
    size = (int(np.ceil(17 * scale)) + 2 * halo + 2, int(np.ceil(24 * scale)) + 2 * halo + 2)  # w, h
    rims, bodies, touched = [], [], []
    for dx in (0.0, 0.5):
        for dy in (0.0, 0.5):
            ss = supersample
            big_w, big_h = size[0] * ss, size[1] * ss
            points = np.array([[(x * scale + halo + 1 + dx) * ss, (y * scale + halo + 1 + dy) * ss] for x, y in ARROW],
                              np.int32)
            fill = np.zeros((big_h, big_w), np.uint8)
            cv2.fillPoly(fill, [points], 255)
            rim = np.zeros_like(fill)
            cv2.polylines(rim, [points], True, 255, thickness=max(1, round(RIM * scale * ss)))
            body = cv2.bitwise_and(fill, cv2.bitwise_not(rim))
            small = (size[0], size[1])
            rim_cover = cv2.resize(rim, small, interpolation=cv2.INTER_AREA) / 255.0
            body_cover = cv2.resize(body, small, interpolation=cv2.INTER_AREA) / 255.0
            rims.append(rim_cover >= 0.6)
            bodies.append(body_cover >= 0.95)
            touched.append((rim_cover + body_cover) > 0)
    rim_core = np.logical_and.reduce(rims)
    body_core = np.logical_and.reduce(bodies)
    footprint = cv2.dilate(np.logical_or.reduce(touched).astype(np.uint8), np.ones((2 * halo + 1,) * 2, np.uint8)) > 0
    return _Template(scale, rim_core.astype(np.float32), body_core.astype(np.float32), footprint,
                     (int(rim_core.sum()), int(body_core.sum())))


_TEMPLATES: list[_Template] = []


def _templates() -> list[_Template]:
    if not _TEMPLATES:
        _TEMPLATES.extend(_template(scale) for scale in SCALES)
    return _TEMPLATES


@dataclass(frozen=True)
class Pointer:
    """Where the arrow is: ``box`` and, inside it, the pixels it covers (``mask``)."""

    box: Box
    mask: np.ndarray

    def paint(self, image: np.ndarray, source: np.ndarray) -> None:
        """Replace the arrow's pixels in ``image`` by ``source``'s (both full frames)."""
        view = np.s_[self.box.y1 : self.box.y2, self.box.x1 : self.box.x2]
        image[view][self.mask] = source[view][self.mask]


class PointerFinder:
    """Finds the pointer frame after frame, learning the display scale and the arrow's
    polarity from the first find (a wrong first find, an arrow-shaped glyph, only makes
    the real pointer go unfound: the frames are then read as before)."""

    def __init__(self) -> None:
        #: The display scale and the polarity of the arrow, learnt from the first find.
        self._scale: float | None = None
        self._dark: bool | None = None
        self.last: Box | None = None

    def find(self, luma: np.ndarray, areas: list[Box]) -> Pointer | None:
        """The pointer in ``luma``, looked for near where it was last found (when the frame
        changed there), else inside the small ones of ``areas`` (where the frame changed);
        None when it is not there (or not an arrow)."""
        height, width = luma.shape
        searches = []
        if self.last is not None:
            near = self.last.pad(NEAR, NEAR).clip(width, height)
            if any(a.intersection(near) for a in areas):
                searches.append(([near], NEAR_MATCH))
        searches.append(([a for a in areas if a.width * a.height <= SEARCH_LIMIT], MATCH))
        templates = [t for t in _templates() if self._scale in (None, t.scale)]
        best: tuple[float, Box, _Template, bool] | None = None
        for windows, least in searches:
            for window in windows:
                for template in templates:
                    th, tw = template.footprint.shape
                    area = window.pad(tw, th).clip(width, height)
                    if area.width < tw or area.height < th:
                        continue
                    found = _best_match(luma[area.y1 : area.y2, area.x1 : area.x2], template, self._dark, least)
                    if found is not None and (best is None or found[0] > best[0]):
                        x, y = found[1]
                        box = Box(area.x1 + x, area.y1 + y, area.x1 + x + tw, area.y1 + y + th)
                        best = (found[0], box, template, found[2])
            if best is not None:
                break  # found where it was: it is in one place only
        if best is None:
            # ``last`` is kept: an arrow missed in one frame (the encoder smearing its rim in
            # a fast scroll under it) is looked for there again in the next; forgotten, it
            # was lost for the rest of a scroll too large to search whole.
            return None
        _, box, template, self._dark = best
        self._scale = template.scale
        self.last = box
        clipped = box.clip(width, height)
        mask = template.footprint[clipped.y1 - box.y1 : clipped.y2 - box.y1, clipped.x1 - box.x1 : clipped.x2 - box.x1]
        return Pointer(clipped, mask)


def _best_match(image: np.ndarray, template: _Template, dark_body: bool | None = None,
                least: float = MATCH) -> tuple[float, tuple[int, int], bool] | None:
    """The best place of ``template`` in ``image``, its score (the lower of the rim's and
    the body's share of matching pixels) and its polarity (dark body?), if it reaches
    ``least``; both polarities are tried unless ``dark_body`` says which."""
    light = (image > LIGHT).astype(np.float32)
    dark = (image < DARK).astype(np.float32)
    n_rim, n_body = template.counts
    best = None
    for is_dark, rim_map, body_map in ((True, light, dark), (False, dark, light)):
        if dark_body is not None and is_dark != dark_body:
            continue
        rim = cv2.matchTemplate(rim_map, template.rim, cv2.TM_CCORR) / n_rim
        body = cv2.matchTemplate(body_map, template.body, cv2.TM_CCORR) / n_body
        score = np.minimum(rim, body)
        _, value, _, place = cv2.minMaxLoc(score)
        if value >= least and (best is None or value > best[0]):
            best = (float(value), place, is_dark)
    return best
