"""Comments: a smaller allow-list than entries (no tables, headings or divs), same defences."""

from __future__ import annotations

import pytest

from journal.rendering import COMMENT, render_comment
from tests.rendering.corpus import (
    HOSTILE,
    HUGE_SECONDS,
    HUGE_SHORT,
    assert_safe,
    check_hostile,
    timed,
)


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://journal.example"


@pytest.mark.parametrize("case", HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_input_is_neutralised(case):
    check_hostile(render_comment, COMMENT.tags, case)


def test_handlers_in_any_case_are_removed():
    out = render_comment(
        '<i OnClick="a()" onMouseOver="b()">x</i><img src="http://x.example/i" ONERROR=c()>'
    )
    assert out == '<i>x</i><img src="http://x.example/i">'


def test_tables_headings_and_divs_are_stripped_but_their_text_kept():
    out = render_comment("<table><tr><td>cell</td></tr></table><h1>big</h1><div>block</div>")
    assert_safe(out, COMMENT.tags)
    assert "<table" not in out and "<h1" not in out and "<div" not in out
    assert "cell" in out and "big" in out and "block" in out


def test_quotes_lists_and_inline_formatting_stay():
    raw = "<blockquote>q</blockquote><ul><li>a</li></ul><b>b</b> <code>c</code>"
    assert render_comment(raw) == raw


def test_lj_user_and_bare_urls_become_links():
    out = render_comment('<lj user="bob"> wrote http://x.example/a, see')
    assert (
        '<a href="http://journal.example/bob" class="lj-user" rel="nofollow"><b>bob</b></a>' in out
    )
    assert '<a href="http://x.example/a" rel="nofollow">http://x.example/a</a>, see' in out


def test_links_in_comments_are_nofollow():
    out = render_comment('<a href="http://spam.example/" rel="dofollow">cheap</a>')
    assert out == '<a href="http://spam.example/" rel="nofollow">cheap</a>'


def test_newlines_become_line_breaks():
    assert render_comment("one\ntwo") == "one<br>\ntwo"


def test_plain_text_comments_are_escaped():
    out = render_comment("<script>alert(1)</script>\n<b>x</b>", plain_text=True)
    assert out == "&lt;script&gt;alert(1)&lt;/script&gt;<br>\n&lt;b&gt;x&lt;/b&gt;"


def test_comment_input_cannot_leave_unbalanced_markup():
    out = render_comment("<blockquote><b>unclosed quote")
    assert out == "<blockquote><b>unclosed quote</b></blockquote>"


@pytest.mark.parametrize("shape", HUGE_SHORT, ids=[h[0] for h in HUGE_SHORT])
def test_huge_input_finishes_quickly(shape):
    name, raw = shape
    out, seconds = timed(render_comment, raw)
    assert seconds < HUGE_SECONDS, f"{name} took {seconds:.1f}s"
    assert len(out) < 10 * len(raw)
