"""The hostile corpus shared by the per-context sanitiser tests, and an independent checker.

The checker parses the renderer's output with Python's own HTML parser (not nh3), so a test
fails if anything executable survives, whatever the sanitiser believes it did.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from html.parser import HTMLParser

SAFE_SCHEMES = ("http:", "https:", "mailto:")
# Browsers drop these from URLs before reading the scheme ("java\tscript:").
_URL_JUNK = re.compile(r"[\x00-\x20\x7f]+")


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    handle_startendtag = handle_starttag


def tags_of(html: str) -> list[tuple[str, dict[str, str]]]:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.tags


def assert_safe(html: str, allowed: set[str] | frozenset[str]) -> None:
    """No tag outside `allowed`, no handler or style attribute, no non-web URL scheme."""
    lowered = html.lower()
    assert "<script" not in lowered and "<style" not in lowered
    for tag, attrs in tags_of(html):
        assert tag in allowed, f"tag <{tag}> survived in {html!r}"
        for name, value in attrs.items():
            assert not name.startswith("on"), f"handler {name} survived in {html!r}"
            assert name not in ("style", "srcdoc", "formaction", "xlink:href"), html
            if name in ("href", "src", "action", "background", "cite"):
                url = _URL_JUNK.sub("", value).lower()
                assert ":" not in url.split("/")[0] or url.startswith(SAFE_SCHEMES), (
                    f"unsafe URL {value!r} in {html!r}"
                )


# (name, input, text that must be gone from the output)
HOSTILE: list[tuple[str, str, str]] = [
    ("script", "<script>alert('x')</script>after", "alert"),
    ("script-upper", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>after", "evil.example"),
    ("script-split-by-nul", "<scr\x00ipt>alert(1)</script>after", "<scr"),
    ("script-in-attr-break", '<b title="x"><script>alert(1)</script></b>after', "alert"),
    ("onerror", "<img src=x onerror=alert(1)>after", "alert"),
    ("onerror-mixed-case", '<IMG SRC="x" OnErRoR="alert(1)">after', "alert"),
    ("onload-body", "<body onload=alert(1)>after", "alert"),
    ("onclick", '<b onclick="alert(1)">after</b>', "alert"),
    ("onmouseover-unquoted", "<a href=http://x.example/ onmouseover=alert(1)>after</a>", "alert"),
    ("handler-after-slash", '<img/src="x"/onerror=alert(1)>after', "alert"),
    ("javascript-href", '<a href="javascript:alert(1)">after</a>', "javascript"),
    ("javascript-mixed-case", '<a href="JaVaScRiPt:alert(1)">after</a>', "alert"),
    ("javascript-leading-space", '<a href="  javascript:alert(1)">after</a>', "alert"),
    ("javascript-tab", '<a href="java\tscript:alert(1)">after</a>', "alert"),
    ("javascript-newline", '<a href="java\nscript:alert(1)">after</a>', "alert"),
    ("javascript-tab-entity", '<a href="jav&#x09;ascript:alert(1)">after</a>', "alert"),
    ("javascript-newline-entity", '<a href="jav&#10;ascript:alert(1)">after</a>', "alert"),
    (
        "javascript-decimal-entities",
        '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">'
        "after</a>",
        "alert",
    ),
    ("javascript-hex-entity", '<a href="&#x6A;avascript:alert(1)">after</a>', "alert"),
    ("javascript-colon-entity", '<a href="javascript&colon;alert(1)">after</a>', "alert"),
    ("javascript-unquoted", "<a href=javascript:alert(1)>after</a>", "alert"),
    ("vbscript", '<a href="vbscript:msgbox(1)">after</a>', "msgbox"),
    ("vbscript-upper", '<a href="VBScript:msgbox(1)">after</a>', "msgbox"),
    ("data-href", '<a href="data:text/html;base64,PHNjcmlwdD4=">after</a>', "base64"),
    ("data-img", '<img src="data:image/svg+xml,&lt;svg onload=alert(1)&gt;">after', "alert"),
    ("data-mixed-case", '<a href="DaTa:text/html,<script>alert(1)</script>">after</a>', "alert"),
    ("style-attr", '<p style="background:url(javascript:alert(1))">after</p>', "background"),
    ("style-element", "<style>body{display:none}</style>after", "display"),
    ("iframe", '<iframe src="http://evil.example/"></iframe>after', "evil"),
    ("iframe-srcdoc", '<iframe srcdoc="<script>alert(1)</script>"></iframe>after', "alert"),
    ("object", '<object data="http://evil.example/x.swf"></object>after', "evil"),
    ("embed", '<embed src="http://evil.example/x.swf">after', "evil"),
    ("form", '<form action="http://evil.example/"><input name=p></form>after', "evil"),
    ("button-formaction", '<button formaction="javascript:alert(1)">after</button>', "alert"),
    ("svg", "<svg onload=alert(1)><script>alert(2)</script></svg>after", "alert"),
    ("svg-use", '<svg><use xlink:href="data:image/svg+xml,x"/></svg>after', "data:"),
    ("math", '<math><a xlink:href="javascript:alert(1)">x</a></math>after', "alert"),
    (
        "meta-refresh",
        '<meta http-equiv="refresh" content="0;url=http://evil.example/">after',
        "evil",
    ),
    ("base", '<base href="http://evil.example/">after', "evil"),
    ("link-css", '<link rel=stylesheet href="http://evil.example/x.css">after', "evil"),
    ("comment-hides-script", "<!--<script>alert(1)</script>-->after", "alert"),
    ("conditional-comment", "<!--[if IE]><script>alert(1)</script><![endif]-->after", "alert"),
    ("bogus-comment", "<!DOCTYPE html><?xml version='1.0'?>after", "xml"),
    ("unclosed-attr-quote", '<b title="after', "title"),
    ("broken-script-close", "<script>alert(1)</script >after", "alert"),
    ("nested-script-trick", "<scr<script>ipt>alert(1)</script>after", "<script"),
    ("textarea-breakout", "<textarea></textarea><script>alert(1)</script>after", "alert"),
    ("noscript", '<noscript><p title="</noscript><img src=x onerror=alert(1)>">after', "onerror"),
]


# Inputs whose trailing text is legitimately swallowed (it sits inside an unclosed attribute).
SWALLOWED = {"unclosed-attr-quote"}


def check_hostile(render: Callable[[str], str], allowed: set[str] | frozenset[str], case) -> None:
    """One hostile input renders safe, without the payload, and keeps the text after it."""
    name, raw, gone = case
    out = render(raw)
    assert_safe(out, allowed)
    assert gone.lower() not in out.lower(), f"{name}: {gone!r} survived in {out!r}"
    if name not in SWALLOWED:
        assert "after" in out, f"{name}: the text after the attack was lost: {out!r}"


def timed(render: Callable[[str], str], raw: str) -> tuple[str, float]:
    """Output and CPU seconds (not wall time: CI machines run other suites alongside)."""
    started = time.process_time()
    out = render(raw)
    return out, time.process_time() - started


# Pathological shapes of about 1 MB. Before the nesting guard, 100k nested <div>s took
# minutes inside nh3; each now renders in about a second on a loaded 2-core machine.
ONE_MB = 1_000_000
HUGE: list[tuple[str, str]] = [
    ("flat text with links", "word http://x.example/?a=1&b=2 <b>bold</b>\n" * (ONE_MB // 42)),
    ("nested divs", "<div>" * (ONE_MB // 5) + "deep"),
    ("nested lists", "<ul><li>" * (ONE_MB // 8) + "deep"),
    ("nested blockquotes", "<blockquote>" * (ONE_MB // 12) + "deep"),
    ("nested tables", "<table><tr><td>" * (ONE_MB // 15) + "deep"),
    ("reopened formatting", "".join(f"<div><b title={i}>x</div>" for i in range(ONE_MB // 28))),
    ("unclosed paragraphs", "<p><b>x" * (ONE_MB // 8)),
    ("unknown tags", "<foo>" * (ONE_MB // 10) + "</bar>" * (ONE_MB // 12)),
    ("unclosed tag", "<a b " * (ONE_MB // 5)),
    ("unclosed quotes", '<a b="' * (ONE_MB // 6)),
    ("unclosed comments", "<!--" * (ONE_MB // 4)),
    ("angle brackets", "<" * ONE_MB),
    ("newlines", "\n" * ONE_MB),
    ("lj users", '<lj user="bob">' * (ONE_MB // 15)),
    ("lj cuts", "<lj-cut>a" * (ONE_MB // 9)),
    ("one long url", "http://" + "a" * (ONE_MB - 7)),
]
# The shapes the smaller contexts repeat (the entry test runs them all).
HUGE_SHORT = [h for h in HUGE if h[0] in {"nested lists", "reopened formatting", "unknown tags"}]
# Generous for a shared CI machine; the quadratic behaviour this guards against took minutes.
HUGE_SECONDS = 15.0
