"""Recognizers: one small class per kind of sensitive value."""

from __future__ import annotations

from typing import Sequence

from .address import AddressRecognizer
from .base import Match, PatternRecognizer, Recognizer
from .card import CardRecognizer
from .card_extra import CardExtraRecognizer
from .custom import CustomPatternRecognizer
from .email import EmailRecognizer
from .iban import IbanRecognizer
from .phone import PhoneRecognizer
from .names import DEFAULT_MIN_SCORE, PersonNameRecognizer
from .network import IpAddressRecognizer
from .routing import RoutingNumberRecognizer
from .secrets import ApiKeyRecognizer, JwtRecognizer, SecretRecognizer
from .ssn import SsnRecognizer

__all__ = ["Match", "Recognizer", "PatternRecognizer", "build_recognizers"]


def build_recognizers(kinds: Sequence[str], phone_regions: Sequence[str], patterns: Sequence = (),
                      name_min_score: float = DEFAULT_MIN_SCORE) -> list[Recognizer]:
    """Recognizers for the enabled kinds (line-text ones; layout rules live in detect.rules),
    plus one per customer pattern (objects with ``name`` and ``regex``)."""
    factories = {
        "email": EmailRecognizer,
        "card": CardRecognizer,
        "card_extra": CardExtraRecognizer,
        "phone": lambda: PhoneRecognizer(phone_regions),
        "iban": IbanRecognizer,
        "ssn": SsnRecognizer,
        "routing": RoutingNumberRecognizer,
        "ip": IpAddressRecognizer,
        "jwt": JwtRecognizer,
        "api_key": ApiKeyRecognizer,
        "secret": SecretRecognizer,
        "name": lambda: PersonNameRecognizer(name_min_score),
        "address": AddressRecognizer,
    }
    recognizers = [factories[kind]() for kind in kinds if kind in factories]
    recognizers.extend(CustomPatternRecognizer(p.name, p.regex) for p in patterns)
    return recognizers
