"""Raw text → safe HTML, in one place, by context (entry, comment, subject, profile).

Pipeline: LiveJournal tags (`<lj user>`, `<lj-cut>`) become plain HTML, line breaks become
`<br>` (unless preformatted), nh3 sanitises against the context's allow-list, and bare URLs in
text are linkified with rel="nofollow". Plain-text bodies (FriendFeed) are escaped first.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3
from django.conf import settings

# Past this, input is cut before rendering; verbs refuse far smaller sizes, this only keeps
# the renderer's cost bounded for any caller.
MAX_RENDER_CHARS = 1_000_000

_INLINE = {
    "a",
    "abbr",
    "b",
    "br",
    "cite",
    "code",
    "del",
    "em",
    "i",
    "ins",
    "kbd",
    "q",
    "s",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "sup",
    "tt",
    "u",
}
_BLOCK = {
    "blockquote",
    "center",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "summary",
    "ul",
}
_TABLE = {"caption", "table", "tbody", "td", "tfoot", "th", "thead", "tr"}

_COMMON_ATTRS = {"title", "lang", "dir"}
_ATTRS = {
    "a": {"href", "name", "class"},
    "img": {"src", "alt", "width", "height"},
    "span": {"class"},
    "div": {"class"},
    "b": {"class"},
    "ol": {"start", "type"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "p": {"align"},
    "abbr": set(),
}


@dataclass(frozen=True)
class Context:
    tags: frozenset[str]
    links: bool = True


ENTRY = Context(frozenset(_INLINE | _BLOCK | _TABLE | {"img"}))
PROFILE = ENTRY
COMMENT = Context(frozenset(_INLINE | {"blockquote", "p", "pre", "ul", "ol", "li", "img"}))
SUBJECT = Context(
    frozenset({"b", "i", "em", "strong", "u", "s", "small", "sub", "sup", "span"}), links=False
)

_LJ_USER = re.compile(
    r"""<lj\s+(?:user|comm|community)\s*=\s*["']?([A-Za-z0-9_-]{1,25})["']?[^>]*?/?>""",
    re.IGNORECASE,
)
_CUT_OPEN = re.compile(
    r"""<lj-cut(?:\s+text\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?[^>]*?/?>""", re.IGNORECASE
)
_CUT_CLOSE = re.compile(r"</lj-cut\s*>", re.IGNORECASE)
_PRE_SPLIT = re.compile(r"(<pre\b.*?</pre\s*>)", re.IGNORECASE | re.DOTALL)
_STRUCTURE_NEWLINE = re.compile(
    r"(</?(?:table|thead|tbody|tfoot|tr|td|th|caption|ul|ol|li|dl|dt|dd|blockquote|h[1-6]|p"
    r"|div|hr|pre|br)\b[^>]*>)[ \t]*\n",
    re.IGNORECASE,
)
_TAG_OR_TEXT = re.compile(r"(<[^>]*>)")
_URL = re.compile(r"""\bhttps?://[^\s<>"'`]+""", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'"


def _user_link(match: re.Match) -> str:
    name = match.group(1).lower().replace("-", "_")
    return f'<a href="{settings.SITE_URL}/{name}" class="lj-user"><b>{name}</b></a>'


def _lj_tags(text: str, *, fold_url: str | None) -> str:
    """Expand `<lj user>`; keep `<lj-cut>` contents (anchored) or fold them behind a link."""
    text = _LJ_USER.sub(_user_link, text)
    out: list[str] = []
    pos = 0
    cut = 0
    for match in _CUT_OPEN.finditer(text):
        if match.start() < pos:
            continue  # inside a folded cut
        cut += 1
        out.append(text[pos : match.start()])
        close = _CUT_CLOSE.search(text, match.end())
        if fold_url is None:
            out.append(f'<a name="cutid{cut}"></a>')
            pos = match.end()
        else:
            label = match.group(1) or match.group(2) or match.group(3) or "Read more..."
            out.append(
                f'<b class="lj-cut">( <a href="{html.escape(fold_url)}#cutid{cut}">'
                f"{html.escape(html.unescape(label))}</a> )</b>"
            )
            pos = close.end() if close else len(text)
    out.append(text[pos:])
    return _CUT_CLOSE.sub("", "".join(out))


def _line_breaks(text: str) -> str:
    """Newlines become <br> outside <pre> and not right after block structure tags."""
    parts = _PRE_SPLIT.split(text)
    for i in range(0, len(parts), 2):  # even indexes are outside <pre>
        segment = _STRUCTURE_NEWLINE.sub(r"\1", parts[i])
        parts[i] = segment.replace("\n", "<br>\n")
    return "".join(parts)


def _linkify_text(text: str) -> str:
    def repl(match: re.Match) -> str:
        url = match.group(0)
        tail = ""
        while url and url[-1] in _TRAILING:
            # Keep a closing parenthesis that balances one inside the URL (wikipedia links).
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            tail = url[-1] + tail
            url = url[:-1]
        if url.endswith("&amp"):  # an escaped ampersand cut by the trailing-char rule
            url, tail = url[:-4], "&amp" + tail
        if len(url) <= len("https://"):
            return match.group(0)
        return f'<a href="{url}" rel="nofollow">{url}</a>{tail}'

    return _URL.sub(repl, text)


def _linkify(clean_html: str) -> str:
    """Linkify URLs in text nodes of already-sanitised HTML, never inside an <a>."""
    pieces = _TAG_OR_TEXT.split(clean_html)
    depth = 0
    for i, piece in enumerate(pieces):
        if i % 2:  # a tag
            lowered = piece[:3].lower()
            if lowered.startswith("<a ") or piece.lower() == "<a>":
                depth += 1
            elif lowered == "</a":
                depth = max(0, depth - 1)
        elif depth == 0 and "://" in piece:
            pieces[i] = _linkify_text(piece)
    return "".join(pieces)


def _sanitise(text: str, context: Context) -> str:
    attributes = {tag: _ATTRS.get(tag, set()) | _COMMON_ATTRS for tag in context.tags}
    return nh3.clean(
        text,
        tags=set(context.tags),
        attributes=attributes,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow",
        strip_comments=True,
    )


def render(
    raw: str,
    context: Context = ENTRY,
    *,
    preformatted: bool = False,
    plain_text: bool = False,
    fold_url: str | None = None,
) -> str:
    """Render raw user text to safe HTML for `context`."""
    text = (raw or "")[:MAX_RENDER_CHARS].replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\x00", "")
    if plain_text:
        text = html.escape(text, quote=False)
    elif context is not SUBJECT:
        text = _lj_tags(text, fold_url=fold_url)
    if not preformatted and context is not SUBJECT:
        text = _line_breaks(text)
    clean = _sanitise(text, context)
    return _linkify(clean) if context.links else clean


def render_entry(
    raw: str, *, preformatted: bool = False, plain_text: bool = False, fold_url: str | None = None
) -> str:
    return render(raw, ENTRY, preformatted=preformatted, plain_text=plain_text, fold_url=fold_url)


def render_comment(raw: str, *, plain_text: bool = False) -> str:
    return render(raw, COMMENT, plain_text=plain_text)


def render_subject(raw: str) -> str:
    return render(raw, SUBJECT)


def render_profile(raw: str) -> str:
    return render(raw, PROFILE)


def plain_text(raw_html: str) -> str:
    """Text content of HTML (for search and FriendFeed's rawBody of an HTML entry)."""
    return html.unescape(nh3.clean(raw_html or "", tags=set(), strip_comments=True)).strip()
