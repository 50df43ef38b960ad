"""JWTs and API keys of well-known providers, found by their fixed prefixes."""

from __future__ import annotations

import re

from .base import PatternRecognizer


def _ocr_tolerant(pattern: str) -> re.Pattern[str]:
    # Tesseract commonly reads "_" as a space on screen fonts.
    return re.compile(pattern.replace("_", "[_ ]"))


_KEY_PATTERNS = [
    r"\b(?:sk|pk|rk)_(?:live|test)_[A-Za-z0-9]{8,}",  # Stripe
    r"\bwhsec_[A-Za-z0-9+/=]{8,}",  # Stripe / Svix webhook secrets
    r"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b",  # AWS access key ids
    r"\bgh[pousr]_[A-Za-z0-9]{20,}",  # GitHub tokens
    r"\bgithub_pat_[A-Za-z0-9_]{20,}",  # GitHub fine-grained tokens
    r"\bxox[abposr]-[A-Za-z0-9-]{10,}",  # Slack
    r"\bglpat-[A-Za-z0-9_-]{16,}",  # GitLab
    r"\bAIza[0-9A-Za-z_-]{30,}",  # Google API keys
    r"\bsk-(?:proj-|svcacct-|ant-)?[A-Za-z0-9_-]{20,}",  # OpenAI / Anthropic style
    r"\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}",  # SendGrid
    r"\b(?:SK|AC)[0-9a-f]{32}\b",  # Twilio
    r"\bnpm_[A-Za-z0-9]{30,}",  # npm
]


class ApiKeyRecognizer(PatternRecognizer):
    kind = "api_key"
    patterns = tuple(_ocr_tolerant(p) for p in _KEY_PATTERNS)


class JwtRecognizer(PatternRecognizer):
    kind = "jwt"
    # header.payload.signature, the first two base64url JSON objects ("eyJ" = '{"').
    patterns = (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),)
