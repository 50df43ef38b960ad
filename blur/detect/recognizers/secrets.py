"""JWTs and API keys of well-known providers, found by their fixed prefixes."""

from __future__ import annotations

import re

from .base import PatternRecognizer


# Tesseract commonly reads "_" as a space on screen fonts: where a key's
# fixed prefix has an underscore, accept either.
_U = "[_ ]"

_KEY_PATTERNS = [
    rf"\b(?:sk|pk|rk){_U}(?:live|test){_U}[A-Za-z0-9]{{8,}}",  # Stripe
    rf"\bwhsec{_U}[A-Za-z0-9+/=]{{8,}}",  # Stripe / Svix webhook secrets
    r"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{16}\b",  # AWS access key ids
    rf"\bgh[pousr]{_U}[A-Za-z0-9]{{20,}}",  # GitHub tokens
    rf"\bgithub{_U}pat{_U}[A-Za-z0-9_]{{20,}}",  # GitHub fine-grained tokens
    r"\bxox[abposr]-[A-Za-z0-9-]{10,}",  # Slack
    r"\bglpat-[A-Za-z0-9_-]{16,}",  # GitLab
    r"\bAIza[0-9A-Za-z_-]{30,}",  # Google API keys
    r"\bsk-(?:proj-|svcacct-|ant-)?[A-Za-z0-9_-]{20,}",  # OpenAI / Anthropic style
    r"\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}",  # SendGrid
    r"\b(?:SK|AC)[0-9a-f]{32}\b",  # Twilio
    rf"\bnpm{_U}[A-Za-z0-9]{{30,}}",  # npm
]


class ApiKeyRecognizer(PatternRecognizer):
    kind = "api_key"
    patterns = tuple(re.compile(p) for p in _KEY_PATTERNS)


class JwtRecognizer(PatternRecognizer):
    kind = "jwt"
    # header.payload.signature, the first two base64url JSON objects ("eyJ" = '{"').
    patterns = (re.compile(r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*"),)
