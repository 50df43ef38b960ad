"""Element-selector rules: blur what a customer's CSS selectors name, from a DOM-geometry sidecar.

``capture.js`` (shipped here) runs in the recorded page and writes the
sidecar; :mod:`.sidecar` reads it, :mod:`.rules` decides per element with
soupsieve, :mod:`.timeline` turns samples into boxes per frame time, and
:func:`selector_tracks` puts them in the plan beside the OCR tracks.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Sequence

from ..config import Config
from ..plan import Keyframe, Track
from .sidecar import Sidecar, SidecarError
from .timeline import GAP, ElementBoxes

#: Attributes the capture always records.
ALWAYS_RECORDED = {"id", "class"}


def capture_script() -> str:
    """The JavaScript a page or browser extension injects to write the sidecar."""
    return resources.files("blur.elements").joinpath("capture.js").read_text(encoding="utf-8")


def check_coverage(sidecar: Sidecar, config: Config) -> None:
    """Refuse a sidecar that could not have seen what the config's selectors name."""
    e = config.elements
    wanted = e.blur_selectors() + e.unblur + e.opt_out
    missing = [s for s in wanted if s not in sidecar.header.selectors]
    if missing:
        raise SidecarError(
            f"{sidecar.source}: the capture did not look for {len(missing)} selector(s) of this config "
            f"(first: {missing[0]!r}); pass them to blurCapture.start({{selectors: [...]}})")
    recorded = set(sidecar.header.attributes) | ALWAYS_RECORDED
    from .rules import attributes_used  # soupsieve: only loaded when a sidecar is used

    unrecorded = sorted(attributes_used(wanted) - recorded)
    if unrecorded:
        raise SidecarError(
            f"{sidecar.source}: the capture did not record attribute(s) {unrecorded} that this config's "
            "selectors test; pass them to blurCapture.start({attributes: [...]})")


def element_boxes(path: str | Path, config: Config, width: int, height: int) -> ElementBoxes:
    """Load and check a sidecar for a ``width`` x ``height`` video (raises SidecarError)."""
    sidecar = Sidecar.load(path)
    check_coverage(sidecar, config)
    e = config.elements
    from .rules import ElementRules

    rules = ElementRules(e.blur_selectors(), e.unblur, e.opt_out)
    return ElementBoxes(sidecar, rules, e, width, height, config.analysis.hold_before, config.analysis.hold_after)


def selector_tracks(boxes: ElementBoxes, times: Sequence[float]) -> list[Track]:
    """One track per element (piece) and run of frames; a keyframe wherever its box changes."""
    open_tracks: dict[str, Track] = {}
    done: list[Track] = []
    for frame, t in enumerate(times):
        here = boxes.at_time(t)
        for key in list(open_tracks):
            if key not in here:
                done.append(open_tracks.pop(key))
        for key, box in here.items():
            corners = tuple(box.as_list())
            track = open_tracks.get(key)
            if track is None:
                gap = key == GAP
                open_tracks[key] = Track(
                    id=f"{'gap' if gap else 'selector'}-{len(done) + len(open_tracks) + 1}",
                    kind="elements_gap" if gap else "element",
                    source="failsafe" if gap else "selector",
                    first_frame=frame, last_frame=frame,
                    keyframes=[Keyframe(frame=frame, box=corners)])
            else:
                track.last_frame = frame
                if track.keyframes[-1].box != corners:
                    track.keyframes.append(Keyframe(frame=frame, box=corners))
    done.extend(open_tracks.values())
    done.sort(key=lambda t: (t.first_frame, t.id))
    for n, track in enumerate(done, start=1):  # stable ids in frame order
        track.id = f"{'gap' if track.kind == 'elements_gap' else 'selector'}-{n}"
    return done


__all__ = ["ElementBoxes", "Sidecar", "SidecarError", "capture_script", "check_coverage",
           "element_boxes", "selector_tracks"]
