"""The plan: what to blur, where and when. It joins analysis to rendering.

A plan is JSON a person can read and edit: disable a track, move a box, add a
manual box for a frame range, then re-render without analysing again. It
holds kinds and boxes, never the sensitive text itself. It records the
input's SHA-256 so it cannot be rendered over a different video by mistake.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Literal, Sequence

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .box import Box, check_corners
from .config import OutputConfig, RedactionConfig
from .errors import PlanError
from .io.atomic import atomic_output
from .files import describe_validation_error, read_user_file

PLAN_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Keyframe(_Model):
    frame: int = Field(ge=0)
    #: ``[x1, y1, x2, y2]`` in pixels of the decoded frame, x2/y2 exclusive.
    box: tuple[int, int, int, int]

    _corners = field_validator("box")(check_corners)


class Track(_Model):
    id: str
    kind: str
    source: Literal["ocr", "selector", "region", "manual", "failsafe"]
    enabled: bool = True
    first_frame: int = Field(ge=0)
    last_frame: int = Field(ge=0)
    #: Between keyframes the box holds (step) unless ``interpolate`` is true.
    interpolate: bool = False
    keyframes: list[Keyframe] = Field(min_length=1)

    @model_validator(mode="after")
    def _ordered(self) -> "Track":
        if self.last_frame < self.first_frame:
            raise ValueError("last_frame is before first_frame")
        frames = [k.frame for k in self.keyframes]
        if frames != sorted(frames):
            raise ValueError("keyframes must be sorted by frame")
        return self

    def box_at(self, frame: int, frames: Sequence[int] | None = None) -> Box | None:
        """The box on ``frame``; ``frames``: the keyframes' frame numbers, if the caller keeps them."""
        if not self.enabled or not self.first_frame <= frame <= self.last_frame:
            return None
        if frames is None:
            frames = [k.frame for k in self.keyframes]
        i = bisect.bisect_right(frames, frame) - 1
        if i < 0:
            return Box(*self.keyframes[0].box)
        here = Box(*self.keyframes[i].box)
        if not self.interpolate or i + 1 >= len(self.keyframes):
            return here
        nxt = self.keyframes[i + 1]
        t = (frame - frames[i]) / (nxt.frame - frames[i])
        return here.interpolate(Box(*nxt.box), t)


class VideoFacts(_Model):
    width: int
    height: int
    frame_count: int
    time_base: str
    average_rate: str | None
    duration: float | None
    rotation: int = 0
    sha256: str


class RenderSettings(_Model):
    redaction: RedactionConfig
    output: OutputConfig


class Stats(_Model):
    frames: int = 0
    #: Frames on which anything was read (OCR of at least one changed area).
    frames_analyzed: int = 0
    #: OCR calls, and the pixels they read in frames' worth (1.0 = one whole frame).
    ocr_reads: int = 0
    ocr_frame_share: float = 0.0
    #: Crops whose exact pixels had been read before: their words were reused, not read again.
    ocr_cache_hits: int = 0
    detector_failures: int = 0
    tracks_by_kind: dict[str, int] = {}
    seconds: dict[str, float] = {}


class MadeBy(_Model):
    """Provenance: lets a batch or a queue tell an output that is up to date from a stale one."""

    blur_version: str
    #: SHA-256 of the resolved config (see :func:`blur.config.fingerprint`).
    config_sha256: str
    #: SHA-256 of the output written with this plan (set once it is complete).
    output_sha256: str | None = None


class Plan(_Model):
    version: Literal[1] = PLAN_VERSION
    video: VideoFacts
    settings: RenderSettings
    tracks: list[Track]
    stats: Stats = Stats()
    made_by: MadeBy | None = None

    @model_validator(mode="after")
    def _unique_ids(self) -> "Plan":
        ids = [t.id for t in self.tracks]
        if len(ids) != len(set(ids)):
            raise ValueError("track ids must be unique")
        return self

    def boxes_by_frame(self) -> "FrameBoxes":
        return FrameBoxes(self.tracks)

    def to_json(self) -> str:
        return self.model_dump_json(indent=2)

    def save(self, path: str | Path) -> None:
        """Write atomically: a reader never sees half a plan."""
        with atomic_output(Path(path)) as tmp:
            tmp.write_text(self.to_json() + "\n", encoding="utf-8")

    @classmethod
    def from_json(cls, text: str, source: str = "<plan>") -> "Plan":
        try:
            data: Any = json.loads(text)
        except json.JSONDecodeError as exc:
            raise PlanError(f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno})") from None
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise PlanError(describe_validation_error(source, exc)) from None

    @classmethod
    def load(cls, path: str | Path) -> "Plan":
        path = Path(path)
        return cls.from_json(read_user_file(path, "plan", PlanError), str(path))


@dataclass(frozen=True, slots=True)
class Steps:
    """A stepped track as a render walks it: the frame of each keyframe and the box held from
    it on. Plain values, no validation: the analysis hands the concurrent render a snapshot
    of its tracks every second, and building pydantic models for it was 6 % of a
    spreadsheet's analysis."""

    first_frame: int
    last_frame: int
    frames: list[int]
    boxes: list[Box]

    @classmethod
    def of(cls, track: Track) -> "Steps":
        return cls(track.first_frame, track.last_frame, [k.frame for k in track.keyframes],
                   [Box(*k.box) for k in track.keyframes])

    def box_at(self, frame: int) -> Box | None:
        """What :meth:`Track.box_at` answers for the same stepped track."""
        if not self.first_frame <= frame <= self.last_frame:
            return None
        return self.boxes[max(0, bisect.bisect_right(self.frames, frame) - 1)]


class _Interpolated:
    """An interpolated track with its keyframes' frame numbers listed once, not on every frame."""

    def __init__(self, track: Track) -> None:
        self.track, self.last_frame = track, track.last_frame
        self.frames = [k.frame for k in track.keyframes]

    def box_at(self, frame: int) -> Box | None:
        return self.track.box_at(frame, self.frames)


class FrameBoxes:
    """Boxes per frame for a sequential render pass, without scanning every track per frame."""

    def __init__(self, tracks: Iterable[Track | Steps]) -> None:
        self._pending = sorted((t for t in tracks if not isinstance(t, Track) or t.enabled),
                               key=lambda t: t.first_frame, reverse=True)
        #: Tracks in force, stepped ones as :class:`Steps` (keyframe boxes made once, not on
        #: every frame: a spreadsheet has 350 boxes a frame).
        self._active: list[Steps | _Interpolated] = []

    def at(self, frame: int) -> list[Box]:
        while self._pending and self._pending[-1].first_frame <= frame:
            track = self._pending.pop()
            if isinstance(track, Track):
                track = _Interpolated(track) if track.interpolate else Steps.of(track)
            self._active.append(track)
        self._active = [t for t in self._active if t.last_frame >= frame]
        boxes = []
        for track in self._active:
            box = track.box_at(frame)
            if box is not None:
                boxes.append(box)
        return boxes
