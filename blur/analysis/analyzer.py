"""Per-frame analysis: read only what changed, move what scrolled, fail closed.

For each decoded frame, in order:

1. compare its luma with ``reference``, the image the current word list was
   read from (every pixel; pooled into cells); where the mouse pointer is
   found in what changed, its pixels are taken from the reference first
   (see :mod:`blur.analysis.pointer`): a pointer moving is no change;
2. nothing changed: the frame shows what was analysed, its tracks go on;
3. a global low-contrast change (cross-fade, dimming backdrop) is not read
   while it is under way, for at most ``max_transition`` seconds; values
   the settled frame shows are then covered back to where it began;
4. changed areas that are a translation of what was there (a scrolling page
   or panel) are moved: words, tracks and reference alike;
5. what is still different (and any strip scrolled into view) is grown to
   whole text runs and read by OCR, crop by crop (a dark patch inside a
   light crop, such as a tooltip, on its own as well); the detectors then
   run on the words of the whole screen. A crop whose OCR fails or times
   out is covered until its content changes, and a line cut by the edge of
   a scrolling view until it is read whole (fail closed);
6. areas changing frame after frame (animations) are followed, so the
   tracks can find values that slid or faded in where they were.
"""

from __future__ import annotations

import dataclasses
import logging
import time as clock
from collections import OrderedDict
from typing import Sequence

import cv2
import numpy as np

from ..box import Box
from ..config import Config
from ..detect import Detection, OcrDetector
from ..errors import BlurError
from ..ocr.cache import ReadCache
from .changes import BLOCK, changed_blocks, is_gradual, regions
from .crops import text_crops, text_ink
from .motion import Motion, estimate, explains, in_view, redrawn_alike, shift_area
from .onset import downscale
from .pointer import PointerFinder
from .screen import ScreenText
from .tracks import CUT_KIND, TrackBuilder

log = logging.getLogger(__name__)

#: Frames a line still scrolling into view may wait to be read whole.
MAX_DEFER = 10

#: Pixels kept past the ink of a cut line (anti-aliased glyph edges are fainter than the edge mask).
INK_MARGIN = 3

#: Blank columns added each side of a part of a line before it is read.
PART_BORDER = 6

#: Places whose last read is kept for ``_read`` (a screen's lines many times over), and the
#: most bytes their images may hold together (whole-frame reads are 2 MB each at 1080p).
LAST_READS = 512
LAST_READS_BYTES = 64 * 2**20

#: Limited-range ("TV") luma spans 16-235; tesseract reads the full-range
#: (0-255) image measurably better (a key at 1080p was missed without it).
_TV_TO_FULL = np.clip((np.arange(256) - 16) * 255.0 / 219.0 + 0.5, 0, 255).astype(np.uint8)


def ocr_image(luma: np.ndarray, pixel_format: str) -> np.ndarray:
    if pixel_format == "yuvj420p":  # already full range
        return np.ascontiguousarray(luma)
    return cv2.LUT(luma, _TV_TO_FULL)


