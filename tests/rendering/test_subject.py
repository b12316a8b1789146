"""Subjects: inline formatting only, never links, images, blocks or line breaks."""

from __future__ import annotations

import pytest

from journal.rendering import SUBJECT, render_subject
from tests.rendering.corpus import (
    HOSTILE,
    HUGE_SECONDS,
    HUGE_SHORT,
    assert_safe,
    check_hostile,
    tags_of,
    timed,
)


@pytest.mark.parametrize("case", HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_input_is_neutralised(case):
    check_hostile(render_subject, SUBJECT.tags, case)


def test_inline_formatting_is_kept():
    raw = "<b>b</b> <i>i</i> <em>em</em> <strong>s</strong> <u>u</u> <s>s</s> <sub>1</sub>"
    assert render_subject(raw) == raw


def test_no_links_in_subjects():
    out = render_subject('<a href="http://x.example/">click</a> http://y.example/ now')
    assert tags_of(out) == []
    assert out == "click http://y.example/ now"


def test_images_blocks_and_tables_are_stripped_to_text():
    out = render_subject('<img src="http://x.example/i.png"><div>d</div><p>p</p><table><tr><td>t')
    assert_safe(out, SUBJECT.tags)
    assert tags_of(out) == [] and out == "dpt"


def test_no_line_breaks_in_subjects():
    out = render_subject("one\ntwo<br>three")
    assert "<br" not in out and "one" in out and "three" in out


def test_lj_user_is_shown_as_a_bold_name_without_a_link():
    assert render_subject('dinner with <lj user="Bob">') == "dinner with <b>bob</b>"


def test_lj_cut_tags_vanish_but_their_text_stays():
    assert render_subject("a<lj-cut text='x'>b</lj-cut>c") == "abc"


def test_event_handlers_on_allowed_tags_are_removed():
    out = render_subject(
        '<b onmouseover="alert(1)" ONCLICK=x>hi</b><span style="color:red">s</span>'
    )
    assert out == "<b>hi</b><span>s</span>"


def test_entities_stay_escaped():
    assert render_subject("a &lt;script&gt; & b") == "a &lt;script&gt; &amp; b"


@pytest.mark.parametrize("shape", HUGE_SHORT, ids=[h[0] for h in HUGE_SHORT])
def test_huge_input_finishes_quickly(shape):
    name, raw = shape
    out, seconds = timed(render_subject, raw)
    assert seconds < HUGE_SECONDS, f"{name} took {seconds:.1f}s"
    assert len(out) < 10 * len(raw)
