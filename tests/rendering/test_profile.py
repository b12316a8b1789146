"""Profiles (journal descriptions): the entry allow-list, LiveJournal user tags and links."""

from __future__ import annotations

import pytest

from journal.rendering import PROFILE, plain_text, render_profile
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
    settings.SITE_URL = "https://journal.example"


@pytest.mark.parametrize("case", HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_input_is_neutralised(case):
    check_hostile(render_profile, PROFILE.tags, case)


def test_profile_keeps_layout_markup():
    raw = '<h2>About me</h2><table><tr><td>likes</td></tr></table><img src="https://x.example/me.png">'
    out = render_profile(raw)
    assert out == raw.replace("<tr>", "<tbody><tr>").replace("</table>", "</tbody></table>")


def test_friends_listed_with_lj_user_become_links():
    out = render_profile('Friends: <lj user="bob">, <lj user="charlie">')
    assert out.count('class="lj-user"') == 2
    assert 'href="https://journal.example/charlie"' in out


def test_homepage_urls_are_linkified_with_nofollow():
    out = render_profile("My site: https://home.example/~me.")
    assert out == (
        'My site: <a href="https://home.example/~me" rel="nofollow">https://home.example/~me</a>.'
    )


def test_no_styling_or_scripts_in_profiles():
    out = render_profile(
        '<div style="position:fixed;top:0">overlay</div><style>*{display:none}</style>'
        '<marquee onstart="alert(1)">hi</marquee>'
    )
    assert_safe(out, PROFILE.tags)
    assert out == "<div>overlay</div>hi"


def test_plain_text_of_html_drops_markup_and_script_content():
    out = plain_text('<p>Hello &amp; <b>welcome</b></p><script>alert(1)</script> <lj user="bob">')
    assert out == "Hello & welcome bob"


def test_plain_text_of_huge_nested_input_is_quick():
    out, seconds = timed(plain_text, "<div>" * 150_000 + "deep")
    assert seconds < HUGE_SECONDS and out == "deep"


@pytest.mark.parametrize("shape", HUGE_SHORT, ids=[h[0] for h in HUGE_SHORT])
def test_huge_input_finishes_quickly(shape):
    name, raw = shape
    out, seconds = timed(render_profile, raw)
    assert seconds < HUGE_SECONDS, f"{name} took {seconds:.1f}s"
    assert len(out) < 10 * len(raw)