class FrameAnalyzer:
    """Feeds frames, in order, to the detectors and the track builder."""

    def __init__(self, config: Config, width: int, height: int, fps: float,
                 detector: OcrDetector | None = None) -> None:
        analysis = config.analysis
        self.threshold = analysis.change_threshold
        self.max_transition = analysis.max_transition
        self.width, self.height = width, height
        self.frame_box = Box(0, 0, width, height)
        self.detector = detector or OcrDetector(config)
        self.lookback_frames = max(1, round(analysis.lookback * fps))
        self.builder = TrackBuilder(lookback_frames=self.lookback_frames, bridge_gap=analysis.bridge_gap)
        self.screen = ScreenText()
        self.pointer = PointerFinder()
        #: The image the screen's words were read from (and moved with).
        self.reference: np.ndarray | None = None
        self._previous: np.ndarray | None = None
        #: The previous frame showed nothing the reference does not.
        self._settled = False
        #: A transition under way: (first frame, its time).
        self._transition: tuple[int, float] | None = None
        #: Lines scrolling in, cut by the view's edge, not read yet: (crop, first frame deferred,
        #: the cut line's box, which is covered meanwhile, where its ink was seen cut: see
        #: ``_ink_reach``).
        self._deferred: list[tuple[Box, int, Box, Reach | None]] = []
        #: Crops OCR failed on: covered until their content changes and is read again.
        self._unread: list[Box] = []
        #: Lines a view stopped with, cut at its edge, with their ink then: covered until they
        #: scroll (and are read whole) or other ink replaces theirs. Reading them again where
        #: they are (a backdrop dimming the page re-reads it all) does not make them whole.
        self._cut: list[tuple[Box, np.ndarray]] = []
        #: Lines a scroll took to its view's edge (their words dropped, see ``ScreenText.move``):
        #: read again if a later scroll shows them away from the edge.
        self._at_edge: list[Box] = []
        #: Areas changing frame after frame (an animation): [first frame, area, last frame].
        self._animations: list[list] = []
        #: Reads of pixels seen before are not repeated.
        self.cache = ReadCache()
        #: The last read of each place (crop box, part or not): its image and words (see ``_read``).
        self._last_reads: OrderedDict[tuple[Box, bool], tuple[np.ndarray, tuple]] = OrderedDict()
        self.redrawn_hits = 0
        self._last_reads_bytes = 0
        self.frames_analyzed = self.ocr_reads = self.failures = 0
        self.ocr_pixels = 0
        self.ocr_seconds = 0.0

    def feed(self, index: int, time: float, luma: np.ndarray, pixel_format: str,
             ignore: list[Box] | None = None) -> None:
        """Analyse frame ``index`` (presentation ``time`` s); ``ignore``: areas whose OCR finds are dropped."""
        previous, self._previous = self._previous, luma.copy()
        if self.reference is None:
            self.reference = luma.copy()
            self._analyse(index, time, luma, pixel_format, [self.frame_box], ignore, None)
            return
        if self._settled and np.array_equal(luma, previous):
            # The previous frame matched the reference and this one is the same
            # picture (decoders copy a still screen exactly): nothing changed.
            self.builder.extend_open(index)
            return
        cells = changed_blocks(luma, self.reference, self.threshold)
        shown, pointer = luma, None
        if cells.any():
            # The pointer's pixels are taken from the reference: its moving changes nothing
            # the screen shows (what it uncovers is compared with what was there before it).
            pointer = self.pointer.find(luma, regions(cells, self.width, self.height))
            if pointer is not None:
                luma = luma.copy()
                pointer.paint(luma, self.reference)
                _recount(cells, luma, self.reference, pointer.box, self.threshold)
        self._settled = not cells.any()
        if self._settled:
            self._transition = None
            self.builder.extend_open(index)
            return
        if previous is not None and cells.mean() >= 0.25 and is_gradual(luma, previous):
            if self._transition is None:
                self._transition = (index, time)
            if time - self._transition[1] < self.max_transition:
                self.builder.extend_open(index)
                return
        since = self._transition[0] if self._transition else None
        self._transition = None
        areas = regions(cells, self.width, self.height)
        motions, revealed, moved_in = self._follow_motion(index, luma, areas)
        if motions:
            if pointer is not None:  # under it now: what the scroll brought there
                pointer.paint(luma, self.reference)
            # The encoder's ringing around moving text spills a few pixels past the area.
            moved = [m.area.pad(BLOCK, BLOCK).clip(self.width, self.height) for m in motions]
            cells = changed_blocks(luma, self.reference, self.threshold, moved,
                                   [bool(m.dy) and not m.dx for m in motions])
            areas = regions(cells, self.width, self.height)
        # Cut lines a scroll moved in are read again: their motion explained them.
        dirty = areas + [strip for strip, _ in revealed] + moved_in
        self._analyse(index, time, luma, pixel_format, dirty, ignore, since, revealed,
                      shown=shown if pointer is not None else None)

    def _follow_motion(self, index: int, luma: np.ndarray,
                       areas: list[Box]) -> tuple[list[Motion], list[tuple[Box, Box]], list[Box]]:
        """Move scrolled content instead of re-reading it; returns the motions, the strips
        scrolled into view, each with the area it scrolled into, and the lines left cut at a
        view's edge that the scroll moved in (to read again)."""
        if not areas:
            return [], [], []
        span = areas[0]
        for area in areas[1:]:
            span = span.union(area)
        motions: list[Motion] = []
        for area in [span] + (areas if len(areas) > 1 else []):
            hit = next((n for n, m in enumerate(motions) if area.intersection(m.area)), None)
            if hit is not None:
                # Part of it moved already: the rest may have moved with it (a chat thread
                # pushed up, its right-aligned headers beyond the area the shift was found in,
                # were read mid-move instead, and not found).
                moved = motions[hit]
                if not moved.area.contains(area) and explains(self.reference, luma, area, moved.dx, moved.dy,
                                                              self.threshold):
                    joined = estimate(self.reference, luma, moved.area.union(area), self.threshold)
                    if joined is not None and (joined.dx, joined.dy) == (moved.dx, moved.dy) \
                            and joined.area.area > moved.area.area:
                        motions[hit] = joined
                continue
            motion = estimate(self.reference, luma, area, self.threshold)
            if motion is not None:
                motions.append(motion)
        revealed: list[tuple[Box, Box]] = []
        moved_cut: list[Box] = []
        for motion in motions:
            if not (motion.dx or motion.dy):
                continue  # drawn again in place a fraction of a pixel off: compared within a pixel, not moved
            revealed += [(strip, motion.area) for strip in shift_area(self.reference, motion)]
            at_edge = []
            for box in self._at_edge:
                m = _moved(box, motion)
                if m is not None and m != box and not _leaving(m, motion):
                    moved_cut.append(m)  # the edge was found further out this time: whole, unread
                elif m is not None:
                    at_edge.append(m)
            dropped = self.screen.move(motion)
            self._at_edge = at_edge + dropped
            self.builder.move(index, motion, dropped)
            self._unread = [m for b in self._unread if (m := _moved(b, motion)) is not None]
            still = []
            for box, ink in self._cut:  # a cut line that moves in is read again: whole now, or deferred
                m = _moved(box, motion)
                if m == box:
                    still.append((box, ink))
                elif m is not None and (_leaving(m, motion) or _along_edge(m, motion)):  # still cut
                    still.append((m, text_ink(luma[m.y1 : m.y2, m.x1 : m.x2])))
                elif m is not None:
                    moved_cut.append(m)
            self._cut = still
            self._deferred = [(m, since, e, reach) for b, since, edge, reach in self._deferred
                              if (m := _moved(b, motion)) is not None and (e := _moved(edge, motion)) is not None]
        return motions, revealed, moved_cut

    def _analyse(self, index: int, time: float, luma: np.ndarray, pixel_format: str, dirty: list[Box],
                 ignore: list[Box] | None, since: int | None, revealed: Sequence[tuple[Box, Box]] = (),
                 shown: np.ndarray | None = None) -> None:
        """Read what changed in ``luma`` (the frame, the pointer taken out of it) and find the
        values on screen; ``shown``: the frame as it is, pointer and all, when that differs
        (a value's ink runs on under the pointer: its cover does too)."""
        self.frames_analyzed += 1
        assert self.reference is not None
        t0 = clock.perf_counter()
        detections: list[Detection] = []
        spared: list[Box] = []  # placeholders: read whole and found harmless
        deferred: list[Box] = []
        cut: list[Box] = []
        if self.detector.active and dirty:
            cut_boxes = [box for box, _ in self._cut]
            crops, parts = text_crops(luma, dirty, self.screen.boxes() + self._unread + cut_boxes)
            crops, deferred, cut = self._defer_cut(index, luma, crops, revealed)
            waiting = [crop for crop, _, _, _ in self._deferred]
            stale = [(d, self.reference[d.y1 : d.y2, d.x1 : d.x2].copy()) for d in waiting if d not in crops]
            for area in dirty:  # what the crops leave of it holds no text: nothing to read there
                self.reference[area.y1 : area.y2, area.x1 : area.x2] = luma[area.y1 : area.y2, area.x1 : area.x2]
            for d, pixels in stale:  # not read yet: stays "changed" until it is
                self.reference[d.y1 : d.y2, d.x1 : d.x2] = pixels
            for crop in crops:
                self.reference[crop.y1 : crop.y2, crop.x1 : crop.x2] = luma[crop.y1 : crop.y2, crop.x1 : crop.x2]
                self._unread = [b for b in self._unread if not crop.contains(b)]
                self._at_edge = [b for b in self._at_edge if not crop.contains(b)]
            self._cut = [(box, ink) for box, ink in self._cut
                         if not any(crop.contains(box) for crop in crops) or _same_ink(luma, box, ink)]
            images = [ocr_image(luma[crop.y1 : crop.y2, crop.x1 : crop.x2], pixel_format) for crop in crops]
            images = [_part_image(image) if crop in parts else image for crop, image in zip(crops, images)]
            results = self._read(images, [(crop, crop in parts) for crop in crops])
            for crop, words in zip(crops, results):
                if isinstance(words, BlurError):
                    raise words
                if isinstance(words, Exception):  # fail closed, whatever broke
                    self.failures += 1
                    log.warning("OCR failed on a %dx%d area of frame %d (%s); covering that area",
                                crop.width, crop.height, index, words.__class__.__name__)
                    self.screen.replace(crop, [])
                    self._unread.append(crop)
                    continue
                if crop in parts:
                    self.screen.replace_part(crop, [_unpad(w) for w in words])
                else:
                    self.screen.replace(crop, words)
            try:
                detections = self.detector.find(self.screen.words, ocr_image(luma if shown is None else shown,
                                                                             pixel_format), spared)
            except Exception as exc:  # noqa: BLE001
                self.failures += 1
                log.warning("detectors failed on frame %d (%s); covering the whole frame",
                            index, exc.__class__.__name__)
                detections, spared = [Detection("unknown", self.frame_box, "failsafe")], []
            if ignore:
                detections = [d for d in detections
                              if d.source != "ocr" or not _inside_any(d.box.clip(self.width, self.height), ignore)]
        else:
            self.reference[...] = luma
        # Lines cut by the edge of a scrolling view, not read yet: a half row of digits is legible.
        self._cut += [(b, text_ink(luma[b.y1 : b.y2, b.x1 : b.x2])) for b in cut]  # from this frame on
        detections += [Detection("unknown", b, "failsafe") for b in self._unread]
        detections += [Detection("unknown", b, "failsafe") for b, _ in self._cut]
        detections += [Detection(CUT_KIND, b, "failsafe") for b in deferred]
        self.ocr_seconds += clock.perf_counter() - t0
        self._animate(index, dirty)
        animations = [(start, area) for start, area, _ in self._animations]
        self.builder.observe(index, time, detections, downscale(luma), since, animations, spared)

    def _read(self, images: list[np.ndarray], places: list[tuple[Box, bool]]) -> list:
        """The words of each crop's image (or the exception its read raised): from the cache
        when the same pixels were read before, or the same place's last read when its text
        was only drawn again (:func:`~blur.analysis.motion.redrawn_alike`: the encoder
        redraws the rows of a still line near a moving pointer a little lighter every few
        frames, and 1000-px lines of a CI log were read again for it), else by OCR, in
        parallel."""
        keys = [ReadCache.key(image) for image in images]
        results: list = [self.cache.get(key) for key in keys]
        for n, (place, image) in enumerate(zip(places, images)):
            last = self._last_reads.get(place)
            if results[n] is None and last is not None and redrawn_alike(last[0], image, self.threshold):
                results[n] = list(last[1])
                self.redrawn_hits += 1
        todo = [n for n, words in enumerate(results) if words is None]
        # Light text on a dark patch (a tooltip, a toast, a dark card) inside a light crop is
        # lost to tesseract's one binarisation of the crop: such patches are read on their own,
        # and so are light ones in a dark crop (a light card on a dark page).
        panels = [(n, p) for n in todo for p in _panels(images[n])]
        reads = self.detector.read_all([images[n] for n in todo]
                                       + [images[n][p.y1 : p.y2, p.x1 : p.x2] for n, p in panels])
        for n, words in zip(todo, reads):
            results[n] = words
        for (n, panel), words in zip(panels, reads[len(todo) :]):
            results[n] = _merge_panel(results[n], panel, words)
        for n in todo:
            self.ocr_reads += 1
            self.ocr_pixels += images[n].size
            if not isinstance(results[n], Exception):
                self.cache.put(keys[n], results[n])
        for place, image, words in zip(places, images, results):
            if not isinstance(words, Exception):
                old = self._last_reads.pop(place, None)
                self._last_reads_bytes += image.nbytes - (old[0].nbytes if old is not None else 0)
                self._last_reads[place] = (image.copy(), tuple(words))
        while len(self._last_reads) > LAST_READS or self._last_reads_bytes > LAST_READS_BYTES:
            self._last_reads_bytes -= self._last_reads.popitem(last=False)[1][0].nbytes
        return results

    def _animate(self, index: int, dirty: Sequence[Box]) -> None:
        """Follow areas that change in consecutive frames (sliding, fading, growing content)."""
        alive = [a for a in self._animations if a[2] == index - 1]
        for area in dirty:
            joined = [a for a in alive if a[1].intersection(area.pad(BLOCK, BLOCK))]
            if joined:
                first = joined[0]
                for other in joined[1:]:
                    first[0], first[1] = min(first[0], other[0]), first[1].union(other[1])
                    alive.remove(other)
                first[1], first[2] = first[1].union(area), index
            else:
                alive.append([index, area, index])
        self._animations = [a for a in alive if a[2] == index]

    def _defer_cut(self, index: int, luma: np.ndarray, crops: list[Box],
                   revealed: Sequence[tuple[Box, Box]]) -> tuple[list[Box], list[Box], list[Box]]:
        """Split off the crops of text still scrolling in, cut by the view's edge:
        (to read, to defer, to read although still cut).

        A line entering a view at 4 px a frame was read in every frame until
        it was whole. It is read once it is whole (or the scroll stops or
        turns, or after ``MAX_DEFER`` frames); if it shows a value, the track
        follows the recorded motion back to the frame its first row of
        pixels appeared in (see ``TrackBuilder``). Until then it is covered
        (fail closed: a half row of digits is legible). A line read while it
        may still be cut (the view stopped with it at its edge, or it waited
        too long) is covered too, until it is read again whole.
        """
        waiting = self._deferred
        if not revealed:
            # The view stopped (or turned) with these lines at its edge: read them as they
            # are, and keep their cut part covered until it is read whole, unless the scroll's
            # last frames brought them in whole.
            # (Each of them, read now or not: a scroll that stops leaves nothing changed at a
            # line it had been bringing in, and the line was then forgotten, uncovered.)
            self._deferred = []
            return crops, [], [edge for crop, _, edge, reach in waiting if not _came_in_whole(luma, crop, reach)]
        read, deferred, kept, cut = [], [], [], []
        line_height = self._line_height()
        for crop in crops:
            area = next((area for strip, area in revealed if _cut_by(crop, strip, area)), None)
            edge = _edge_line(luma, crop, area, line_height) if area is not None else None
            if edge is not None:
                before = [w for w in waiting if w[0].intersection(crop)]
                since = min((s for _, s, _, _ in before), default=index)
                reach = _ink_reach(luma, crop, area, [r for _, _, _, r in before])
                if index - since >= MAX_DEFER:
                    since = index  # waited long enough (a slow scroll): read now, keep covering the cut part
                    read.append(crop)
                deferred.append(edge)
                kept.append((crop, since, edge, reach))
                continue
            read.append(crop)
        self._deferred = kept
        return read, deferred, cut

    def _line_height(self) -> float:
        """The ink height of a whole line of text on screen: the 90th percentile of the words'
        box heights (words with both ascenders and descenders span the whole line)."""
        heights = sorted(w.box.height for w in self.screen.words)
        return float(heights[int(len(heights) * 0.9)]) if heights else 0.0

    def close(self) -> None:
        self.detector.close()


