import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from scenes import Item  # noqa: E402

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
