"""Redaction: paint the plan's boxes over a frame, in its YUV planes."""

from .redactor import Redactor, redact_planes

__all__ = ["Redactor", "redact_planes"]
