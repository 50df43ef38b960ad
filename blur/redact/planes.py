"""Views of the three planes of a packed 4:2:0 frame, and box mapping.

PyAV's ``to_ndarray()`` of a ``yuv420p`` frame is one (H*3/2) x W array: the
luma plane, then the two quarter-size chroma planes, each stored row after
row. The views returned here share memory with that array.
"""

from __future__ import annotations

from dataclasses import dataclass

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

    def each(self) -> list[tuple[np.ndarray, int]]:
        """Each plane with its subsampling factor."""
        return [(self.y, 1), (self.u, 2), (self.v, 2)]


def scaled(box: Box, factor: int) -> Box:
    """The box in a plane subsampled by ``factor``, rounded outward."""
    if factor == 1:
        return box
    return Box(box.x1 // factor, box.y1 // factor, -(-box.x2 // factor), -(-box.y2 // factor))
