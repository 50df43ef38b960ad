"""Config files as customers write them: extends chains, `blur config check/show`, exact messages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from blur import ConfigError, load_config


def blur(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "blur", *map(str, args)], capture_output=True, text=True)


def test_extends_chain_merges_in_order(tmp_path):
    (tmp_path / "base.yaml").write_text("detect:\n  deny: [Falcon]\nredaction:\n  method: fill\n")
    (tmp_path / "team.yaml").write_text("extends: base.yaml\nredaction:\n  strength: 1.0\n")
    config = load_config(tmp_path / "team.yaml")
    assert config.detect.deny == ["Falcon"]
    assert config.redaction.method == "fill" and config.redaction.strength == 1.0
    assert config.output.preset == "veryfast"  # from the built-in default at the end of the chain


@pytest.mark.parametrize(
    "files, message",
    [
        ({"a.yaml": "extends: a.yaml\n"}, "a.yaml: extends: loops back to itself (a.yaml -> a.yaml)"),
        ({"a.yaml": "extends: nothere.yaml\n"}, "a.yaml: extends: no config file nothere.yaml beside it"),
        ({"a.yaml": "extends: 3\n"}, "a.yaml: extends: must be 'default' or the path of another config file"),
        (
            {"a.yaml": "detect:\n  patterns:\n    - name: ref\n      regex: '(a)\\1'\n"},
            "a.yaml: detect.patterns.0.regex: Value error, not a valid RE2 pattern (invalid escape sequence: \\1); "
            "RE2 has no backreferences or lookaround",
        ),
        (
            {"a.yaml": "detect:\n  patterns:\n    - name: Bad Name\n      regex: 'x'\n"},
            "a.yaml: detect.patterns.0.name: String should match pattern '^[a-z][a-z0-9_]{0,39}$'",
        ),
        (
            {"a.yaml": "regions:\n  - box: [0.5, 0, 0.2, 1]\n    units: fraction\n    action: blur\n"},
            "a.yaml: regions.0.box: Value error, must be [x1, y1, x2, y2] with x2 > x1 and y2 > y1",
        ),
        (
            {"a.yaml": "regions:\n  - box: [0, 0, 50, 1]\n    units: fraction\n    action: blur\n"},
            "a.yaml: regions.0: Value error, box: fractions must be between 0 and 1",
        ),
        (
            {"a.yaml": "regions:\n  - box: [0, 0, 5, 5]\n    units: pixels\n    action: hide\n"},
            "a.yaml: regions.0.action: Input should be 'blur' or 'ignore'",
        ),
        ({"a.yaml": "detect:\n  deny_similarity: 20\n"},
         "a.yaml: detect.deny_similarity: Input should be greater than or equal to 50"),
    ],
)
def test_messages_verbatim(tmp_path, files, message):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    with pytest.raises(ConfigError) as err:
        load_config(tmp_path / "a.yaml")
    assert str(err.value).replace(str(tmp_path) + "/", "") == message


def test_config_check_exit_codes(tmp_path):
    good = Path(__file__).parents[1] / "configs" / "fintech-support.yaml"
    result = blur("config", "check", good)
    assert result.returncode == 0 and result.stdout.strip().endswith(": ok")
    bad = tmp_path / "bad.yaml"
    bad.write_text("detect:\n  kindz: [email]\noutput:\n  crf: 99\n")
    result = blur("config", "check", bad)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"blur: error: {bad}: detect.kindz: unknown key",
        f"blur: error: {bad}: output.crf: Input should be less than or equal to 63",
    ]


def test_config_check_reports_every_invalid_value_one_per_line(tmp_path):
    bad = tmp_path / "seven.yaml"
    bad.write_text("redaction:\n  method: blurry\ndetect:\n  kinds: [email, nonsense]\n  phone_regions: [ZZ]\n"
                   "analysis:\n  change_threshold: -5\n  lookback: soon\nocr:\n  timeout: -1\noutput:\n  crf: 99\n")
    result = blur("config", "check", bad)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    keys = ["redaction.method", "detect.kinds.1", "detect.phone_regions", "analysis.change_threshold",
            "analysis.lookback", "ocr.timeout", "output.crf"]
    assert len(lines) == len(keys), lines
    assert all(line.startswith(f"blur: error: {bad}: ") for line in lines), lines
    assert sorted(line.removeprefix(f"blur: error: {bad}: ").split(":")[0] for line in lines) == sorted(keys)


def test_config_show_prints_the_resolved_config(tmp_path):
    path = Path(__file__).parents[1] / "configs" / "healthcare-portal.yaml"
    result = blur("config", "show", path)
    assert result.returncode == 0, result.stderr
    shown = yaml.safe_load(result.stdout)
    assert shown["redaction"]["method"] == "fill"
    assert shown["detect"]["deny"] == ["Jane Roe", "Amadou Diallo"]
    assert shown["output"]["preset"] == "veryfast"  # inherited
    # What it prints loads back to the same config.
    again = tmp_path / "shown.yaml"
    again.write_text(result.stdout)
    assert load_config(again) == load_config(path)


@pytest.mark.parametrize("target, message", [
    ("/dev/zero", "must be a regular file (this is a character device)"),
    ("FIFO", "must be a regular file (this is a pipe)"),
    ("HUGE", "config file is too large"),
    ("FOLDER", "must be a regular file (this is a folder)"),
])
def test_extends_reads_only_small_regular_files(tmp_path, target, message):
    """A config that extends /dev/zero, a pipe, a huge file or a folder fails at once, saying
    why (it used to read /dev/zero until the kernel killed it, and hang on a pipe)."""
    import os

    if target == "FIFO":
        os.mkfifo(tmp_path / "pipe.yaml")
        target = "pipe.yaml"
    elif target == "HUGE":
        (tmp_path / "huge.yaml").write_text("# " + "x" * (2 << 20) + "\n")
        target = "huge.yaml"
    elif target == "FOLDER":
        (tmp_path / "dir.yaml").mkdir()
        target = "dir.yaml"
    config = tmp_path / "c.yaml"
    config.write_text(f"extends: {target}\n")
    with pytest.raises(ConfigError) as error:
        load_config(config)
    assert message in str(error.value)


def test_worker_configs_cannot_extend_outside_their_folder(tmp_path):
    from blur.jobs.configs import ConfigStore

    folder, outside = tmp_path / "configs", tmp_path / "outside"
    folder.mkdir()
    outside.mkdir()
    (outside / "evil.yaml").write_text("detect:\n  kinds: []\n")
    (folder / "acme.yaml").write_text("extends: ../outside/evil.yaml\n")
    (folder / "beta.yaml").write_text(f"extends: {outside / 'evil.yaml'}\n")
    (folder / "base.yaml").write_text("detect:\n  kinds: [email]\n")
    (folder / "gamma.yaml").write_text("extends: base.yaml\n")
    store = ConfigStore(folder)
    for customer in ("acme", "beta"):
        with pytest.raises(ConfigError, match="outside the configs folder"):
            store.get(customer)
    assert store.get("gamma").detect.kinds == ["email"]
    # The command line follows any path the operator gives it.
    assert load_config(folder / "acme.yaml").detect.kinds == []
