"""Views of the three planes of a 4:2:0 frame, and box mapping.

Either of a decoded frame's own buffers (:meth:`Planes.of_frame`, no copy:
redacting in place saves a full-frame round trip through numpy) or of
PyAV's packed ``to_ndarray()`` layout (:meth:`Planes.of`): one (H*3/2) x W
array, the luma plane, then the two quarter-size chroma planes.
"""

from __future__ import annotations

from dataclasses import dataclass

import av
import numpy as np

from ..box import Box


@dataclass
class Planes:
    y: np.ndarray
    u: np.ndarray
    v: np.ndarray

    @classmethod
    def of(cls, packed: np.ndarray, width: int, height: int) -> "Planes":
        cw, ch = width // 2, height // 2
        y = packed[:height]
        chroma = packed[height:].reshape(-1)
        u = chroma[: cw * ch].reshape(ch, cw)
        v = chroma[cw * ch : 2 * cw * ch].reshape(ch, cw)
        return cls(y, u, v)

    @classmethod
    def of_frame(cls, frame: av.VideoFrame) -> "Planes":
        """Writable views of a planar 4:2:0 frame's planes (the frame is made writable first:
        a decoder may still hold its buffers as references for later frames)."""
        frame.make_writable()
        views = []
        for plane in frame.planes[:3]:
            rows = np.frombuffer(plane, np.uint8).reshape(plane.height, plane.line_size)
            views.append(rows[:, : plane.width])
        return cls(*views)

    def each(self) -> list[tuple[np.ndarray, int]]:
        """Each plane with its subsampling factor."""
        return [(self.y, 1), (self.u, 2), (self.v, 2)]


def scaled(box: Box, factor: int) -> Box:
    """The box in a plane subsampled by ``factor``, rounded outward."""
    if factor == 1:
        return box
    return Box(box.x1 // factor, box.y1 // factor, -(-box.x2 // factor), -(-box.y2 // factor))
