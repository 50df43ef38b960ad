"""Per-customer configuration: YAML files deep-merged over the built-in default.

Validation is done by pydantic models that forbid unknown keys, so a typo in
a customer's file is an error that names the file and the key path instead of
a setting silently ignored.
"""

from __future__ import annotations

import copy
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import ConfigError
from .files import describe_validation_error, read_user_file

KINDS = ("email", "card", "phone", "iban", "ssn", "jwt", "api_key")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DetectConfig(_Strict):
    kinds: list[Literal["email", "card", "phone", "iban", "ssn", "jwt", "api_key"]]
    phone_regions: list[str]

    @field_validator("phone_regions")
    @classmethod
    def _known_regions(cls, regions: list[str]) -> list[str]:
        import phonenumbers

        known = phonenumbers.SUPPORTED_REGIONS
        bad = [r for r in regions if r.upper() not in known]
        if bad:
            raise ValueError(f"unknown phone region(s) {bad}; use ISO 3166 codes such as US, GB")
        return [r.upper() for r in regions]


class OcrConfig(_Strict):
    engine: Literal["tesserocr", "pytesseract"]
    language: str = Field(pattern=r"^[A-Za-z_]+(\+[A-Za-z_]+)*$")
    tessdata: str | None


class AnalysisConfig(_Strict):
    change_threshold: int = Field(ge=1, le=255)
    hold_before: float = Field(ge=0, le=10)
    hold_after: float = Field(ge=0, le=10)


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


class Config(_Strict):
    version: Literal[1]
    detect: DetectConfig
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
    try:
        return Config.model_validate(deep_merge(_default_dict(), data))
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(source, exc)) from None


def load(path: str | Path | None = None) -> Config:
    """Load a customer config file, or the built-in default when ``path`` is None."""
    if path is None:
        return from_dict({}, "default.yaml")
    path = Path(path)
    text = read_user_file(path, "config", ConfigError)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}: not valid YAML{where}") from None
    return from_dict(data, str(path))
