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
