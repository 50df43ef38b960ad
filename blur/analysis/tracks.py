"""Link per-frame detections into tracks, and pad them in time.

Detections arrive only for analysed frames; a frame that was not analysed
shows the same content as the last analysed one, so its boxes are the ones
found there. A detection continues an open track of the same kind whose box
overlaps it. Around that, everything errs towards covering:

- onset: a new track starts back where its box began to show the value
  (being typed: :mod:`blur.analysis.onset`; scrolling into view: followed
  back along the recorded motion);
- lingering: a track the detector no longer finds stays open while its box
  still shows the value or a left part of it (deleting, a missed read);
- bridging: a track lost and found again in the same place within
  ``bridge_gap`` seconds is covered through the gap, unless the place
  showed other text meanwhile;
- hold: each track is kept ``hold_before``/``hold_after`` seconds longer on
  both sides, by real timestamps so variable-frame-rate videos get the same.
"""

from __future__ import annotations

import bisect
from collections import deque
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Sequence

import numpy as np

from ..box import Box
from ..detect.base import Detection
from ..plan import Keyframe, Steps, Track
from .motion import Motion, in_view
from .onset import (SCALE, FrameHistory, animated_path, has_ink, locate, partly_shows, region, same_ink,
                    shows_its_part, shows_other_text, shows_part_of, typing_onset)


EDGE_SLACK = 8  # px
#: The kind of failsafe tracks over lines cut by the edge of a scrolling view, not read yet.
CUT_KIND = "cut_line"
#: How far (in box heights) a value may have travelled through an animated area before it was read.
ANIMATION_REACH = 3
#: Frames a value not found again is covered over where an animation may have taken it.
ANIMATION_FRAMES = 15


@dataclass(eq=False)  # identity: tracks are found in lists by `is`, and hold numpy arrays
class _Building:
    kind: str
    source: str
    first_frame: int
    last_frame: int
    keyframes: list[tuple[int, Box]] = field(default_factory=list)
    #: The box's pixels (half resolution) when the value was last detected.
    reference: np.ndarray | None = None
    #: Time (s) the detector stopped finding it, while it may still be bridged.
    lost_at: float = 0.0
    #: It came into view by scrolling (its start is known exactly: no hold
    #: before), or left view by scrolling (no hold after).
    scrolled_in: bool = False
    scrolled_out: bool = False
    #: The frame at which scrolling cut it at the edge of the view, and whether that edge runs
    #: across (cut at the top or bottom) rather than down the view.
    edge_frame: int = -1
    edge_across: bool = False
    #: The view's edges that cut it: side of the box ("x1", "y1", "x2" or "y2") -> where the
    #: edge is. Kept while it is cut, whatever later motions' areas say: a diagonal scroll
    #: under a frozen column is followed as one motion over the column too, and the part of
    #: a value under the column would otherwise come back as in view, and no longer cut.
    cut_at: dict[str, int] = field(default_factory=dict)
    #: The last frame the detector found it in (it may linger after that), and its box there,
    #: moved along with scrolling since: where the value itself is, in the shape of
    #: ``reference`` (``box``, what is covered, may be wider: the path of an animation).
    found_frame: int = -1
    found_box: Box | None = None
    #: ``found_box`` before the last scroll moved it (an overlay's motion may have been taken
    #: for the value's: a modal's panel sliding up over part of it).
    unmoved: Box | None = None
    #: A shadow (see ``TrackBuilder._shadow``) moves along this axis ("x" or "y") only;
    #: ``shadowed``: it has one (or is one).
    axis: str | None = None
    shadowed: bool = False

    @property
    def box(self) -> Box:
        return self.keyframes[-1][1]

    def move_to(self, frame: int, box: Box) -> None:
        if self.keyframes[-1][0] == frame:
            self.keyframes[-1] = (frame, box)
        elif box != self.box:
            self.keyframes.append((frame, box))


