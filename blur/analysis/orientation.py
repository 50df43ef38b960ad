"""Display rotation: frames are analysed as shown, boxes are drawn on frames as stored.

A phone recording stored sideways carries a display rotation; its text is
only readable turned upright (OCR reads nothing sideways, so analysing the
stored frame left everything on it sharp). PyAV's ``frame.rotation`` is the
counter-clockwise angle that shows the frame upright: ``np.rot90(stored,
rotation // 90)`` is what the viewer sees.
"""

from __future__ import annotations

from ..box import Box
from ..plan import Keyframe, Track


def display_turns(rotation: int) -> int:
    """Quarter turns counter-clockwise (0-3) from the stored frame to the shown one."""
    return (round(rotation / 90) % 4) if rotation else 0


def box_to_stored(box: Box, turns: int, width: int, height: int) -> Box:
    """``box`` on the shown frame, on the stored ``width`` x ``height`` frame."""
    x1, y1, x2, y2 = box.x1, box.y1, box.x2, box.y2
    if turns == 1:  # shown[i, j] = stored[j, W-1-i]
        return Box(width - y2, x1, width - y1, x2)
    if turns == 2:  # shown[i, j] = stored[H-1-i, W-1-j]
        return Box(width - x2, height - y2, width - x1, height - y1)
    if turns == 3:  # shown[i, j] = stored[H-1-j, i]
        return Box(y1, height - x2, y2, height - x1)
    return box


def to_stored(track: Track, turns: int, width: int, height: int) -> Track:
    """``track`` with its boxes moved from the shown frame to the stored one."""
    if not turns:
        return track
    keyframes = [Keyframe(frame=k.frame, box=tuple(box_to_stored(Box(*k.box), turns, width, height).as_list()))
                 for k in track.keyframes]
    return track.model_copy(update={"keyframes": keyframes})
