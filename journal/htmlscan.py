"""Linear scanning of raw HTML the way html5ever (nh3's parser) tokenizes it, and a guard that
keeps the parser's stack of open elements shallow.

Why: html5ever checks element scope by walking its stack of open elements, so 100k nested
`<div>`s cost minutes inside nh3. The renderer walks the tags once with this module, drops
opening tags past MAX_DEPTH (their text stays), and hands the rest to nh3. Nothing here is a
safety measure — nh3 sanitises whatever comes out — it only bounds the cost.
"""

from __future__ import annotations

import html
import re

_SP = "\t\n\f\r "
# One tag as html5ever reads it: the name ends at whitespace, "/" or ">"; quotes open a value
# only after "="; a ">" inside a quoted value does not end the tag. Possessive, so a tag that
# never closes costs one scan (and then swallows the rest, as in the parser).
TAG = re.compile(
    rf"""<(/?)([A-Za-z][^{_SP}/>]*)((?:[{_SP}/]+|[^{_SP}/>][^{_SP}/>=]*"""
    rf"""(?:[{_SP}]*=[{_SP}]*(?:"[^"]*"|'[^']*'|[^{_SP}>]*))?)*+)>"""
)
_ATTR = re.compile(
    rf"""([^{_SP}/>][^{_SP}/>=]*)(?:[{_SP}]*=[{_SP}]*("[^"]*"|'[^']*'|[^{_SP}>]*))?"""
)
MARKUP_START = re.compile(r"<[A-Za-z/!?]")


def _names(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Past this many open elements further opening tags are dropped. Real entries never nest this
# deep, and a 101st nested <b> or <font> looks like the 100th.
MAX_DEPTH = 100

_VOID = _names(
    "area base basefont bgsound br col embed frame hr img input keygen link meta param source"
    " track wbr"
)
# Formatting elements the parser re-opens after an outer end tag closed them ("reconstruct the
# active formatting elements"): they keep counting until their own end tag.
_FORMATTING = _names("a b big code em font i nobr s small strike strong tt u")
# The parser keeps at most three identical entries in its list of formatting elements.
_NOAHS_ARK = 3
# Opening one of these closes an open element of the same kind (with only inline ones above).
_SIBLINGS = {
    "p": {"p"},
    "li": {"li"},
    "dt": {"dt", "dd"},
    "dd": {"dt", "dd"},
    "tr": {"tr"},
    "td": {"td", "th"},
    "th": {"td", "th"},
    "option": {"option"},
}
# Block elements whose start tag closes an open <p>.
_CLOSES_P = _names(
    "address article aside blockquote center details dialog dir div dl fieldset figcaption"
    " figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr listing main menu nav ol p pre"
    " section summary ul xmp"
)
# End tags that would reach past these are ignored by the parser; the guard keeps counting.
_BOUNDARIES = _names("applet button caption html marquee object table td template th math svg")
_TABLE_PARTS = _names("caption table tbody td tfoot th thead tr")


def attrs(raw: str) -> dict[str, str]:
    """Attribute values of one tag's attribute text (names lower-cased, values unescaped)."""
    found: dict[str, str] = {}
    for match in _ATTR.finditer(raw):
        value = match.group(2) or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        found.setdefault(match.group(1).lower(), html.unescape(value))
    return found


def skip_markup(text: str, start: int) -> int | None:
    """Where a comment, `<!...>`, `<?...>` or `</...>` that is not a tag ends.

    None: "<" starts a start or end tag that never closes, which swallows the rest.
    """
    second = text[start + 1 : start + 2]
    third = text[start + 2 : start + 3]
    if second == "/":
        if third == ">":
            return start + 3  # "</>" is ignored
        if third.isascii() and third.isalpha():
            return None
    elif second not in ("!", "?"):
        return None
    if text.startswith("<!--", start):
        for empty in ("<!-->", "<!--->"):
            if text.startswith(empty, start):
                return start + len(empty)
        ends = [i for i in (text.find("-->", start + 4), text.find("--!>", start + 4)) if i >= 0]
        if not ends:
            return len(text)  # an unclosed comment runs to the end
        end = min(ends)
        return end + (3 if text.startswith("-->", end) else 4)
    end = text.find(">", start + 2)  # a bogus comment ends at the first ">"
    return len(text) if end < 0 else end + 1


class Nesting:
    """A cautious model of the parser's stack of open elements: it may overcount, not under.

    Where the parser would close formatting elements implicitly (a block end tag, a new <p> or
    <li>), explicit end tags are emitted: otherwise the parser "reconstructs" them inside every
    following block, which lets a few hundred distinct unclosed <b>s multiply the output.
    """

    def __init__(self) -> None:
        self.stack: list[str] = []
        self.open: dict[str, int] = {}  # name → how many are on the stack
        self.dropped: dict[str, int] = {}

    def _push(self, name: str) -> None:
        self.stack.append(name)
        self.open[name] = self.open.get(name, 0) + 1

    def _pop_to(self, index: int) -> str:
        """Pop the elements from index up; end tags for the formatting ones above it."""
        closes = []
        while len(self.stack) > index:
            name = self.stack.pop()
            self.open[name] -= 1
            if name in _FORMATTING and len(self.stack) > index:
                closes.append(f"</{name}>")
        return "".join(closes)

    def _nearest(self, names: set[str] | frozenset[str], passable: frozenset[str]) -> int | None:
        """Index of the nearest element in names with only `passable` ones above it."""
        for index in range(len(self.stack) - 1, -1, -1):
            name = self.stack[index]
            if name in names:
                return index
            if name not in passable:
                return None
        return None

    def start(self, name: str) -> tuple[str, bool]:
        """End tags to emit before this start tag, and whether to keep the tag."""
        if name in _VOID:
            return "", True
        closes = ""
        siblings = _SIBLINGS.get(name)
        if siblings and any(self.open.get(s) for s in siblings):
            index = self._nearest(siblings, _FORMATTING if name == "p" else _FORMATTING | {"p"})
            if index is not None:
                closes += self._pop_to(index)
        if name in _CLOSES_P and self.open.get("p"):
            index = self._nearest({"p"}, _FORMATTING)
            if index is not None:
                closes += self._pop_to(index)
        if len(self.stack) >= MAX_DEPTH:
            self.dropped[name] = self.dropped.get(name, 0) + 1
            return closes, False
        self._push(name)
        return closes, True

    def end(self, name: str) -> tuple[str, bool]:
        """End tags to emit before this end tag, and whether to keep the tag."""
        if self.open.get(name):
            index = len(self.stack) - 1 - self.stack[::-1].index(name)
            walls = _BOUNDARIES - _TABLE_PARTS if name in _TABLE_PARTS else _BOUNDARIES
            if walls.isdisjoint(self.stack[index + 1 :]):
                return self._pop_to(index), True
            return "", True
        if self.dropped.get(name):
            self.dropped[name] -= 1
            return "", False
        return "", True
