"""End to end with real tesseract and PyAV on generated clips with known ground truth."""

from __future__ import annotations

import av
import pytest

from blur import load_config, redact
from conftest import SECRET_CARD, SECRET_EMAIL, SECRET_KEY, form_items
from helpers import covered, ink_left, plan_boxes, psnr_outside
from scenes import decode_frames, make_clip

CASES = {
    # name: (suffix, codec, width, height, scale, vfr)
    "720p-h264-mp4": (".mp4", "h264", 1280, 720, 1.0, False),
    "1080p-vp9-webm-vfr": (".webm", "vp9", 1920, 1080, 1.5, True),
}


@pytest.fixture(scope="module", params=sorted(CASES))
def run(request, clips_dir):
    suffix, codec, width, height, scale, vfr = CASES[request.param]
    src = clips_dir / f"{request.param}{suffix}"
    clip = make_clip(src, form_items(scale), width=width, height=height, frames=45, codec=codec, vfr=vfr)
    dst = clips_dir / f"{request.param}.blurred{suffix}"
    report = redact(src, dst, load_config())
    before, before_t = decode_frames(src)
    after, after_t = decode_frames(dst)
    return clip, report, (before, before_t), (after, after_t)


def test_every_sensitive_box_is_covered_in_every_frame(run):
    clip, report, (before, _), (after, _) = run
    leaks = []
    for i in range(clip.frames):
        boxes = plan_boxes(report.plan, i)
        for gt in clip.sensitive_boxes(i):
            if not covered(gt, boxes) or ink_left(before[i], after[i], gt) > 0.02:
                leaks.append((i, gt))
    assert leaks == [], f"{len(leaks)} sensitive boxes left visible: {leaks[:5]}"


def test_plain_text_stays_sharp(run):
    clip, report, (before, _), (after, _) = run
    for i in range(clip.frames):
        boxes = plan_boxes(report.plan, i)
        for gt in clip.plain_boxes(i):
            assert not any(b.intersection(type(b)(*gt)) for b in boxes), f"plain text blurred at frame {i}: {gt}"
        assert psnr_outside(before[i], after[i], boxes) > 33, f"frame {i} changed outside the boxes"


def test_frame_count_and_timestamps_identical(run):
    clip, _, (before, before_t), (after, after_t) = run
    assert len(after) == len(before) == clip.frames
    assert after_t == pytest.approx(before_t, abs=1e-3)


def test_audio_is_kept(run):
    clip, report, _, _ = run
    with av.open(str(clip.path)) as src, av.open(report.output) as out:
        assert len(out.streams.audio) == 1
        assert out.streams.audio[0].codec_context.name == src.streams.audio[0].codec_context.name
        packets_in = sum(1 for p in src.demux(src.streams.audio[0]) if p.size)
        packets_out = sum(1 for p in out.demux(out.streams.audio[0]) if p.size)
        assert packets_out == packets_in


def test_output_holds_no_secret_text_and_plan_has_none(run):
    clip, report, _, _ = run
    data = clip.path.with_name(clip.path.name).read_bytes()  # sanity: the secrets are not in the input bytes
    out = open(report.output, "rb").read()
    plan = report.plan.to_json()
    for secret in (SECRET_EMAIL, SECRET_CARD, SECRET_KEY):
        assert secret not in plan
        assert secret.encode() not in out
        assert secret.encode() not in data


def test_report_counts(run):
    _, report, _, _ = run
    # The card and the key also sit beside labels ("Card number", "API key").
    assert report.plan.stats.tracks_by_kind == {"email": 1, "card": 1, "api_key": 1, "labelled": 2}
    assert report.plan.stats.detector_failures == 0
    assert report.plan.stats.frames == 45
