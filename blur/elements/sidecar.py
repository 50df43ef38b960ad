"""The DOM-geometry sidecar: what a recorder saw in the page, as JSON lines.

Format ``blur-elements`` version 1 (written by ``blur/elements/capture.js``):

* line 1, the header: ``{"format": "blur-elements", "version": 1,
  "selectors": [...], "attributes": [...], "heartbeat_ms": 250}``: the
  selectors the capture looked for and the attributes it recorded.
* then one sample per line, ``t`` in ms from the recording's start, in order:
  ``{"t": 120.5, "viewport": [1280, 720], "dpr": 1.25, "elements": [...]}``
  is a full snapshot; ``{"t": 370.5}`` is a heartbeat (nothing changed).
* an element: ``{"k": 7, "tag": "input", "attrs": {"type": "password"},
  "path": [{"k": 1, "tag": "html", "attrs": {}}, ...], "box": [x, y, w, h]}``:
  a stable key, its selector-relevant attributes (never text or values), its
  ancestors from the document root (within its own document), and its
  visible box in viewport CSS pixels (clipped; iframes offset into the page).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..errors import BlurError
from ..files import describe_validation_error, read_user_file

FORMAT = "blur-elements"
VERSION = 1


class SidecarError(BlurError):
    """The elements sidecar is missing or malformed; the message names the line."""

    exit_code = 9


class _Model(BaseModel):
    # Unknown keys are ignored: a newer capture may add fields within version 1.
    model_config = ConfigDict(extra="ignore", frozen=True)


class Node(_Model):
    k: int
    tag: str = Field(min_length=1)
    attrs: dict[str, str] = {}


class Element(Node):
    path: list[Node] = []
    box: tuple[float, float, float, float]

    def model_post_init(self, context: object) -> None:
        if self.box[2] < 0 or self.box[3] < 0:
            raise ValueError("box width and height must not be negative")


class Header(_Model):
    format: Literal["blur-elements"]
    version: Literal[1]
    selectors: list[str]
    attributes: list[str]
    heartbeat_ms: float = Field(gt=0)


class Sample(_Model):
    t: float = Field(ge=0)
    viewport: tuple[float, float] | None = None
    dpr: float | None = Field(default=None, gt=0)
    elements: list[Element] | None = None

    @property
    def is_snapshot(self) -> bool:
        return self.elements is not None


class Sidecar:
    """A parsed sidecar: the header and the samples in time order."""

    def __init__(self, header: Header, samples: list[Sample], source: str) -> None:
        self.header, self.samples, self.source = header, samples, source

    @classmethod
    def parse(cls, text: str, source: str = "<elements>") -> "Sidecar":
        lines = text.splitlines()
        if not lines or not lines[0].strip():
            raise SidecarError(f"{source}: empty; the first line must be the blur-elements header")
        header = _parse(Header, lines[0], source, 1)
        samples: list[Sample] = []
        for number, line in enumerate(lines[1:], start=2):
            if not line.strip():
                continue
            sample = _parse(Sample, line, source, number)
            if samples and sample.t < samples[-1].t:
                raise SidecarError(f"{source}: line {number}: t goes back in time ({sample.t} < {samples[-1].t})")
            if sample.is_snapshot and (sample.viewport is None or sample.dpr is None):
                raise SidecarError(f"{source}: line {number}: a snapshot needs viewport and dpr")
            if sample.viewport is not None and min(sample.viewport) <= 0:
                raise SidecarError(f"{source}: line {number}: viewport must be positive")
            samples.append(sample)
        if not any(s.is_snapshot for s in samples):
            raise SidecarError(f"{source}: no snapshot lines (is the capture running?)")
        return cls(header, samples, source)

    @classmethod
    def load(cls, path: str | Path) -> "Sidecar":
        path = Path(path)
        return cls.parse(read_user_file(path, "elements sidecar", SidecarError), str(path))


def _parse(model: type[_Model], line: str, source: str, number: int):
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        raise SidecarError(f"{source}: line {number}: not valid JSON (column {exc.colno})") from None
    if number == 1 and (not isinstance(data, dict) or data.get("format") != FORMAT):
        raise SidecarError(f"{source}: line 1: not a blur-elements sidecar (no \"format\": \"{FORMAT}\" header)")
    if number == 1 and data.get("version") != VERSION:
        raise SidecarError(f"{source}: line 1: sidecar version {data.get('version')!r} is not supported "
                           f"(this blur reads version {VERSION})")
    try:
        return model.model_validate(data)
    except (ValidationError, ValueError) as exc:
        problem = describe_validation_error(f"{source}: line {number}", exc) if isinstance(
            exc, ValidationError) else f"{source}: line {number}: {exc}"
        raise SidecarError(problem) from None
