"""blur: find and blur sensitive text in screen recordings.

Library API (the CLI in :mod:`blur.cli` is a thin layer over it)::

    from blur import analyze, render, redact, load_config, Plan

    report = redact("in.webm", "out.webm", "configs/acme.yaml")  # both passes
    plan = analyze("in.mp4", load_config())                       # pass 1
    render("in.mp4", plan, "out.mp4")                             # pass 2
"""

from ._version import __version__
from .analyze import analyze
from .box import Box
from .config import Config
from .config import load as load_config
from .elements import SidecarError
from .errors import BlurError, ConfigError, InputError, OcrUnavailableError, OutputError, PlanError
from .pipeline import Report, redact
from .plan import Plan, Track
from .render import render


__all__ = [
    "__version__",
    "Box",
    "BlurError",
    "Config",
    "ConfigError",
    "InputError",
    "OcrUnavailableError",
    "OutputError",
    "Plan",
    "PlanError",
    "Report",
    "SidecarError",
    "Track",
    "analyze",
    "load_config",
    "redact",
    "render",
]
