"""IP addresses (v4 and v6), validated by the standard library."""

from __future__ import annotations

import ipaddress
import re

from .base import PatternRecognizer

_IPV4 = re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.]*\d)")
_IPV6 = re.compile(r"(?<![\w:])(?=[0-9A-Fa-f:]*:[0-9A-Fa-f:]*:)[0-9A-Fa-f:]{3,39}(?![\w:])")


class IpAddressRecognizer(PatternRecognizer):
    kind = "ip"
    patterns = (_IPV4, _IPV6)

    def validate(self, candidate: str) -> bool:
        try:
            address = ipaddress.ip_address(candidate)
        except ValueError:
            return False
        return not address.is_unspecified
