"""OCR engines (both real), fail-closed detection, and config loading."""

from __future__ import annotations

import numpy as np
import pytest

from blur import ConfigError, analyze, load_config, redact
from blur.config import from_dict
from blur.detect import ocr_detector
from blur.detect.ocr_detector import OcrDetector
from conftest import form_items
from helpers import covered, ink_left, plan_boxes
from scenes import decode_frames, draw_frame, make_clip


@pytest.mark.parametrize("engine", ["tesserocr", "pytesseract"])
def test_engine_finds_the_same_values(engine):
    image = np.asarray(draw_frame(1280, 720, form_items(), 30).convert("L"))
    detector = OcrDetector(from_dict({"ocr": {"engine": engine}}))
    assert sorted(d.kind for d in detector.detect(image)) == ["api_key", "card", "email", "labelled", "labelled"]


def test_pytesseract_end_to_end(tmp_path):
    clip = make_clip(tmp_path / "in.mp4", form_items(), frames=20, audio=False)
    report = redact(clip.path, tmp_path / "out.mp4", from_dict({"ocr": {"engine": "pytesseract"}}))
    before, _ = decode_frames(clip.path)
    after, _ = decode_frames(tmp_path / "out.mp4")
    for i in range(clip.frames):
        for gt in clip.sensitive_boxes(i):
            assert covered(gt, plan_boxes(report.plan, i))
            assert ink_left(before[i], after[i], gt) < 0.02


def test_ocr_failure_covers_the_area_it_was_reading(tmp_path, monkeypatch):
    """Fail closed: if OCR breaks on the area where the card appears, that area is hidden, not shown."""
    clip = make_clip(tmp_path / "in.mp4", form_items(), frames=30, audio=False)
    calls = {"n": 0}
    real_read = OcrDetector.read

    def flaky(self, gray):
        calls["n"] += 1
        if calls["n"] == 2:  # the first read after the whole first frame: where the card appears
            raise RuntimeError("tesseract crashed")
        return real_read(self, gray)

    monkeypatch.setattr(OcrDetector, "read", flaky)
    monkeypatch.setattr(ocr_detector, "READERS", 1)  # reads in the crops' order: "the second" is one crop
    plan = analyze(clip.path, load_config())
    assert plan.stats.detector_failures == 1
    failsafe = [t for t in plan.tracks if t.source == "failsafe"]
    assert len(failsafe) == 1
    x1, y1, x2, y2 = failsafe[0].keyframes[0].box
    assert (x2 - x1) * (y2 - y1) < 0.2 * 1280 * 720, "only the unread area is covered, not the frame"
    # It stays covered while that content is on screen (it is never read successfully).
    assert failsafe[0].last_frame == clip.frames - 1
    for i in range(clip.frames):
        for gt in clip.sensitive_boxes(i):
            assert covered(gt, plan_boxes(plan, i)), f"frame {i}"


def test_detector_failure_covers_the_whole_frame(tmp_path, monkeypatch):
    """If the recognizers themselves break, nothing on that frame can be trusted: all of it is covered."""
    clip = make_clip(tmp_path / "in.mp4", form_items(), frames=30, audio=False)
    calls = {"n": 0}
    real_find = OcrDetector.find

    def flaky(self, words, luma=None, spared=None):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("recognizer bug")
        return real_find(self, words, luma, spared)

    monkeypatch.setattr(OcrDetector, "find", flaky)
    plan = analyze(clip.path, load_config())
    assert plan.stats.detector_failures == 1
    failsafe = [t for t in plan.tracks if t.source == "failsafe"]
    assert len(failsafe) == 1 and failsafe[0].keyframes[0].box == (0, 0, 1280, 720)
    for i in range(clip.frames):
        for gt in clip.sensitive_boxes(i):
            assert covered(gt, plan_boxes(plan, i)), f"frame {i}"


def test_kinds_can_be_turned_off(tmp_path):
    clip = make_clip(tmp_path / "in.mp4", form_items(), frames=30, audio=False)
    plan = analyze(clip.path, from_dict({"detect": {"kinds": ["email"]}}))
    assert plan.stats.tracks_by_kind == {"email": 1}


def test_shipped_configs_are_valid():
    from pathlib import Path

    for path in sorted(Path(__file__).parents[1].joinpath("configs").glob("*.yaml")):
        load_config(path)


def test_partial_config_merges_over_default(tmp_path):
    path = tmp_path / "acme.yaml"
    path.write_text("redaction:\n  method: fill\n")
    config = load_config(path)
    assert config.redaction.method == "fill"
    assert config.redaction.padding.vertical == 0.35  # from the default
    assert config.output.preset == "veryfast"


@pytest.mark.parametrize(
    "text, message",
    [
        ("redaction: [1, 2\n", "acme.yaml: not valid YAML at line 2"),
        ("- a\n- b\n", "acme.yaml: the top level must be a mapping"),
        ("output:\n  crf: 99\n", "acme.yaml: output.crf: Input should be less than or equal to 63"),
        ("detect:\n  kinds: [email, fax]\n", "acme.yaml: detect.kinds.1: Input should be"),
        ("detect:\n  phone_regions: [XX]\n", "acme.yaml: detect.phone_regions: Value error, unknown phone region"),
        ("redaction:\n  padding:\n    vertical: 0.1\n", "acme.yaml: redaction.padding.vertical: Input should be"),
        ("colour: red\n", "acme.yaml: colour: unknown key"),
        ("version: 2\n", "acme.yaml: version: Input should be 1"),
    ],
)
def test_config_errors_name_file_and_key(tmp_path, text, message):
    path = tmp_path / "acme.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert message in str(err.value)


def test_ocr_timeout_covers_what_could_not_be_read(tmp_path):
    """A real tesseract time limit (1 ms): most reads run out of time, and what they were reading is covered."""
    clip = make_clip(tmp_path / "in.mp4", form_items(), frames=30, audio=False)
    plan = analyze(clip.path, from_dict({"ocr": {"timeout": 0.001}}))
    assert plan.stats.detector_failures > 0
    assert "failsafe" in {t.source for t in plan.tracks}
    for i in range(clip.frames):
        for gt in clip.sensitive_boxes(i):
            assert covered(gt, plan_boxes(plan, i)), f"frame {i}"
