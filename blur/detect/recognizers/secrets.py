"""JWTs and API keys of well-known providers, found by their fixed prefixes."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Iterator

from .base import Match, PatternRecognizer, Recognizer


# Tesseract commonly reads "_" as a space on screen fonts: where a key's
# fixed prefix has an underscore, accept either.
_U = "[_ ]"

_KEY_PATTERNS = [
    # Stripe secret and restricted keys (publishable pk_ keys are public by design: kept sharp)
    rf"\b(?:sk|rk){_U}(?:[lL1]ive|test){_U}[A-Za-z0-9]{{8,}}",
    rf"\bwhsec{_U}[A-Za-z0-9+/=]{{8,}}",  # Stripe / Svix webhook secrets
    # AWS access key ids: 16 characters after the prefix, give or take the two OCR merges or
    # splits ("3CVV" read as "SCW")
    r"\b(?:AKIA|ASIA|ABIA|ACCA)[0-9A-Z]{14,18}\b",
    rf"\bgh[pousr]{_U}[A-Za-z0-9]{{20,}}",  # GitHub tokens
    rf"\bgithub{_U}pat{_U}[A-Za-z0-9_]{{20,}}",  # GitHub fine-grained tokens
    # Slack (the first "x" misread as "(" by OCR at small sizes: "(oxb-81818224757")
    r"(?<![A-Za-z0-9])[x(]?ox[abposr]-\d[A-Za-z0-9-]{9,}",
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
    # header.payload.signature, the first two base64url JSON objects ("eyJ" = '{"'). The
    # header alone is enough: a token wrapped over lines, cut by a view or an ellipsis
    # shows its start only (the lines it continues on are joined by WrappedTokenRule).
    # OCR may split the header after a few characters ("eyJhbGci0i" "JSUZI1NiTsIn"): the
    # rest is joined on as a token's continuation.
    patterns = (re.compile(r"\beyJ[A-Za-z0-9_-]{5,}(?:\.[A-Za-z0-9_-]*){0,2}"),)


_KEY_VALUE = re.compile(
    r"(?i)(?<![a-z0-9])(?:pass(?:word|wd|phrase|code)?|pwd|secret(?:[_ -]?key)?|token|api[_ -]?key|access[_ -]?key"
    r"|client[_ -]?secret|auth(?:orization)?|credentials?|private[_ -]?key)(?:_[a-z0-9]+)*\b\s*[:=]\s*[\"']?(?!(?:Bearer|Basic|Token)\b)([^\s\"',;]+)"
)
# The password in a URL's user info: postgres://app:<password>@db.internal:5432/prod
# (OCR often puts spaces around the "//" and after the ":"; the password itself may be split.)
_URL_PASSWORD = re.compile(r"(?i)\b[a-z][a-z0-9+.-]*:{1,2} ?// ?[^\s:/@]+: ?([^\s/@]+(?: [^\s/@]+)?) ?@")
_BEARER = re.compile(r"\b(?:Bearer|Basic|Token)\s+([A-Za-z0-9._~+/-]{8,}=*)")
# OCR often misreads the last letter of a name glued to its "=" ("GITHUB_TOKE!", "SECRE!"):
# "toke" and "secre" still say what the value is.
_KEYWORD = re.compile(r"(?i)(?:key|toke|secre|passw|bearer|auth|credential|signature)")
#: Keys meant to be public (Stripe publishable keys ship in every checkout page), as OCR reads
#: their prefix too ("pk_Live_", "pk 1ive_"): misread, the key was taken for a secret by its
#: entropy and blurred in every frame of a log that showed it.
#: The rest may stand apart, its "_" lost, and hold a misread character ("pk_live" "AT@5wZSx...").
_PUBLIC_KEY = re.compile(rf"(?i)\bpk{_U}(?:[l1i|]ive|test)(?:{_U}| ?)\S+")
_TOKEN = re.compile(r"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{20,}={0,2}(?![A-Za-z0-9+/_=-])")


def shannon_entropy(text: str) -> float:
    counts = Counter(text)
    return -sum(c / len(text) * math.log2(c / len(text)) for c in counts.values())


class SecretRecognizer(Recognizer):
    """Secrets known by their context rather than their shape.

    - the value of ``password: ...``, ``token=...``, ``api_key: ...`` and the
      like (only the value is blurred, not the key name);
    - the credential after ``Bearer``/``Basic``/``Token``;
    - the password in a URL (``postgres://app:PASSWORD@host``);
    - a random-looking token (>= 20 characters of base64/hex, high Shannon
      entropy, letters and digits mixed) on a line that mentions a key, token,
      secret, password or credential. Without that keyword nearby such
      tokens (commit hashes, ids) are left alone.
    """

    kind = "secret"
    min_entropy = 3.5

    def find(self, text: str) -> Iterator[Match]:
        public = [m.span() for m in _PUBLIC_KEY.finditer(text)]
        for pattern in (_KEY_VALUE, _BEARER, _URL_PASSWORD):
            for m in pattern.finditer(text):
                if not any(start < m.end(1) and m.start(1) < end for start, end in public):
                    yield Match(m.start(1), m.end(1), self.kind)
        if not _KEYWORD.search(text):
            return
        for m in _TOKEN.finditer(text):
            token = m.group(0)
            if any(start < m.end() and m.start() < end for start, end in public):
                continue
            mixed = any(c.isdigit() for c in token) and any(c.isalpha() for c in token)
            if mixed and shannon_entropy(token) >= self.min_entropy:
                yield Match(m.start(), m.end(), self.kind)