#: Pixels by which a value a scroll moved may be off where the scroll took it (half a pixel at
#: the half resolution values are compared at, and a pixel's error in an eased scroll's estimate).
SCROLL_SLIP = 2 * SCALE


def _in(box: Box, area: Box) -> bool:
    """Does ``box`` take part in the motion of ``area``? Any overlap counts, or nearly: a
    value half scrolled out is cut at the area's edge and must keep moving with it,
    and the edge found for the next frame's motion may lie a few pixels further in."""
    return box.intersection(area.pad(EDGE_SLACK, EDGE_SLACK)) is not None


def _rest_still_shows(track: _Building, found: Box, small: np.ndarray) -> bool:
    """Is ``track``'s value found again as only part of what it was (``found``), while the
    rest of it still shows as it did? Then the value has not shrunk: the detector cut it
    short this time (a label half hidden by a tooltip fading in took only the "+44" of a
    phone number for its value, and the digits typed beside it showed for a frame)."""
    old = track.found_box
    if (track.source != "ocr" or old is None or track.reference is None or found.contains(old)
            or not found.intersection(old)):
        return False
    # Slivers narrower than half a character (a box found a few px further in) hold no value.
    rest = [Box(x1, old.y1, x2, old.y2) for x1, x2 in ((old.x1, min(found.x1, old.x2)), (max(found.x2, old.x1), old.x2))
            if x2 - x1 >= old.height // 2]
    return bool(rest) and all(shows_its_part(small, track.reference, old, part, REST_SHARE) for part in rest)


#: Share of the rest's pixels that may differ from the value's (within a pixel) for it to be
#: taken as still showing: a generous bound, since erring keeps a cover on, never off (the
#: pointer's tail over the sign-up's phone digits was 2.2 %; other digits there 4 %; the
#: digits deleted leave no ink and always shrink the cover).
REST_SHARE = 0.1


def _cover_since(track: _Building, frame: int, box: Box) -> None:
    """Make ``track`` cover ``box`` too from ``frame`` on (in the keyframes it has so far).

    ``box`` is where the value is now; in each earlier keyframe it is taken where that
    keyframe stood relative to the track's box now: a value a scroll carried while it was
    not read again (a log's line followed up the view for 30 frames) was not on the whole
    path at once (the union drew a cover 300 px tall down the log)."""
    now = track.box
    earlier = [(f, b) for f, b in track.keyframes if f < frame]
    later = [(f, b.union(box.translate(b.x1 - now.x1, b.y1 - now.y1))) for f, b in track.keyframes if f >= frame]
    if not later or later[0][0] > frame:
        start = earlier[-1][1] if earlier else track.keyframes[0][1]
        later.insert(0, (frame, start.union(box.translate(start.x1 - now.x1, start.y1 - now.y1))))
    track.keyframes = earlier + later


def _value_sized(track: _Building) -> bool:
    """Is the track's box the value's own (not grown over an animation's path, a toast's
    that slid in over it: the motion found is the toast's, and its edge no view's)?"""
    value = track.found_box
    return value is None or (track.box.height <= 1.5 * value.height and track.box.width <= 1.5 * value.width)


def _cut_sides(moved: Box, box: Box) -> dict[str, int]:
    """The sides of ``moved`` that cutting it to the view (giving ``box``) took off, and where."""
    return {side: getattr(box, side) for side in ("x1", "y1", "x2", "y2") if getattr(box, side) != getattr(moved, side)}


def _leaving_side(motion: Motion) -> dict[str, int]:
    """The edge of the motion's area its content scrolls out through."""
    area = motion.area
    if motion.dy:
        return {"y1": area.y1} if motion.dy < 0 else {"y2": area.y2}
    if motion.dx:
        return {"x1": area.x1} if motion.dx < 0 else {"x2": area.x2}
    return {}


def _edges_held(cut_at: dict[str, int], area: Box) -> dict[str, int]:
    """The edges that cut a track, each moved out to ``area``'s own edge on its side when
    this motion found the view a little larger there (the edge found wavers by a few
    pixels); an area reaching much further (over a frozen column) does not take a cut away."""
    held = {}
    for side, at in cut_at.items():
        edge = getattr(area, side)
        outward = at - edge if side in ("x1", "y1") else edge - at
        held[side] = edge if 0 < outward <= EDGE_SLACK else at
    return held


def _cut(box: Box, cut_at: dict[str, int]) -> Box | None:
    """``box`` with what lies beyond the edges ``cut_at`` taken off (None: nothing is left)."""
    x1 = max(box.x1, cut_at.get("x1", box.x1))
    y1 = max(box.y1, cut_at.get("y1", box.y1))
    x2 = min(box.x2, cut_at.get("x2", box.x2))
    y2 = min(box.y2, cut_at.get("y2", box.y2))
    return Box(x1, y1, x2, y2) if x2 > x1 and y2 > y1 else None


def _mostly_in(box: Box, area: Box) -> bool:
    """Is most of ``box`` inside ``area`` (a value just outside a scrolling view, in a
    still cell below it, does not scroll with it)?"""
    inside = box.intersection(area)
    return inside is not None and inside.area >= 0.5 * box.area


class _Candidates:
    """Tracks a frame's detections may continue, each taken by at most one: the one of the
    detection's kind and source its box overlaps most (intersection over union, at least
    ``min_overlap``; of equals, the last). Scored with numpy, all at once: a dense screen
    has hundreds of values, and a Python loop over every pair was a twentieth of a run."""

    def __init__(self, tracks: Sequence[_Building]) -> None:
        self._tracks = list(tracks)
        self._free = np.ones(len(self._tracks), dtype=bool)
        self._boxes = np.array([t.box.as_list() for t in self._tracks], dtype=np.int64).reshape(-1, 4)
        self._of_key: dict[tuple[str, str], np.ndarray] = {}
        for n, t in enumerate(self._tracks):
            if t.axis is None:  # a shadow is a cover only: it continues no detection
                self._of_key.setdefault((t.kind, t.source), []).append(n)  # type: ignore[arg-type]
        self._of_key = {k: np.array(v, dtype=np.int64) for k, v in self._of_key.items()}

    def take_best(self, det: Detection, min_overlap: float) -> _Building | None:
        index = self._of_key.get((det.kind, det.source))
        if index is None:
            return None
        index = index[self._free[index]]
        if index.size == 0:
            return None
        b = det.box
        x1, y1, x2, y2 = self._boxes[index].T
        width = np.minimum(x2, b.x2) - np.maximum(x1, b.x1)
        height = np.minimum(y2, b.y2) - np.maximum(y1, b.y1)
        inter = np.where((width > 0) & (height > 0), width * height, 0)
        union = (x2 - x1) * (y2 - y1) + b.area - inter
        score = np.where(inter > 0, inter / np.maximum(union, 1).astype(np.float64), 0.0)
        ok = np.flatnonzero(score >= min_overlap)
        if ok.size == 0:
            return None
        top = ok[score[ok] == score[ok].max()][-1]
        self._free[index[top]] = False
        return self._tracks[index[top]]

    def left(self) -> list[_Building]:
        """The tracks not taken, in their order."""
        return [t for t, free in zip(self._tracks, self._free) if free]


class TrackBuilder:
    """Builds tracks from the detections of analysed frames, in frame order."""

    def __init__(self, min_overlap: float = 0.3, history_frames: int = 150, lookback_frames: int = 300,
                 bridge_gap: float = 1.0) -> None:
        self.min_overlap = min_overlap
        self.lookback_frames = lookback_frames
        self.bridge_gap = bridge_gap
        self.history = FrameHistory(history_frames)
        #: (analysed frame, the motions compensated at it), oldest first.
        self._motions: deque[tuple[int, list[Motion]]] = deque(maxlen=history_frames)
        self._pending_motions: list[Motion] = []
        #: (analysed frame, the placeholders read whole there and their pixels), oldest first.
        self._spared: deque[tuple[int, list[tuple[Box, np.ndarray]]]] = deque(maxlen=history_frames)
        self._open: list[_Building] = []
        self._lost: list[_Building] = []
        self._done: list[_Building] = []

    def move(self, frame: int, motion: Motion, dropped: Sequence[Box] = ()) -> None:
        """The content of ``motion.area`` scrolled at ``frame``: tracks in it move along.

        ``dropped``: lines the scroll took to the view's edge, whose words were dropped
        (see :meth:`ScreenText.move`): a value on one of them is no longer found, and is
        held as cut at that edge although its own box is not cut yet (a phone number in a
        table row going under a sticky header showed half for a frame)."""
        self._pending_motions.append(motion)
        shadows: list[_Building] = []
        for track in self._open + self._lost:
            if _in(track.box, motion.area) and (track.edge_frame >= 0 or _mostly_in(track.box, motion.area)):
                moved = track.box.translate(motion.dx, motion.dy)
                if track.cut_at and track.found_box is not None and track.axis is None and _value_sized(track):
                    # Cut at an edge it may now come back out from (a row scrolled back out from
                    # under a sticky header): the whole value moves, not just the part that
                    # showed (its cover stayed 2 px tall while its digits came back in view).
                    moved = moved.union(track.found_box.translate(motion.dx, motion.dy))
                box = in_view(moved, motion)
                if track.axis is not None:  # a shadow: moves along its own axis only
                    moved = track.box.translate(motion.dx if track.axis == "x" else 0,
                                                motion.dy if track.axis == "y" else 0)
                    box = in_view(moved, motion)
                elif (box is not None and motion.dx and motion.dy and not track.shadowed and track.source == "ocr"
                      and track.kind != CUT_KIND and (track.edge_frame >= 0 or box != moved)):
                    shadows.append(self._shadow(frame, track, motion, box, moved))
                value_sized = _value_sized(track)
                if not value_sized:
                    track.cut_at = {}  # a cover over an animation's path: its edges are the path's
                if box is not None and track.cut_at:
                    track.cut_at = _edges_held(track.cut_at, motion.area)
                    box = _cut(box, track.cut_at)
                if box is None:
                    track.scrolled_out = True  # gone from view: will not be found again
                else:
                    track.move_to(frame, box)
                    if track.found_box is not None:
                        track.unmoved = track.found_box
                        track.found_box = track.found_box.translate(motion.dx, motion.dy)
                    # Half out of view, it cannot be read any more: keep it until it is gone.
                    # Moved along the edge that cuts it (a grid scrolled sideways with a row
                    # cut at its bottom), it is still cut (an address showed for 36 frames).
                    # A cover grown over an animation's path is cut where the value is: the path
                    # cut by the view says nothing of it (a toast's email, slid out, was held as
                    # cut for 130 frames over the still sidebar its path had crossed).
                    if box != moved and (value_sized or track.found_box is None
                                         or in_view(track.found_box, motion) != track.found_box):
                        track.edge_frame, track.edge_across = frame, (box.y1, box.y2) != (moved.y1, moved.y2)
                        if value_sized:
                            track.cut_at = {**track.cut_at, **_cut_sides(moved, box)}
                    elif value_sized and any(box.intersects(line) for line in dropped):
                        track.edge_frame, track.edge_across = frame, bool(motion.dy)
                        track.cut_at = {**track.cut_at, **_leaving_side(motion)}
                    elif track.edge_frame >= 0 and (not (motion.dy if track.edge_across else motion.dx)
                                                    or _leaving_side(motion).keys() & track.cut_at.keys()):
                        track.edge_frame = frame  # along the edge, or on towards it: still cut
                    else:
                        track.edge_frame, track.cut_at = -1, {}
        self._open += [shadow for shadow in shadows if shadow is not None]

    def _shadow(self, frame: int, track: _Building, motion: Motion, box: Box, moved: Box) -> _Building | None:
        """A cover for where ``track`` (a value read by OCR), cut at the view's edge and so not
        readable, went if its part of a diagonally scrolled grid is frozen one way: a value
        cut at the grid's bottom may sit in a frozen column (which only scrolls up and
        down), one cut at a side in a header row (only sideways). The shadow moves along
        that axis alone until it has scrolled out too (a name in a frozen column slid out
        from under its cover, moved sideways with the grid)."""
        track.shadowed = True
        across = track.edge_across if track.edge_frame >= 0 else (box.y1, box.y2) != (moved.y1, moved.y2)
        axis = "y" if across else "x"
        place = in_view(track.box.translate(0 if across else motion.dx, motion.dy if across else 0), motion)
        if place is None:
            return None
        return _Building(track.kind, track.source, frame, frame, [(frame, place)], edge_frame=frame,
                         edge_across=across, scrolled_in=track.scrolled_in, shadowed=True, axis=axis)

    def observe(self, frame: int, time: float, detections: Sequence[Detection], small: np.ndarray | None = None,
                since: int | None = None, animations: Sequence[tuple[int, Box]] = (),
                spared: Sequence[Box] = ()) -> None:
        """Record what analysing ``frame`` (at ``time`` seconds) found (an empty list: nothing).

        ``small`` is the frame's luma at half resolution (see
        :func:`blur.analysis.onset.downscale`); without it no onset, lingering
        or bridging check is made. ``since``: the frame from which this
        frame's content may have been on screen unanalysed (a transition);
        new tracks start no later than that. ``animations``: areas that have
        changed in every frame since the given frame (content sliding or
        fading in): a new value inside one is followed back through it by
        its pixels, and one not read again inside one is looked for nearby.
        ``spared``: placeholders read whole in this frame and found harmless;
        a value found later over the same unchanged ink (a misreading of it, a
        focus ring or the pointer glued to it) is not followed back past them.
        """
        self._motions.append((frame, self._pending_motions))
        self._pending_motions = []
        open_tracks, lost_tracks = _Candidates(self._open), _Candidates(self._lost)
        still_open = []
        for det in detections:
            best = open_tracks.take_best(det, self.min_overlap)
            if best is None:  # found again within the bridge gap: covered through it
                best = lost_tracks.take_best(det, self.min_overlap)
            if best is None:
                best = self._new_track(frame, det, small, since, animations)
            if best.source == "ocr" and 0 <= best.found_frame < frame - 1 and not best.box.contains(det.box):
                # Lingered unread while it grew (typing on after a partial match): what it
                # grew into was on screen in the frames between, so they get the union.
                _cover_since(best, best.found_frame + 1, det.box)
            box = det.box
            if small is not None and _rest_still_shows(best, det.box, small):
                box = det.box.union(best.found_box)  # type: ignore[arg-type]
            best.move_to(frame, box)
            best.last_frame, best.edge_frame, best.found_frame, best.found_box = frame, -1, frame, box
            best.cut_at = {}
            if small is not None:
                best.reference = region(small, box).copy()
            still_open.append(best)
        self._lost = lost_tracks.left()
        for track in open_tracks.left():
            if track.kind == CUT_KIND or track.source == "failsafe":
                # Read whole now (or gone): nothing left to cover. The analysis says in every
                # frame what it cannot vouch for; a cover it no longer asks for does not linger
                # (one moved in from a view's edge stayed on over a plain log line for 120 frames).
                track.last_frame = frame - 1
                self._done.append(track)
                continue
            if small is not None and self._follow_unread(track, frame, small, animations):
                still_open.append(track)
                continue
            if track.scrolled_out:
                track.last_frame = frame - 1
                self._done.append(track)
                continue
            if track.edge_frame >= 0:
                # Cut at the edge of the view, where it cannot be read: covered
                # while it moves along the edge or stays as it was; when the
                # box shows something else, the rest of it has scrolled away.
                if track.edge_frame == frame or (small is not None and (self.history.unchanged(track.box, small)
                                                                         or self._tail_redrawn(track, small))):
                    track.last_frame = frame
                    still_open.append(track)
                else:
                    # Ink still in the box may be the same value's last part, moved by less than
                    # a scroll step was seen to (a grid easing to a stop re-draws it a pixel
                    # over): held then as any value is (the tail of a phone number showed at a
                    # frozen column's edge for a frame). An empty box is gone for good.
                    track.last_frame = frame - 1
                    track.scrolled_out = small is None or not has_ink(region(small, track.box))
                    self._done.append(track)
                continue
            if small is not None and track.reference is not None and shows_part_of(
                region(small, track.found_box or track.box), track.reference
            ):
                track.last_frame = frame  # still showing (part of) the value
                still_open.append(track)
                continue
            track.last_frame = frame - 1
            track.lost_at = time
            self._lost.append(track)
        self._open = still_open
        lost = []
        for track in self._lost:
            if track.edge_frame == frame and track.cut_at:
                # A scroll took it to a view's edge and cuts it there: it cannot be read
                # any more, found or not, and is covered until it has scrolled out (a
                # number lost a few frames before reaching a frozen column showed its last
                # digit beside the column when no other track of its box was left).
                track.last_frame = frame
                self._open.append(track)
                continue
            expired = time - track.lost_at > self.bridge_gap
            overwritten = small is not None and track.reference is not None and shows_other_text(
                region(small, track.found_box or track.box), track.reference
            )
            (self._done if expired or overwritten else lost).append(track)
        self._lost = lost
        if spared and small is not None:
            self._spared.append((frame, [(b, region(small, b).copy()) for b in spared]))
        if small is not None:
            self.history.add(frame, small)

    def _tail_redrawn(self, track: _Building, small: np.ndarray) -> bool:
        """Does the box of a track cut at a view's edge show what it showed, moved by up to a
        pixel, and is that the value's own part where the scrolls took it? A grid easing to
        a stop moves the tail of a number under a frozen column by fractions of a pixel in
        frames no scroll is found in; an overlay that slid over a value (a toast: its motion
        taken for the value's) shows its own text where the value was taken to."""
        return (self.history.redrawn(track.box, small) and track.reference is not None
                and track.found_box is not None and shows_its_part(small, track.reference, track.found_box, track.box))

    def _follow_unread(self, track: _Building, frame: int, small: np.ndarray,
                       animations: Sequence[tuple[int, Box]]) -> bool:
        """Keep covering a value the detector did not find again, where its pixels say it is.

        It may still be there, dimmed under a backdrop or fading (its pixels
        correlate in place), partly hidden by an overlay, or moved while its
        surroundings animate (a thread pushed up by a new message: found
        nearby, else covered over where it may have gone, for a short while).
        A value a scroll moved this frame is looked for only where the scroll
        took it; one cut at a view's edge is followed by the scroll instead.
        True: the track stays open.
        """
        if (track.source != "ocr" or track.found_box is None or track.reference is None or track.scrolled_out
                or track.edge_frame >= 0):
            return False
        value = track.found_box
        if track.keyframes[-1][0] == frame:
            # A scroll moved it this frame: it is where the scroll took it, or, when the motion
            # was an overlay's sliding over part of it, still where it was.
            # Compared piece by piece where it went, or whole within a pixel or two of there: a
            # scroll by an odd number of pixels moves it half a pixel at the comparison's
            # resolution, and its pieces then correlated at 0.6-0.8 (an e-mail OCR no longer
            # read whole was dropped on a 1-px scroll, and showed through the jump that followed).
            # (Where it was is not searched around: a value a small scroll moved is found there too.)
            for place, around in ((value, True), (track.unmoved, False)):
                if place is not None and (partly_shows(small, track.reference, place) or (
                        around and locate(small, track.reference, place, SCROLL_SLIP) is not None)):
                    track.found_box = place
                    track.move_to(frame, track.box.union(place))
                    track.last_frame = frame
                    return True
            return False
        moving = [area for start, area in animations if start < frame and area.intersection(track.box)]
        if moving and (frame - track.found_frame > ANIMATION_FRAMES or not self.history.jumped(track.box, small)):
            moving = []  # unchanged or fading where it is, or gone (animations are short)
        reach = int(ANIMATION_REACH * value.height) if moving else 2 * EDGE_SLACK
        found = locate(small, track.reference, value, reach)
        if found is not None:  # the value itself, where it is now
            track.found_box = value.translate(found.x1 - value.x1 // SCALE * SCALE, found.y1 - value.y1 // SCALE * SCALE)
        elif not moving and partly_shows(small, track.reference, value):
            found = value  # part of it still shows (the rest is under something)
        if found is None and not moving:
            return False
        if found is None:
            bound = value.pad(reach, reach)
            found = track.box
            for area in moving:
                found = found.union(area.intersection(bound) or track.box)
        track.move_to(frame, found)
        track.last_frame = frame
        return True

    def _new_track(self, frame: int, det: Detection, small: np.ndarray | None, since: int | None,
                   animations: Sequence[tuple[int, Box]] = ()) -> _Building:
        track = _Building(det.kind, det.source, frame, frame, [(frame, det.box)])
        earliest = max(0, frame - self.lookback_frames)
        if det.source == "ocr":
            value = region(small, det.box) if small is not None else None
            before, track.scrolled_in = self._scrolled_in(frame, det.box, earliest, value)
            if before:
                track.keyframes = before + track.keyframes
                track.first_frame = before[0][0]
            if small is not None:  # not back past a frame that read the same ink as a placeholder
                earliest = max(earliest, self._spared_before(frame, det.box, small) + 1)
            if not before and small is not None:
                track.first_frame = typing_onset(self.history, frame, small, det.box, earliest)
            moving = [start for start, area in animations if start < frame and area.intersection(det.box)]
            if not before and moving and small is not None:
                # It slid or faded in: followed back through the animation to where it was legible.
                reach = int(ANIMATION_REACH * det.box.height)
                path = animated_path(self.history, frame, small, det.box, max(earliest, min(moving)), reach)
                if path:
                    track.keyframes = path + track.keyframes
                    track.first_frame = min(track.first_frame, path[0][0])
        if since is not None:
            track.first_frame = min(track.first_frame, since)
        return track

    def _spared_before(self, frame: int, box: Box, small: np.ndarray) -> int:
        """The last analysed frame before ``frame`` that found a placeholder inside ``box``
        whose pixels ``small`` still shows, give or take a pixel (-1: none). Read whole there
        and found a sample value drawn faintly: a value found over the same ink now is that
        ink misread ("223" for a grey "123", once, in a crop of other context) or read with
        the pointer or a focus ring glued to it. What a user types replaces the placeholder:
        its ink is gone, and the walk back finds the first keystroke."""
        for at, found in reversed(self._spared):
            if at < frame and any(_mostly_in(b, box) and same_ink(pixels, region(small, b)) for b, pixels in found):
                return at
        return -1

    def _scrolled_in(self, frame: int, box: Box, earliest: int,
                     value: np.ndarray | None = None) -> tuple[list[tuple[int, Box]], bool]:
        """Where ``box``'s content was before it scrolled to where ``frame`` shows it (oldest first).

        Each analysed frame that moved the content moves the box back; the
        box is cut at the scrolling area's edge, so a value half scrolled
        into view is covered by its visible half. Stops where the content
        did not move, or was not yet in view; the flag says it was the latter
        (the whole way in is known). Through frames that moved nothing it
        follows on while the box shows ``value`` (its pixels when read) there:
        a motion whose area took in a frozen header row moved it into the
        header, which then stood still for seconds, covered.
        """
        entries = [e for e in self._motions if e[0] <= frame]
        keyframes: list[tuple[int, Box]] = []
        whole = box  # the value's box, not cut at the view's edges
        for i in range(len(entries) - 1, 0, -1):
            at, motions = entries[i]
            before = entries[i - 1][0]
            if at <= earliest:
                break
            motion = next((m for m in motions if _in(box, m.area)), None)
            if motion is None:
                # Analysed for another reason (encoder noise as a scroll stops,
                # a change elsewhere): follow on only if the box did not change,
                # and shows the value.
                if not keyframes or not self.history.same(box, before, at):
                    break
                if value is not None and not self.history.shows(before, value, whole, box):
                    break
            else:
                moved = in_view(box.translate(-motion.dx, -motion.dy), motion)
                if moved is None:
                    return keyframes, True
                box = moved
                whole = whole.translate(-motion.dx, -motion.dy)
            keyframes.insert(0, (max(earliest, before), box))
        return keyframes, False

    def extend_open(self, frame: int) -> None:
        """``frame`` was not analysed: it shows what the last analysed frame showed."""
        for track in self._open:
            track.last_frame = frame

    def tracks(self, times: Sequence[float], hold_before: float, hold_after: float, *,
               final: bool = True, since: int = 0, until: int | None = None) -> list[Track | Steps]:
        """The tracks so far (``final``: close them all), held by real timestamps.

        ``times[i]`` is frame i's presentation time in seconds. A non-final
        call leaves the builder as it was, for rendering frames that no later
        analysis can change any more; ``since`` leaves out the tracks that end
        before that frame (already rendered): a snapshot of every track ever
        made, every second, made a long recording's analysis quadratic. A
        snapshot's tracks answer for frames ``since`` to ``until`` only, as
        :class:`~blur.plan.Steps` (final ones are the plan's :class:`Track`).
        """
        built = sorted(self._done + self._lost + self._open, key=lambda t: (t.first_frame, t.keyframes[0][1].y1))
        if final:
            self._done, self._lost, self._open = [], [], []
        result = []
        for n, b in enumerate(built, 1):
            # A line covered while cut by a view's edge is followed frame by frame, and
            # is uncovered as soon as it is read whole: no hold either side.
            before = 0.0 if b.scrolled_in or b.kind == CUT_KIND else hold_before
            after = 0.0 if b.scrolled_out or b.kind == CUT_KIND else hold_after
            last = bisect.bisect_right(times, times[b.last_frame] + after + 1e-9) - 1
            if max(last, b.last_frame) < since:
                continue
            first = bisect.bisect_left(times, times[b.first_frame] - before - 1e-9)
            if until is not None and first > until:
                continue
            fields = dict(id=f"{b.source}-{n}", kind=b.kind, source=b.source, first_frame=first,
                          last_frame=max(last, b.last_frame))
            if final:
                result.append(Track(**fields, keyframes=[Keyframe(frame=f, box=tuple(box.as_list()))
                                                         for f, box in b.keyframes]))
            else:
                # A snapshot for the concurrent render, every second: the same boxes as the final
                # plan, as plain values (see :class:`~blur.plan.Steps`), and only the keyframes in
                # force from ``since`` to ``until``: a value followed through a scroll has a keyframe
                # a frame, and copying them all in every snapshot was 40 % of a spreadsheet's run.
                start = max(0, bisect.bisect_right(b.keyframes, since, key=itemgetter(0)) - 1)
                end = len(b.keyframes) if until is None else bisect.bisect_right(b.keyframes, until, key=itemgetter(0))
                kept = b.keyframes[start : max(end, start + 1)]
                result.append(Steps(fields["first_frame"], fields["last_frame"], [f for f, _ in kept],
                                    [box for _, box in kept]))
        return result
