"""Assertions on decoded output: coverage of ground truth, sharpness elsewhere."""

from __future__ import annotations

import numpy as np

from blur.box import Box
from blur.plan import Plan


def plan_boxes(plan: Plan, frame: int) -> list[Box]:
    return [b for t in plan.tracks if (b := t.box_at(frame)) is not None]


def covered(gt: tuple[int, int, int, int], boxes: list[Box]) -> bool:
    """Is every pixel of the ground-truth box inside some plan box?"""
    x1, y1, x2, y2 = gt
    mask = np.zeros((y2 - y1, x2 - x1), bool)
    for b in boxes:
        i = b.intersection(Box(x1, y1, x2, y2))
        if i:
            mask[i.y1 - y1 : i.y2 - y1, i.x1 - x1 : i.x2 - x1] = True
    return bool(mask.all())


def ink_left(original: np.ndarray, output: np.ndarray, gt: tuple[int, int, int, int]) -> float:
    """Fraction of the original's dark text pixels that are still dark in the output."""
    x1, y1, x2, y2 = gt
    before = original[y1:y2, x1:x2].mean(axis=2)
    after = output[y1:y2, x1:x2].mean(axis=2)
    ink = before < 110
    if not ink.any():
        return 0.0
    return float((after[ink] < 140).mean())


def psnr_outside(a: np.ndarray, b: np.ndarray, boxes: list[Box], margin: int = 8) -> float:
    mask = np.ones(a.shape[:2], bool)
    h, w = mask.shape
    for box in boxes:
        p = box.pad(margin, margin).clip(w, h)
        mask[p.y1 : p.y2, p.x1 : p.x2] = False
    diff = (a.astype(np.float64) - b.astype(np.float64))[mask]
    mse = float((diff**2).mean())
    return float("inf") if mse == 0 else 10 * np.log10(255.0**2 / mse)


def leaks(clip, report, before=None, after=None) -> list[tuple[int, tuple[int, int, int, int]]]:
    """(frame, ground-truth box) pairs where sensitive text was not covered in the output.

    Covered means: inside the plan's boxes, and (for dark text) its ink gone
    from the decoded output.
    """
    from scenes import decode_frames

    if before is None:
        before, _ = decode_frames(clip.path)
    if after is None:
        after, _ = decode_frames(report.output)
    found = []
    for i in range(clip.frames):
        boxes = plan_boxes(report.plan, i)
        for item in clip.items:
            gt = item.box(i) if item.sensitive else None
            if gt is None:
                continue
            dark = sum(item.colour) / 3 < 128
            if not covered(gt, boxes) or (dark and ink_left(before[i], after[i], gt) > 0.02):
                found.append((i, gt))
    return found


def blurred_plain_text(clip, report) -> list[tuple[int, str]]:
    """(frame, text) pairs where non-sensitive text overlaps a plan box."""
    found = []
    for i in range(clip.frames):
        boxes = plan_boxes(report.plan, i)
        for item in clip.items:
            gt = item.box(i) if not item.sensitive else None
            if gt is not None and any(b.intersection(Box(*gt)) for b in boxes):
                found.append((i, item.text))
    return found
