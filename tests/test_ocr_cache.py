"""The OCR read cache: the same pixels give the same words without a second read; any
other pixels are read (real tesseract throughout)."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from blur.analysis.analyzer import FrameAnalyzer
from blur.config import load
from blur.ocr import create_engine
from blur.ocr.cache import ReadCache
from scenes import font

EMAIL = "ada.lovelace@example.org"


def _line(text: str, width: int = 520, height: int = 40) -> np.ndarray:
    image = Image.new("L", (width, height), 250)
    ImageDraw.Draw(image).text((8, 8), text, font=font(18), fill=25)
    return np.asarray(image).copy()


def test_a_cached_read_gives_the_same_words_as_a_fresh_read():
    config = load(None)
    engine = create_engine(config.ocr)
    try:
        image = _line(f"Contact {EMAIL} today")
        cache = ReadCache()
        key = ReadCache.key(image)
        assert cache.get(key) is None
        fresh = engine.read(image)
        assert EMAIL in [w.text for w in fresh]
        cache.put(key, fresh)
        again = engine.read(image.copy())
        assert cache.get(ReadCache.key(image.copy())) == again == fresh
        assert (cache.hits, cache.misses) == (1, 1)
    finally:
        engine.close()


def test_one_changed_pixel_or_another_size_misses():
    image = _line(f"Contact {EMAIL} today")
    cache = ReadCache()
    cache.put(ReadCache.key(image), [])
    changed = image.copy()
    changed[20, 200] ^= 1  # one pixel, one grey level
    assert cache.get(ReadCache.key(changed)) is None
    # The same bytes in another shape are another image.
    assert cache.get(ReadCache.key(image.reshape(20, -1))) is None
    assert cache.get(ReadCache.key(image)) == []


def test_least_recently_used_reads_are_forgotten_first():
    cache = ReadCache(entries=2)
    images = [_line(f"line {n}") for n in range(3)]
    keys = [ReadCache.key(im) for im in images]
    cache.put(keys[0], [])
    cache.put(keys[1], [])
    assert cache.get(keys[0]) == []  # used: kept
    cache.put(keys[2], [])
    assert len(cache) == 2 and cache.get(keys[1]) is None and cache.get(keys[0]) == []


def _screen(caret: bool, typed: str) -> np.ndarray:
    image = Image.new("L", (1280, 720), 248)
    draw = ImageDraw.Draw(image)
    draw.text((100, 100), "Email", font=font(18), fill=60)
    draw.rectangle((96, 130, 700, 170), outline=150)
    draw.text((106, 140), typed, font=font(18), fill=25)
    if caret:
        x = 106 + int(draw.textlength(typed, font=font(18))) + 2
        draw.line((x, 136, x, 164), fill=25, width=2)
    return np.asarray(image).copy()


def test_a_blinking_caret_is_read_twice_and_the_value_stays_covered():
    """The caret toggles the field's line between two images: after one read of each, the
    blinks cost no OCR, and every frame still finds the e-mail in the field."""
    config = load(None)
    analyzer = FrameAnalyzer(config, 1280, 720, 30)
    found = []
    observe = analyzer.builder.observe

    def spy(index, time, detections, *args, **kwargs):
        found.append({d.kind for d in detections})
        return observe(index, time, detections, *args, **kwargs)

    analyzer.builder.observe = spy
    try:
        for n in range(40):
            analyzer.feed(n, n / 30, _screen(caret=(n // 5) % 2 == 0, typed=EMAIL), "yuvj420p")
        reads_after_blinks = analyzer.ocr_reads
        assert analyzer.cache.hits >= 5  # 7 blinks after the first two states
        assert reads_after_blinks <= 4
        assert all("email" in kinds for kinds in found), found
        # Typing one more character is new pixels: read again, not taken from the cache.
        analyzer.feed(40, 40 / 30, _screen(caret=True, typed=EMAIL.replace("org", "org.uk")), "yuvj420p")
        assert analyzer.ocr_reads > reads_after_blinks
    finally:
        analyzer.close()
