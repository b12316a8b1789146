"""Raw text → safe HTML, in one place, by context (entry, comment, subject, profile).

Pipeline: one linear pass over the tags (journal/htmlscan.py) turns LiveJournal tags
(`<lj user>`, `<lj-cut>`, `<lj-raw>`) into plain HTML, newlines into `<br>` (unless
preformatted) and caps the nesting depth; nh3 sanitises against the context's allow-list; bare
URLs in text are linkified with rel="nofollow". Plain-text bodies (FriendFeed) are escaped first.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3
from django.conf import settings

from journal.htmlscan import MARKUP_START, TAG, Nesting, attrs, skip_markup

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

_LJ_NAME = re.compile(r"[A-Za-z0-9_-]{1,25}")
_LEADING_NEWLINE = re.compile(r"[ \t]*\n")
# A newline right after one of these is layout, not a line break the writer meant.
_STRUCTURE = frozenset(
    (
        *("blockquote", "br", "caption", "dd", "div", "dl", "dt", "hr", "li", "ol", "p", "pre"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "table", "tbody", "td", "tfoot", "th", "thead"),
        *("tr", "ul"),
    )
)


@dataclass
class _Options:
    subject: bool
    plain_lj: bool  # True: leave LiveJournal tags alone (plain text has none)
    line_breaks: bool
    fold_url: str | None


def _user_link(name: str, *, subject: bool) -> str:
    name = name.lower().replace("-", "_")
    if subject:  # subjects carry no links: the name alone, in bold as LiveJournal shows it
        return f"<b>{name}</b>"
    return f'<a href="{settings.SITE_URL}/{name}" class="lj-user"><b>{name}</b></a>'


def _preprocess(text: str, options: _Options) -> str:
    """One linear pass over raw HTML: LiveJournal tags, line breaks, and the nesting guard.

    Everything here only rearranges what nh3 will sanitise afterwards; safety never depends on
    it. Its job is the LiveJournal features and keeping the parser's cost bounded.
    """
    out: list[str] = []
    nesting = Nesting()
    pre = 0  # depth of <pre> and <lj-raw>: newlines inside are not turned into <br>
    after_structure = False
    folding = False  # inside a folded <lj-cut>: drop everything up to </lj-cut>
    cuts = 0
    pos = 0
    length = len(text)

    def add_text(chunk: str) -> None:
        nonlocal after_structure
        if not chunk or folding:
            return
        if options.line_breaks and not pre:
            if after_structure:
                match = _LEADING_NEWLINE.match(chunk)
                if match:
                    chunk = chunk[match.end() :]
            chunk = chunk.replace("\n", "<br>\n")
        after_structure = False
        out.append(chunk)

    while pos < length:
        found = MARKUP_START.search(text, pos)
        if found is None:
            add_text(text[pos:])
            break
        start = found.start()
        add_text(text[pos:start])
        match = TAG.match(text, start)
        if match is None:
            # Comments go (nh3 strips them anyway); a tag that never closes swallows the rest
            # of the text, as it does in the parser.
            skipped = skip_markup(text, start)
            if skipped is None:
                break
            pos = skipped
            continue
        pos = match.end()
        closing, name = match.group(1) == "/", match.group(2).lower()
        if name == "lj-raw":  # LiveJournal's "no auto-format here"; the tag itself goes
            if not folding:
                pre = max(0, pre - 1) if closing else pre + 1
            continue
        if name == "lj-cut" or (name == "lj" and not closing):
            if folding:
                if closing and name == "lj-cut":
                    folding = False
                continue
            if name == "lj":
                found_attrs = attrs(match.group(3))
                who = found_attrs.get("user") or found_attrs.get("comm") or ""
                who = who or found_attrs.get("community", "")
                if options.plain_lj or not _LJ_NAME.fullmatch(who):
                    continue
                out.append(_user_link(who, subject=options.subject))
                after_structure = False
            elif not closing and not options.subject and not options.plain_lj:
                cuts += 1
                if options.fold_url is None:
                    out.append(f'<a name="cutid{cuts}"></a>')
                else:
                    label = attrs(match.group(3)).get("text") or "Read more..."
                    out.append(
                        f'<b class="lj-cut">( <a href="{html.escape(options.fold_url)}'
                        f'#cutid{cuts}">{html.escape(label)}</a> )</b>'
                    )
                    folding = True
            continue
        if folding:
            continue
        closes, keep = nesting.end(name) if closing else nesting.start(name)
        out.append(closes)
        if not keep:
            continue
        if name == "pre":
            pre = max(0, pre - 1) if closing else pre + 1
        out.append(match.group(0))
        after_structure = name in _STRUCTURE
    return "".join(out)


# Tags of nh3's output: its serialiser always double-quotes attribute values and escapes
# quotes inside them, so a ">" within a value never ends the tag here.
_CLEAN_TAG = re.compile(r'(<[^>"]*(?:"[^"]*"[^>"]*)*>)')
_ANCHOR = re.compile(r"<(/?)a[\s>]", re.IGNORECASE)
# In nh3's text "&" only starts &amp; &lt; &gt; or &nbsp;: only &amp; belongs in a URL.
_URL = re.compile(r"""\bhttps?://(?:[^\s<>"'`&]|&amp;)+""", re.IGNORECASE)
_TRAILING = ".,;:!?)]}'"


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
    pieces = _CLEAN_TAG.split(clean_html)
    depth = 0
    for i, piece in enumerate(pieces):
        if i % 2:  # a tag
            anchor = _ANCHOR.match(piece)
            if anchor:
                depth = max(0, depth - 1) if anchor.group(1) else depth + 1
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
    subject = context is SUBJECT
    options = _Options(
        subject=subject,
        plain_lj=plain_text,
        line_breaks=not preformatted and not subject,
        fold_url=fold_url,
    )
    clean = _sanitise(_preprocess(text, options), context)
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
    text = (raw_html or "")[:MAX_RENDER_CHARS].replace("\x00", "")
    # As in a subject: <lj user> keeps its name, <lj-cut> goes, its contents stay.
    options = _Options(subject=True, plain_lj=False, line_breaks=False, fold_url=None)
    return html.unescape(
        nh3.clean(_preprocess(text, options), tags=set(), strip_comments=True)
    ).strip()


# Tags a reader sees as a break between words: stripping them must leave a space, or
# "walk</p><p>evening" becomes one word "walkevening" (PostgreSQL's full-text search then
# finds neither). Inline tags (<b>, <a>) are left alone: "<b>bo</b>ld" is one word.
_WORD_BREAK_TAG = re.compile(
    r"<(?=/?(?:br|p|div|li|ul|ol|dl|dt|dd|tr|td|th|table|thead|tbody|tfoot|caption|h[1-6]"
    r"|blockquote|pre|hr|img|center|section|article|header|footer|nav|aside|figure"
    r"|figcaption|address|lj|lj-cut|lj-embed|lj-raw)\b)",
    re.IGNORECASE,
)
_SPACES = re.compile(r"[ \t]{2,}")


def search_text(body: str, markup: str) -> str:
    """What search matches: a plain-text body as written, an HTML body's text content with
    its line breaks and block boundaries kept as spaces."""
    if markup == "text":
        return body
    return _SPACES.sub(" ", plain_text(_WORD_BREAK_TAG.sub(" <", body or "")))
