"""Each recognizer: what it must find, what it must leave alone, OCR-noisy variants."""

from __future__ import annotations

import pytest

from blur.detect.recognizers import build_recognizers

ALL = build_recognizers(
    ["email", "card", "card_extra", "phone", "iban", "ssn", "routing", "ip", "jwt", "api_key", "secret"],
    ["US", "GB", "DE"],
)


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
        ("4111111111111111", "card", "4111111111111111"),  # OCR dropped the spaces
        ("5555 5555 5555 4444", "card", "5555 5555 5555 4444"),
        ("Diners 3056 930902 5904", "card", "3056 930902 5904"),
        ("4111 1111 1111 11l1", "card", "4111 1111 1111 11l1"),  # l read for 1
        ("CVC: 123", "card_extra", "123"),
        ("Security code 4821", "card_extra", "4821"),
        ("Expiry 12/28", "card_extra", "12/28"),
        ("Valid thru 07 / 2029", "card_extra", "07 / 2029"),
        ("Routing number 111000025", "routing", "111000025"),
        ("Server 192.168.10.24 responded", "ip", "192.168.10.24"),
        ("from 2001:db8::8a2e:370:7334", "ip", "2001:db8::8a2e:370:7334"),
        ("password: hunter2!", "secret", "hunter2!"),
        ("DB_PASSWORD=s3cr3t-Value", "secret", "s3cr3t-Value"),
        ("Authorization: Bearer abc.def-123456789XYZ", "secret", "abc.def-123456789XYZ"),
        ("secret 9fK2mQ8xLp4ZrT7vWc3NbY6h", "secret", "9fK2mQ8xLp4ZrT7vWc3NbY6h"),
        ("4111-1111-1111-1111", "card", "4111-1111-1111-1111"),
        ("Amex 3782 822463 10005", "card", "3782 822463 10005"),
        ("4242 4242 4242 4Z42", "card", "4242 4242 4242 4Z42"),  # confusable Z/2, Luhn-valid once fixed
        ("4242 4242 4242 4243", "card", "4242 4242 4242 4243"),  # misread digit: 4-4-4-4 still blurred
        ("Call +1 415-555-0132", "phone", "+1 415-555-0132"),
        ('  "owner": "lthomas@hotmail. com",', "email", "lthomas@hotmail. com"),  # OCR's space after the dot
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
        "4111 1111 1111 1112 0",  # 17 digits, Luhn-invalid, no card grouping
        "1234567812345670",  # Luhn-valid, but no issuer starts with 1
        "Call us at 9:00-17:00 CET",
        "Routing 123456789",  # bad ABA checksum
        "Order 111000025",  # valid ABA checksum but no routing keyword
        "Version 4.2.1.9000",
        "Time 12:30:45",
        "started 2625-63-14 09:11:58 UTC",  # a misread date and a time: "262-563-1409" is a valid US number
        "Enter your password to continue",
        "commit 3f2a9c1b7e5d4a6f8b0c2e4d6f8a0b2c4d6e8f0a",  # random-looking, no keyword nearby
        "Expires in 12 days",
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


def test_custom_pattern_uses_re2():
    from blur.detect.recognizers.custom import CustomPatternRecognizer

    member = CustomPatternRecognizer("member_id", r"M-\d{8}")
    text = "Member M-00412345 joined"
    assert [(m.kind, text[m.start : m.end]) for m in member.find(text)] == [("member_id", "M-00412345")]


def test_custom_pattern_runs_in_linear_time():
    """The classic catastrophic-backtracking pattern returns at once under RE2."""
    import time

    from blur.detect.recognizers.custom import CustomPatternRecognizer

    evil = CustomPatternRecognizer("evil", r"(a+)+$")
    started = time.perf_counter()
    list(evil.find("a" * 50_000 + "!"))
    assert time.perf_counter() - started < 1.0
