"""Offline lists of people's first names and surnames, loaded once per process.

First names: the US Census 1990 lists (shipped by the ``names`` package)
plus the ~45,000 international first names of Jörg Michael's dictionary
(shipped by ``gender-guesser``). Surnames: the Census 1990 list, the most
common ``SURNAME_RANK`` of its 88,799 entries (the rare tail is full of
ordinary words: "Cancel", "Filter", "Search").

Both lists also hold words that UIs use every day ("Will", "Mark", "Grace",
"Page", "Chase", "Sales"): :data:`COMMON_WORDS` names them, so a pair made
only of such words ("Rose Gold", "Mark Read") is not taken for a person.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

#: How many of the Census's surnames, most common first, count as surnames.
SURNAME_RANK = 40_000

#: Words found in the name lists that are, on a screen, far more often ordinary
#: words: a name made only of them is doubted (see PersonNameRecognizer).
COMMON_WORDS = frozenset("""
january february march april may june july august september october november december
monday tuesday wednesday thursday friday saturday sunday
will mark bill grant max page chase rose grace hope faith joy chance charity patience honor justice
summer winter spring autumn fall dawn eve sky storm rain river stone lake park hill wood field
green black white brown gray grey gold silver young long king major general royal sterling
crystal diamond pearl ruby jade ivy holly daisy lily violet iris amber angel christian
sunny happy lucky sharp strong early late just free new high low case call card close back read
sales price lock guest daily apple swift rust slack ford lincoln dell mercedes jordan victor
van del le la de el al in to go bin edit save fee bank base home plan pro view list number share
ship search center credit draft filter freeze cancel members roles points press right left top
bottom down via from work other storage tags trial weekly warning linear learn jobs friends billing
best love star sun moon north south east west street court hall port bay dale glen cliff
miles mile hunter cash power rich money gift way pay sale deal shop store market league jolly showers
file files tab sheets redo forward register cart done branch merge test run job warn due show more less
first last pages all clear skip start like
an are been big boss box car check cheers child cool cost day dear do door duke even fine friend good he her
hey his honey house how husband keep large later little look lord mine miss mom morning most my nice night no
ok okay on one ours over pack people prince queen room said say see short small so son soon sweet take tall
tell than the then try wait well you
""".split())

#: Words that start place names, not people's ("San Francisco", "Fort Worth", "Lake Tahoe").
PLACE_PREFIXES = frozenset("san santa los las fort mount saint st north south east west port lake new del el la le".split())


def _census(resource: str) -> list[str]:
    text = resources.files("names").joinpath(resource).read_text(encoding="ascii")
    return [line.split()[0].title() for line in text.splitlines() if line.strip()]


@lru_cache(maxsize=1)
def census_first_names() -> frozenset[str]:
    return frozenset(_census("dist.male.first") + _census("dist.female.first"))


@lru_cache(maxsize=1)
def other_first_names() -> frozenset[str]:
    """First names from many countries (gender-guesser's dictionary), minus the Census ones."""
    text = resources.files("gender_guesser").joinpath("data/nam_dict.txt").read_text(encoding="utf-8")
    found = set()
    for line in text.splitlines():
        if not line or line[0] in "#=":
            continue
        parts = line.split()
        if len(parts) < 2:
            continue
        name = parts[1]
        if "+" in name or len(name) < 3 or not name.isalpha():
            continue
        found.add(name[:1].upper() + name[1:].lower())
    return frozenset(found - census_first_names())


@lru_cache(maxsize=1)
def surname_ranks() -> dict[str, int]:
    """Surname -> rank (0 = most common)."""
    return {name: rank for rank, name in enumerate(_census("dist.all.last")[:SURNAME_RANK])}