def _recount(cells: np.ndarray, luma: np.ndarray, reference: np.ndarray, box: Box, threshold: int) -> None:
    """Count the cells over ``box`` again (``luma`` changed there): the cells of a window
    aligned to them, not the whole frame a second time."""
    x1, y1 = box.x1 // BLOCK * BLOCK, box.y1 // BLOCK * BLOCK
    x2, y2 = min(luma.shape[1], -(-box.x2 // BLOCK) * BLOCK), min(luma.shape[0], -(-box.y2 // BLOCK) * BLOCK)
    window = changed_blocks(luma[y1:y2, x1:x2], reference[y1:y2, x1:x2], threshold)
    cells[y1 // BLOCK : y1 // BLOCK + window.shape[0], x1 // BLOCK : x1 // BLOCK + window.shape[1]] = window


def _moved(box: Box, motion: Motion) -> Box | None:
    if not box.intersection(motion.area):
        return box
    return in_view(box.translate(motion.dx, motion.dy), motion)


def _leaving(box: Box, motion: Motion) -> bool:
    """Is ``box`` at the edge of the motion's area that its content is scrolling out through?"""
    area = motion.area
    return ((motion.dy < 0 and box.y1 <= area.y1) or (motion.dy > 0 and box.y2 >= area.y2)
            or (motion.dx < 0 and box.x1 <= area.x1) or (motion.dx > 0 and box.x2 >= area.x2))


def _along_edge(box: Box, motion: Motion) -> bool:
    """Does ``box`` lie along the top or bottom edge of an area scrolling sideways? A row cut
    by a grid's bottom edge, scrolled sideways, is still cut: the scroll moves it but does
    not bring it in (an address showed for 49 frames). (A line cut at a side of a view
    scrolling up or down cannot be told from a whole line that spans the view.)"""
    area = motion.area
    return not motion.dy and (box.y1 <= area.y1 or box.y2 >= area.y2)


def _same_ink(luma: np.ndarray, box: Box, ink: np.ndarray, overlap: float = 0.5) -> bool:
    """Does ``box`` still show the glyph edges ``ink`` (at least ``overlap`` of them, both ways)?
    Dimming or brightening keeps them; other text in their place does not."""
    now = text_ink(luma[box.y1 : box.y2, box.x1 : box.x2]).astype(bool)
    was = ink.astype(bool)
    both = int((now & was).sum())
    return both >= overlap * max(int(was.sum()), 1) and both >= overlap * max(int(now.sum()), 1)


def _cut_by(crop: Box, strip: Box, area: Box) -> bool:
    """Does ``crop`` reach into ``strip`` and on to the edge of ``area`` it was revealed at?"""
    if not crop.intersection(strip) or strip == area:
        return False
    if strip.y2 == area.y2 and strip.y1 > area.y1:
        return crop.y2 >= area.y2
    if strip.y1 == area.y1 and strip.y2 < area.y2:
        return crop.y1 <= area.y1
    if strip.x2 == area.x2 and strip.x1 > area.x1:
        return crop.x2 >= area.x2
    if strip.x1 == area.x1 and strip.x2 < area.x2:
        return crop.x1 <= area.x1
    return False


def _edge_line(luma: np.ndarray, crop: Box, area: Box, line_height: float) -> Box | None:
    """The line of ``crop`` nearest the edge of the scrolling ``area`` (the run of ink rows,
    or columns for a sideways scroll, nearest that side) if it is cut: shorter than
    ``line_height``, the height of whole lines on screen; None when it is whole. Lines
    further in are whole and are read."""
    ink = text_ink(luma[crop.y1 : crop.y2, crop.x1 : crop.x2])
    vertical = crop.y2 >= area.y2 or crop.y1 <= area.y1
    profile = ink.any(axis=1 if vertical else 0)
    at_end = crop.y2 >= area.y2 if vertical else crop.x2 >= area.x2
    if at_end:
        profile = profile[::-1]
    rows = np.flatnonzero(profile)
    if rows.size == 0:
        return None
    first = n = int(rows[0])
    blank = 0
    while n < profile.size and blank <= 2:
        blank = 0 if profile[n] else blank + 1
        n += 1
    height = n - blank - first
    if vertical and line_height and height >= line_height + 2:  # +2: edge detection widens ink by 1 px a side
        return None  # as tall as whole lines: not cut
    if vertical:
        line = Box(crop.x1, crop.y2 - n, crop.x2, crop.y2) if at_end else Box(crop.x1, crop.y1, crop.x2, crop.y1 + n)
    else:
        line = Box(crop.x2 - n, crop.y1, crop.x2, crop.y2) if at_end else Box(crop.x1, crop.y1, crop.x1 + n, crop.y2)
    return _ink_extent(ink, line.translate(-crop.x1, -crop.y1), vertical).translate(crop.x1, crop.y1)


#: Where a line scrolling in at the bottom (top) edge of a view was seen cut: ("y2", the row
#: past its lowest ink) or ("y1", its topmost ink row). The view's edge is there or beyond.
Reach = tuple[str, int]

#: Blank rows (of the ink mask) between a line and where it was seen cut: it came in whole.
WHOLE_MARGIN = 2


def _ink_reach(luma: np.ndarray, crop: Box, area: Box, before: Sequence[Reach | None]) -> Reach | None:
    """Where the ink of ``crop``, a line cut at the top or bottom edge of ``area``, reaches
    towards that edge, or as far as it reached in earlier frames (``before``); None for a
    line cut at a side."""
    if crop.y2 >= area.y2:
        side = "y2"
    elif crop.y1 <= area.y1:
        side = "y1"
    else:
        return None
    rows = np.flatnonzero(text_ink(luma[crop.y1 : crop.y2, crop.x1 : crop.x2]).any(axis=1))
    if rows.size == 0:
        return None
    earlier = [r for s, r in (b for b in before if b is not None) if s == side]
    if side == "y2":
        return side, max([crop.y1 + int(rows[-1]) + 1, *earlier])
    return side, min([crop.y1 + int(rows[0]), *earlier])


def _came_in_whole(luma: np.ndarray, crop: Box, reach: Reach | None) -> bool:
    """Has a line deferred while it scrolled in (``crop``, moved since) come in whole: its ink
    now ends ``WHOLE_MARGIN`` rows short of where it was seen cut? The view's edge is at or
    beyond that row, so nothing of the line is hidden. Its glyphs' height cannot tell: a log
    line without parentheses is shorter than the lines with them, and one brought in whole
    by an eased scroll's last frames was covered as cut until the next scroll."""
    if reach is None:
        return False
    side, row = reach
    y1, y2 = (crop.y1, max(crop.y2, row)) if side == "y2" else (min(crop.y1, row), crop.y2)
    rows = np.flatnonzero(text_ink(luma[y1:y2, crop.x1 : crop.x2]).any(axis=1))
    if rows.size == 0:
        return False
    return y1 + int(rows[-1]) + 1 <= row - WHOLE_MARGIN if side == "y2" else y1 + int(rows[0]) >= row + WHOLE_MARGIN


def _ink_extent(ink: np.ndarray, line: Box, vertical: bool) -> Box:
    """``line`` (in ``ink``'s coordinates) cut down along its length to where it has ink, plus
    ``INK_MARGIN``: a crop spans a whole panel row, its cut line's blank stretches hide nothing."""
    along = ink[line.y1 : line.y2, line.x1 : line.x2].any(axis=0 if vertical else 1)
    filled = np.flatnonzero(along)
    if filled.size == 0:
        return line
    start, end = int(filled[0]) - INK_MARGIN, int(filled[-1]) + 1 + INK_MARGIN
    if vertical:
        return Box(max(line.x1, line.x1 + start), line.y1, min(line.x2, line.x1 + end), line.y2)
    return Box(line.x1, max(line.y1, line.y1 + start), line.x2, min(line.y2, line.y1 + end))


def _panels(image: np.ndarray) -> list[Box]:
    """Rectangles of the other polarity than the rest of a crop: dark ones in a light crop,
    light ones (found as dark ones in the crop turned over) in a dark crop."""
    dark = _dark_panels(image)
    return dark + [p for p in _dark_panels(cv2.bitwise_not(image)) if p not in dark]


def _dark_panels(image: np.ndarray) -> list[Box]:
    """Dark rectangles (a tooltip, a toast, a card image) taking part of a light crop, in crop
    coordinates, with a few pixels of their own background around their text."""
    height, width = image.shape
    dark = (image < 90).astype(np.uint8)
    share = float(dark.mean())
    if not 0.1 <= share <= 0.85 or height < 16:
        return []
    count, _, stats, _ = cv2.connectedComponentsWithStats(cv2.morphologyEx(dark, cv2.MORPH_CLOSE, _CLOSE), 8)
    panels = []
    for i in range(1, count):
        x, y, w, h, area = (int(v) for v in stats[i])
        if h >= 14 and w >= 40 and area >= 0.6 * w * h and area >= 0.05 * height * width \
                and (w < width - 4 or h < height - 4):
            panels.append(Box(x, y, x + w, y + h))
    return panels


_CLOSE = np.ones((3, 3), np.uint8)


def _merge_panel(words, panel: Box, panel_words):
    """The crop's words, with those inside ``panel`` replaced by the panel's own read (in
    crop coordinates). An error stays an error (the crop is covered)."""
    if isinstance(words, Exception) or isinstance(panel_words, Exception):
        return words if isinstance(words, Exception) else panel_words
    if not panel_words:
        return words
    kept = [w for w in words if (inside := w.box.intersection(panel)) is None or inside.area < 0.5 * w.box.area]
    return kept + [dataclasses.replace(w, box=w.box.translate(panel.x1, panel.y1), line=(-1, *w.line))
                   for w in panel_words]


def _part_image(image: np.ndarray) -> np.ndarray:
    """A part's image with ``PART_BORDER`` px of its own blank edge columns on each side
    (tesseract reads a word badly with only the few pixels of margin a gap between words gives)."""
    return cv2.copyMakeBorder(image, 0, 0, PART_BORDER, PART_BORDER, cv2.BORDER_REPLICATE)


def _unpad(word):
    return dataclasses.replace(word, box=word.box.translate(-PART_BORDER, 0))


def _inside_any(box: Box, areas: list[Box]) -> bool:
    return any(area.contains(box) for area in areas)
