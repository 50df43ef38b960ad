"""The example customer configs in configs/, each on a clip made for it."""

from __future__ import annotations

from pathlib import Path

import pytest

from blur import load_config, redact
from helpers import blurred_plain_text, leaks
from scenes import Item, font, make_clip

CONFIGS = Path(__file__).parents[1] / "configs"


def after(x: int, text: str, size: int = 18) -> int:
    """x where text following ``text`` (and a space) starts."""
    return x + int(font(size).getlength(text + " "))


def fintech() -> list[Item]:
    return [
        Item("Balance $12,345.67", 1000, 14, 18, sensitive=True, colour=(255, 255, 255)),  # blur region
        Item("Member ID", 60, 120, 18), Item("77-0412-33", 260, 120, 18, sensitive=True),  # label
        Item("Account", 60, 180, 18), Item("ACCT-00412345", 260, 180, 18, sensitive=True),  # pattern
        Item("Contact support@ledgerly.example for help", 60, 240, 18),  # allowed
        Item("Customer email", 60, 300, 18), Item("jane.roe@example.com", 260, 300, 18, sensitive=True),
        Item("Order #10023 shipped on 2026-11-20", 60, 360, 18),
    ]


def healthcare() -> list[Item]:
    return [
        Item("Patient", 60, 120, 18), Item("Jane Roe", 260, 120, 18, sensitive=True),
        Item("MRN", 60, 180, 18), Item("MRN 4412093", 260, 180, 18, sensitive=True),
        Item("Message from", 60, 260, 18),
        Item("Amadou Diallo", after(60, "Message from"), 260, 18, sensitive=True),  # deny list
        Item("Your visit summary is ready", 60, 320, 18),
    ]


def devtools() -> list[Item]:
    return [
        Item("Codename", 60, 120, 18), Item("Project Falcon", 260, 120, 18, sensitive=True),  # deny
        Item("db-7.corp.devtools.example", 60, 180, 18, sensitive=True),  # pattern
        Item("STRIPE_KEY", 60, 240, 18), Item("sk_live_4eC39HqLyjWDarjtT1zdp7dc", 260, 240, 18, sensitive=True),
        Item("From noreply@devtools.example", 60, 300, 18),  # allowed
        Item("Docs", 980, 120, 18),
        Item("sk_test_4eC39HqLyjWDarjtT1zdp7dc", 970, 200, 16),  # inside the ignore region
    ]


@pytest.mark.parametrize(
    "name, items",
    [("fintech-support", fintech), ("healthcare-portal", healthcare), ("devtools", devtools)],
)
def test_example_config_on_its_clip(tmp_path, name, items):
    clip = make_clip(tmp_path / f"{name}.mp4", items(), frames=20)
    report = redact(clip.path, tmp_path / "out.mp4", load_config(CONFIGS / f"{name}.yaml"))
    assert leaks(clip, report) == []
    assert blurred_plain_text(clip, report) == []


def test_healthcare_drops_audio_and_fills(tmp_path):
    import av

    config = load_config(CONFIGS / "healthcare-portal.yaml")
    assert config.redaction.method == "fill"
    clip = make_clip(tmp_path / "h.mp4", healthcare(), frames=10)
    redact(clip.path, tmp_path / "out.mp4", config)
    with av.open(str(tmp_path / "out.mp4")) as c:
        assert [s.type for s in c.streams] == ["video"]


def test_region_time_window(tmp_path):
    """An always-blur region limited to 0.3-0.6 s covers exactly those frames."""
    config_path = tmp_path / "c.yaml"
    config_path.write_text("regions:\n  - box: [100, 400, 500, 440]\n    units: pixels\n    action: blur\n"
                           "    start: 0.3\n    end: 0.6\n")
    clip = make_clip(tmp_path / "r.mp4", [Item("Nothing to see here", 110, 410, 18)], frames=30)
    report = redact(clip.path, tmp_path / "out.mp4", load_config(config_path))
    [track] = [t for t in report.plan.tracks if t.source == "region"]
    assert (track.first_frame, track.last_frame) == (9, 18)
