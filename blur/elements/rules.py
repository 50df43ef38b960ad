"""Which elements to blur: CSS selectors evaluated with soupsieve on each element's ancestor chain.

Precedence, per element:

1. an explicit per-element opt-out (``data-jam-blur="no"``, ``data-dd-privacy="allow"``,
   or the config's ``opt_out`` selectors) unblurs it;
2. otherwise a blur selector that matches it blurs it, even if an unblur selector matches too;
3. otherwise an unblur selector that matches it unblurs it;
4. otherwise the nearest ancestor with a decision (by 1-3) decides.

A blurred element's box is blurred except where an unblurred descendant sits
(cut out of it); blurred descendants of that are blurred again, and so on.

The sidecar records each element's ancestors, not its siblings, so selectors
that need siblings or positions (``+``, ``~``, ``:nth-child``...) or text
(``:-soup-contains``) are refused when the config is loaded.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import soupsieve
from bs4 import BeautifulSoup
from bs4.element import Tag

from .builtin import BUILTIN_BLUR, BUILTIN_OPT_OUT  # noqa: F401 - re-exported
from .sidecar import Element, Node


class UnsupportedSelector(ValueError):
    pass


def _check(selector: object, text: str) -> None:
    for part in getattr(selector, "selectors", ()):
        if part.rel_type in ("+", "~", ": +", ": ~"):
            raise UnsupportedSelector(f"{text!r}: sibling combinators (+, ~) cannot be evaluated from the sidecar")
        if part.nth:
            raise UnsupportedSelector(f"{text!r}: positional pseudo-classes (:nth-*, :first-*, :last-*, :only-*) "
                                      "cannot be evaluated from the sidecar")
        if part.contains:
            raise UnsupportedSelector(f"{text!r}: text is never recorded, so :-soup-contains cannot match")
        _check(part.relation, text)
        for nested in part.selectors:
            _check(nested, text)


def compile_selector(text: str) -> soupsieve.SoupSieve:
    """Compile one selector or raise ValueError saying why it cannot be used."""
    try:
        compiled = soupsieve.compile(text)
    except soupsieve.SelectorSyntaxError as exc:
        raise ValueError(f"{text!r}: invalid CSS selector ({str(exc).splitlines()[0]})") from None
    _check(compiled.selectors, text)
    return compiled


def attributes_used(selectors: Iterable[str]) -> set[str]:
    """Attribute names the selectors test (``id`` and ``class`` included when used)."""
    names: set[str] = set()

    def walk(selector_list: object) -> None:
        for part in getattr(selector_list, "selectors", ()):
            names.update(a.attribute.lower() for a in part.attributes)
            if part.ids:
                names.add("id")
            if part.classes:
                names.add("class")
            walk(part.relation)
            for nested in part.selectors:
                walk(nested)

    for text in selectors:
        walk(compile_selector(text).selectors)
    return names


def _build_chain(nodes: tuple[tuple[str, tuple[tuple[str, str], ...]], ...]) -> list[Tag]:
    """A bs4 tree holding just this chain (root first); returns its tags, root first."""
    soup = BeautifulSoup("", "html.parser")
    parent: BeautifulSoup | Tag = soup
    tags = []
    for tag_name, attrs in nodes:
        tag = soup.new_tag(tag_name, attrs=dict(attrs))
        parent.append(tag)
        tags.append(tag)
        parent = tag
    return tags


def _signature(node: Node) -> tuple[str, tuple[tuple[str, str], ...]]:
    return node.tag.lower(), tuple(sorted(node.attrs.items()))


class ElementRules:
    """Decides blur / unblur / nothing per element of a snapshot."""

    def __init__(self, blur: Iterable[str], unblur: Iterable[str] = (), opt_out: Iterable[str] = BUILTIN_OPT_OUT):
        self.blur_selectors = list(blur)
        self.unblur_selectors = list(unblur)
        self.opt_out_selectors = list(opt_out)
        self._blur = [compile_selector(s) for s in self.blur_selectors]
        self._unblur = [compile_selector(s) for s in self.unblur_selectors]
        self._opt_out = [compile_selector(s) for s in self.opt_out_selectors]
        self._decide = lru_cache(maxsize=65536)(self._decide_chain)

    def _own(self, tag: Tag) -> bool | None:
        if any(s.match(tag) for s in self._opt_out):
            return False
        if any(s.match(tag) for s in self._blur):
            return True
        if any(s.match(tag) for s in self._unblur):
            return False
        return None

    def _decide_chain(self, chain: tuple) -> tuple[bool | None, bool]:
        """(effective decision, decided by the element itself) for the last node of ``chain``."""
        tags = _build_chain(chain)
        for depth, tag in enumerate(reversed(tags)):
            own = self._own(tag)
            if own is not None:
                return own, depth == 0
        return None, False

    def decision(self, element: Element) -> tuple[bool | None, bool]:
        chain = tuple(_signature(n) for n in element.path) + (_signature(element),)
        return self._decide(chain)

    def blurred_boxes(self, elements: list[Element]) -> dict[int, list[tuple[float, float, float, float]]]:
        """Per blurred element key, the parts of its box (x1, y1, x2, y2) to blur."""
        boxes: dict[int, list[tuple[float, float, float, float]]] = {}
        unblurred: list[Element] = []
        for element in elements:
            decided, _ = self.decision(element)
            x, y, w, h = element.box
            if decided is True and w > 0 and h > 0:
                boxes[element.k] = [(x, y, x + w, y + h)]
            elif decided is False:
                unblurred.append(element)
        for element in unblurred:  # cut unblurred descendants out of their blurred ancestors
            x, y, w, h = element.box
            hole = (x, y, x + w, y + h)
            for ancestor in element.path:
                if ancestor.k in boxes:
                    boxes[ancestor.k] = [piece for part in boxes[ancestor.k] for piece in _subtract(part, hole)]
        return {k: parts for k, parts in boxes.items() if parts}


def _subtract(box: tuple[float, float, float, float], hole: tuple[float, float, float, float]):
    """``box`` minus ``hole`` as up to four boxes (above, below, left, right of the hole)."""
    x1, y1, x2, y2 = box
    hx1, hy1, hx2, hy2 = max(hole[0], x1), max(hole[1], y1), min(hole[2], x2), min(hole[3], y2)
    if hx1 >= hx2 or hy1 >= hy2:
        return [box]
    parts = [(x1, y1, x2, hy1), (x1, hy2, x2, y2), (x1, hy1, hx1, hy2), (hx2, hy1, x2, hy2)]
    return [p for p in parts if p[2] - p[0] > 0 and p[3] - p[1] > 0]
