"""Recognizers: one small class per kind of sensitive value."""

from __future__ import annotations

from typing import Sequence

from .base import Match, PatternRecognizer, Recognizer
from .card import CardRecognizer
from .email import EmailRecognizer
from .iban import IbanRecognizer
from .phone import PhoneRecognizer
from .secrets import ApiKeyRecognizer, JwtRecognizer
from .ssn import SsnRecognizer

__all__ = ["Match", "Recognizer", "PatternRecognizer", "build_recognizers"]


def build_recognizers(kinds: Sequence[str], phone_regions: Sequence[str]) -> list[Recognizer]:
    factories = {
        "email": EmailRecognizer,
        "card": CardRecognizer,
        "phone": lambda: PhoneRecognizer(phone_regions),
        "iban": IbanRecognizer,
        "ssn": SsnRecognizer,
        "jwt": JwtRecognizer,
        "api_key": ApiKeyRecognizer,
    }
    return [factories[kind]() for kind in kinds]
