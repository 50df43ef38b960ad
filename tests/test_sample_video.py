"""The README's demo: every secret in the real-Chromium sample is unreadable in every frame.

OCR of the output is a weak check on its own (the real guarantees are the
coverage and non-interference tests); here it comes with its positive
control: the same OCR reads every secret from the input.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import av
import pytest

from blur import load_config, redact
from blur.ocr import create_engine

SAMPLE = Path(__file__).parents[1] / "sample_videos" / "support-form.webm"
# The sensitive values the sample types (see sample_videos/make_sample.py), as
# fragments long enough to identify them (>= 6 characters).
SECRETS = {
    "email": "jane.roe@example.com",
    "phone": "415-555-0132",
    "card": "4242 4242 4242 4242",
    "iban": "DE89 3704 0044 0532 0130 00",
    "api_key": "4eC39HqLyjWDarjtT1zdp7dc",
}


def _fragments(value: str, size: int = 6) -> set[str]:
    compact = re.sub(r"\s", "", value)
    return {compact[i : i + size] for i in range(len(compact) - size + 1)}


def _read_all(path: Path) -> list[str]:
    """OCR of every distinct frame, whitespace removed."""
    engine = create_engine(load_config().ocr)
    texts, seen = [], {}
    with av.open(str(path)) as container:
        for frame in container.decode(video=0):
            gray = frame.to_ndarray(format="gray")
            key = hashlib.sha1(gray.tobytes()).hexdigest()
            if key not in seen:
                seen[key] = re.sub(r"\s", "", " ".join(w.text for w in engine.read(gray)))
            texts.append(seen[key])
    return texts


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    dst = tmp_path_factory.mktemp("sample") / "support-form.blurred.webm"
    report = redact(SAMPLE, dst, load_config())
    return dst, report


def test_sample_is_small_and_short():
    assert SAMPLE.stat().st_size <= 3_000_000
    with av.open(str(SAMPLE)) as c:
        assert c.streams.video[0].codec_context.name == "vp9" and c.streams.audio[0].codec_context.name == "opus"


def test_ocr_reads_every_secret_in_the_input():
    """Positive control: without it, the leak test below could pass by reading nothing."""
    text = "".join(_read_all(SAMPLE))
    for kind, value in SECRETS.items():
        assert re.sub(r"\s", "", value) in text, kind


def test_no_secret_fragment_readable_in_any_output_frame(output):
    dst, report = output
    assert set(report.plan.stats.tracks_by_kind) >= set(SECRETS)
    leaks = []
    for i, text in enumerate(_read_all(dst)):
        for kind, value in SECRETS.items():
            if any(f in text for f in _fragments(value)):
                leaks.append((i, kind))
    assert leaks == [], f"{len(leaks)} frame/secret pairs readable, first: {leaks[:10]}"
