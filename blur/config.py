"""Per-customer configuration: YAML files deep-merged over the built-in default.

Validation is done by pydantic models that forbid unknown keys, so a typo in
a customer's file is an error that names the file and the key path instead of
a setting silently ignored.
"""

from __future__ import annotations

import copy
import hashlib
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .box import Box, check_corners
from .errors import ConfigError
from .files import describe_validation_error, read_user_file

Kind = Literal[
    "email", "card", "card_extra", "phone", "iban", "ssn", "routing", "ip",
    "jwt", "private_key", "api_key", "secret", "labelled", "name", "address",
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PatternConfig(_Strict):
    """A customer's own pattern, run with RE2 so it can never hang a worker."""

    name: str = Field(pattern=r"^[a-z][a-z0-9_]{0,39}$")
    regex: str = Field(min_length=1)

    @field_validator("regex")
    @classmethod
    def _re2(cls, regex: str) -> str:
        from .detect.recognizers.custom import compile_re2

        compile_re2(regex)  # raises ValueError with RE2's reason
        return regex


class NamesConfig(_Strict):
    #: Candidates scoring below this are left sharp (see blur.detect.recognizers.names).
    min_score: float = Field(ge=0, le=1)


class DetectConfig(_Strict):
    kinds: list[Kind]
    phone_regions: list[str]
    names: NamesConfig
    labels: list[str]
    deny: list[str]
    deny_similarity: int = Field(ge=50, le=100)
    allow: list[str]
    patterns: list[PatternConfig]

    @field_validator("phone_regions")
    @classmethod
    def _known_regions(cls, regions: list[str]) -> list[str]:
        import phonenumbers

        known = phonenumbers.SUPPORTED_REGIONS
        bad = [r for r in regions if r.upper() not in known]
        if bad:
            raise ValueError(f"unknown phone region(s) {bad} (use ISO 3166 codes such as US, GB)")
        return [r.upper() for r in regions]


class OcrConfig(_Strict):
    engine: Literal["tesserocr", "pytesseract"]
    language: str = Field(pattern=r"^[A-Za-z_]+(\+[A-Za-z_]+)*$")
    tessdata: str | None
    timeout: float = Field(gt=0, le=600)


class AnalysisConfig(_Strict):
    change_threshold: int = Field(ge=1, le=255)
    hold_before: float = Field(ge=0, le=10)
    hold_after: float = Field(ge=0, le=10)
    bridge_gap: float = Field(ge=0, le=10)
    lookback: float = Field(ge=0, le=60)
    max_transition: float = Field(ge=0, le=5)


class PaddingConfig(_Strict):
    vertical: float = Field(ge=0.25, le=5)
    horizontal: float = Field(ge=0.5, le=10)


class RedactionConfig(_Strict):
    method: Literal["smooth", "fill", "pixelate", "gaussian"]
    strength: float = Field(gt=0, le=5)
    padding: PaddingConfig
    grid: int = Field(ge=2, le=64)

    @field_validator("grid")
    @classmethod
    def _even(cls, grid: int) -> int:
        if grid % 2:
            raise ValueError("must be even (4:2:0 chroma planes are half size)")
        return grid


class OutputConfig(_Strict):
    video_codec: Literal["auto", "h264", "vp9"]
    crf: int = Field(ge=0, le=63)
    preset: Literal[
        "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"
    ]
    audio: Literal["copy", "drop"]


class RegionConfig(_Strict):
    """A rectangle always blurred (``blur``) or never blurred (``ignore``)."""

    box: tuple[float, float, float, float]
    units: Literal["pixels", "fraction"]
    action: Literal["blur", "ignore"]
    #: Seconds from the start of the video; null: from the start / to the end.
    start: float | None = Field(default=None, ge=0)
    end: float | None = Field(default=None, ge=0)

    @field_validator("box")
    @classmethod
    def _ordered(cls, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
        check_corners(box)
        if min(box) < 0:
            raise ValueError("coordinates must not be negative")
        return box

    @model_validator(mode="after")
    def check_units(self) -> "RegionConfig":
        if self.units == "fraction" and max(self.box) > 1:
            raise ValueError("box: fractions must be between 0 and 1")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError("end: is before start")
        return self

    def pixel_box(self, width: int, height: int) -> Box:
        x1, y1, x2, y2 = self.box
        if self.units == "fraction":
            x1, x2, y1, y2 = x1 * width, x2 * width, y1 * height, y2 * height
        return Box(int(x1), int(y1), int(-(-x2 // 1)), int(-(-y2 // 1))).clip(width, height)

    def active(self, seconds: float) -> bool:
        return (self.start is None or seconds >= self.start) and (self.end is None or seconds <= self.end)


class ElementsConfig(_Strict):
    """Element-selector rules for recordings with a DOM-geometry sidecar."""

    builtin: bool
    blur: list[str]
    unblur: list[str]
    opt_out: list[str]
    offset: float = Field(ge=-60, le=60)
    tolerance: float = Field(ge=0, le=1)
    interpolate_within: float = Field(ge=0, le=5)
    max_gap: float = Field(gt=0, le=60)

    @field_validator("blur", "unblur", "opt_out")
    @classmethod
    def _selectors(cls, selectors: list[str]) -> list[str]:
        from .elements.builtin import BUILTIN_BLUR, BUILTIN_OPT_OUT

        own = [s for s in selectors if s not in BUILTIN_BLUR and s not in BUILTIN_OPT_OUT]  # built-ins are tested
        if own:
            from .elements.rules import compile_selector

            for selector in own:
                compile_selector(selector)  # ValueError says why it cannot be used
        return selectors

    def blur_selectors(self) -> list[str]:
        from .elements.builtin import BUILTIN_BLUR

        return (list(BUILTIN_BLUR) if self.builtin else []) + self.blur


class Config(_Strict):
    version: Literal[1]
    detect: DetectConfig
    regions: list[RegionConfig]
    elements: ElementsConfig
    ocr: OcrConfig
    analysis: AnalysisConfig
    redaction: RedactionConfig
    output: OutputConfig


def _default_dict() -> dict[str, Any]:
    text = resources.files("blur").joinpath("default.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def deep_merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key; anything else in ``override`` replaces ``base``."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def from_dict(data: dict[str, Any] | None, source: str = "<config>") -> Config:
    """Validate a (partial) config mapping merged over the default."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: the top level must be a mapping of keys, not {type(data).__name__}")
    data = dict(data)
    data.pop("extends", None)
    try:
        return Config.model_validate(deep_merge(_default_dict(), data))
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(source, exc)) from None


def _read_yaml(path: Path) -> Any:
    text = read_user_file(path, "config", ConfigError)
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}: not valid YAML{where}") from None


def _resolve(path: Path, seen: tuple[Path, ...] = (), used: list[Path] | None = None,
             root: Path | None = None) -> dict[str, Any]:
    """The file's mapping merged over what it ``extends`` (default, or another file; with
    ``root``, only a file inside that folder: a customer's config cannot read others' files)."""
    resolved = path.resolve()
    if root is not None and not resolved.is_relative_to(root.resolve()):
        raise ConfigError(f"{path}: extends: may only name config files inside {root}")
    if used is not None:
        used.append(path)
    if resolved in seen:
        raise ConfigError(f"{path}: extends: loops back to itself ({' -> '.join(p.name for p in seen + (path,))})")
    data = _read_yaml(path)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of keys, not {type(data).__name__}")
    base_name = data.get("extends", "default")
    if not isinstance(base_name, str) or not base_name:
        raise ConfigError(f"{path}: extends: must be 'default' or the path of another config file")
    if base_name == "default":
        return data
    base_path = (path.parent / base_name)
    if not base_path.exists() and not base_name.endswith((".yaml", ".yml")):
        base_path = path.parent / f"{base_name}.yaml"
    if not base_path.exists():
        raise ConfigError(f"{path}: extends: no config file {base_name} beside it")
    if root is not None and not base_path.resolve().is_relative_to(root.resolve()):
        raise ConfigError(f"{path}: extends: {base_name} is outside the configs folder {root}")
    return deep_merge(_resolve(base_path, seen + (resolved,), used, root), data)


def load(path: str | Path | None = None) -> Config:
    """Load a customer config file, or the built-in default when ``path`` is None."""
    if path is None:
        return from_dict({}, "default.yaml")
    path = Path(path)
    return from_dict(_resolve(path), str(path))


def load_with_sources(path: str | Path, root: str | Path | None = None) -> tuple[Config, list[Path]]:
    """Like :func:`load`, also returning every file read (the file and what it extends).
    With ``root``, the file and everything it extends must lie inside that folder."""
    path = Path(path)
    used: list[Path] = []
    return from_dict(_resolve(path, used=used, root=Path(root) if root is not None else None), str(path)), used


def fingerprint(config: Config) -> str:
    """SHA-256 of the resolved config: equal fingerprints redact identically."""
    return hashlib.sha256(config.model_dump_json().encode("utf-8")).hexdigest()


def show(config: Config) -> str:
    """The resolved config as YAML (what ``blur config show`` prints)."""
    return yaml.safe_dump(config.model_dump(mode="json"), sort_keys=False)
