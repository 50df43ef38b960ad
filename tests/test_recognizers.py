"""Each recognizer: what it must find, what it must leave alone, OCR-noisy variants."""

from __future__ import annotations

import pytest

from blur.detect.recognizers import build_recognizers

ALL = build_recognizers(["email", "card", "phone", "iban", "ssn", "jwt", "api_key"], ["US", "GB", "DE"])


def found(text: str) -> set[tuple[str, str]]:
    return {(m.kind, text[m.start : m.end]) for r in ALL for m in r.find(text)}


def kinds(text: str) -> set[str]:
    return {k for k, _ in found(text)}


@pytest.mark.parametrize(
    "text, kind, value",
    [
        ("Email: jane.roe+bugs@mail.example.co.uk", "email", "jane.roe+bugs@mail.example.co.uk"),
        ("from john.doe @example.com today", "email", "john.doe @example.com"),  # OCR space before @
        ("Card 4111 1111 1111 1111 exp", "card", "4111 1111 1111 1111"),
        ("4111-1111-1111-1111", "card", "4111-1111-1111-1111"),
        ("Amex 3782 822463 10005", "card", "3782 822463 10005"),
        ("4242 4242 4242 4Z42", "card", "4242 4242 4242 4Z42"),  # confusable Z/2, Luhn-valid once fixed
        ("4242 4242 4242 4243", "card", "4242 4242 4242 4243"),  # misread digit: 4-4-4-4 still blurred
        ("Call +1 415-555-0132", "phone", "+1 415-555-0132"),
        ("Tel 020 7946 0958", "phone", "020 7946 0958"),
        ("IBAN: DE89 3704 0044 0532 0130 00", "iban", "DE89 3704 0044 0532 0130 00"),
        ("GB82WEST12345698765432", "iban", "GB82WEST12345698765432"),
        ("SSN 536-22-1234", "ssn", "536-22-1234"),
        ("sk_test_4eC39HqLyjWDarjtT1zdp7dc", "api_key", "sk_test_4eC39HqLyjWDarjtT1zdp7dc"),
        ("sk live 4eC39HqLyjWDarjtT1zdp7dc", "api_key", "sk live 4eC39HqLyjWDarjtT1zdp7dc"),  # _ read as space
        ("AKIAIOSFODNN7EXAMPLE", "api_key", "AKIAIOSFODNN7EXAMPLE"),
        ("token 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", "api_key", "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"),
        ("xoxb-123456789012-abcdefABCDEF", "api_key", "xoxb-123456789012-abcdefABCDEF"),
        ("glpat-abcdefghij0123456789", "api_key", "glpat-abcdefghij0123456789"),
        ("AIzaSyD-1234567890abcdefghijklmnopqrstu", "api_key", "AIzaSyD-1234567890abcdefghijklmnopqrstu"),
        ("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "api_key", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"),
        (
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
            "jwt",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U",
        ),
    ],
)
def test_finds(text, kind, value):
    assert (kind, value) in found(text)


@pytest.mark.parametrize(
    "text",
    [
        "Order #10023 shipped on 2026-11-20",
        "Total $1,234.56 incl. VAT",
        "Version 4.2.1 build 20261120",
        "Card ending **** 4242",
        "0000 0000 0000 0000",
        "SSN 000-12-3456",  # never issued
        "Phone 555-0000",
        "Reference 1234 5678 9012",
        "sk_live_short",
        "Dashboard Settings Billing",
        "user at example dot com",
    ],
)
def test_leaves_alone(text):
    assert found(text) == set(), found(text)


def test_iban_shaped_value_with_misread_checksum_is_still_blurred():
    assert ("iban", "DE89 3704 0044 0532 0130 01") in found("IBAN DE89 3704 0044 0532 0130 01")
    assert "iban" not in kinds("DE89 3704 0044")  # too short for a German IBAN


def test_multiple_values_in_one_line():
    text = "jane@acme.io paid with 4111 1111 1111 1111, call +44 20 7946 0958"
    assert kinds(text) >= {"email", "card", "phone"}
