import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from scenes import Item  # noqa: E402

def typed_form(caret: bool = False) -> list[Item]:
    """An email typed from frame 10 (a key every 2 frames), a card from frame 60 (every 3), one plain line."""
    return [
        Item("Email", 60, 120, 18),
        Item("jane.roe@example.com", 200, 120, 18, first=10, typed_every=2, sensitive=True, caret=caret),
        Item("Card", 60, 180, 18),
        Item("4111 1111 1111 1111", 200, 180, 18, first=60, typed_every=3, sensitive=True, caret=caret),
        Item("We will reply within one business day", 60, 260, 18),
    ]


SECRET_EMAIL = "john.doe@example.com"
SECRET_CARD = "4242 4242 4242 4242"
SECRET_KEY = "sk_live_51HcXyZa8bQ2mT7wKv9Lp3Rd"


def form_items(scale: float = 1.0) -> list[Item]:
    """A support form: labels and plain text stay sharp, three values are secret."""

    def s(v: int) -> int:
        return int(v * scale)

    size = s(18)
    return [
        Item("Email", s(60), s(120), size),
        Item(SECRET_EMAIL, s(260), s(120), size, sensitive=True),
        Item("Card number", s(60), s(180), size),
        Item(SECRET_CARD, s(260), s(180), size, first=12, sensitive=True),
        Item("API key", s(60), s(240), size),
        Item(SECRET_KEY, s(260), s(240), size, first=24, last=40, sensitive=True),
        Item("Order #10023 shipped on 2026-11-20 for $1,234.56", s(60), s(320), size),
        Item("Version 4.2.1 build 20261120", s(60), s(380), size),
    ]


@pytest.fixture(scope="session")
def clips_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("clips")
