"""Entries: the widest allow-list, LiveJournal tags, cuts, line breaks, links, huge input."""

from __future__ import annotations

import pytest

from journal.rendering import ENTRY, MAX_RENDER_CHARS, render_entry
from tests.rendering.corpus import (
    HOSTILE,
    HUGE,
    HUGE_SECONDS,
    assert_safe,
    check_hostile,
    tags_of,
    timed,
)

SITE = "http://journal.example"


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = SITE


@pytest.mark.parametrize("case", HOSTILE, ids=[c[0] for c in HOSTILE])
def test_hostile_input_is_neutralised(case):
    check_hostile(render_entry, ENTRY.tags, case)


def test_script_content_is_removed_not_shown_as_text():
    assert render_entry("a<script>var secret = 1;</script>b") == "ab"


def test_event_handler_attributes_go_but_the_element_stays():
    out = render_entry('<b onclick="x()" ONLOAD="y()" title="t">bold</b>')
    assert out == '<b title="t">bold</b>'


def test_unsafe_url_loses_the_href_but_keeps_the_link_text():
    out = render_entry('<a href="javascript:alert(1)">click</a>')
    assert "href" not in out and "click" in out


def test_web_and_mail_links_survive():
    out = render_entry('<a href="https://x.example/p">p</a> <a href="mailto:a@x.example">m</a>')
    hrefs = [attrs.get("href") for tag, attrs in tags_of(out) if tag == "a"]
    assert hrefs == ["https://x.example/p", "mailto:a@x.example"]


def test_images_keep_web_sources_only():
    out = render_entry('<img src="https://x.example/a.png" alt="a" width="10"><img src="data:,x">')
    imgs = [attrs for tag, attrs in tags_of(out) if tag == "img"]
    assert imgs[0] == {"src": "https://x.example/a.png", "alt": "a", "width": "10"}
    assert "src" not in imgs[1]


def test_tables_and_blocks_are_allowed_in_entries():
    out = render_entry("<table><tr><td colspan=2>cell</td></tr></table><h2>head</h2>")
    names = [tag for tag, _ in tags_of(out)]
    assert {"table", "tr", "td", "h2"} <= set(names)
    assert 'colspan="2"' in out


def test_broken_markup_is_closed_and_stray_end_tags_dropped():
    # Misnested formatting is closed where its parent closes (browsers would re-open <i>).
    out = render_entry("<b>bold <i>both</b> after</i></div>")
    assert out == "<b>bold <i>both</i></b> after"
    assert render_entry("<b>open <i>never closed") == "<b>open <i>never closed</i></b>"


def test_unclosed_tag_at_the_end_does_not_leak_markup():
    out = render_entry('text <a href="http://x.example/" onclick="alert(1)"')
    assert out == "text "


def test_comments_are_removed():
    assert render_entry("a<!-- secret -->b<!---->c<!-- open") == "abc"


def test_nul_bytes_are_removed():
    assert render_entry("a\x00b<b\x00>c</b>") == "ab<b>c</b>"


def test_lj_user_becomes_a_link_to_the_journal():
    out = render_entry('hi <lj user="Bob">!')
    assert out == (f'hi <a href="{SITE}/bob" class="lj-user" rel="nofollow"><b>bob</b></a>!')


def test_lj_user_variants():
    assert f'href="{SITE}/bob_x"' in render_entry("<lj user='bob-x'/>")
    assert f'href="{SITE}/pond"' in render_entry("<lj comm=pond>")
    assert f'href="{SITE}/pond"' in render_entry('<LJ COMMUNITY="pond">')


def test_lj_user_with_a_bad_name_or_extra_attributes_injects_nothing():
    assert render_entry('<lj user="x&quot; onmouseover=&quot;alert(1)">') == ""
    assert render_entry('<lj user="../../admin">') == ""
    out = render_entry('<lj user="bob" onmouseover="alert(1)">')
    assert "alert" not in out and f'href="{SITE}/bob"' in out


def test_lj_cut_shown_whole_is_anchored():
    out = render_entry("intro<lj-cut>more</lj-cut>end")
    assert out == 'intro<a name="cutid1" rel="nofollow"></a>moreend'


def test_lj_cut_folds_behind_a_link_when_fold_url_is_given():
    raw = 'intro<lj-cut text="Read <b>this</b> &amp; that">secret</lj-cut>end'
    out = render_entry(raw, fold_url="/alice/1.html?x=1&y=2")
    assert "secret" not in out
    assert out == (
        'intro<b class="lj-cut">( <a href="/alice/1.html?x=1&amp;y=2#cutid1" rel="nofollow">'
        "Read &lt;b&gt;this&lt;/b&gt; &amp; that</a> )</b>end"
    )


def test_several_cuts_are_numbered_and_an_unclosed_cut_folds_to_the_end():
    out = render_entry("a<lj-cut>b</lj-cut>c<lj-cut text='more'>d<b>e", fold_url="/e")
    assert out == (
        'a<b class="lj-cut">( <a href="/e#cutid1" rel="nofollow">Read more...</a> )</b>'
        'c<b class="lj-cut">( <a href="/e#cutid2" rel="nofollow">more</a> )</b>'
    )


def test_lj_cut_text_cannot_break_out_of_the_link():
    out = render_entry("<lj-cut text='\"><script>alert(1)</script>'>x</lj-cut>", fold_url="/e")
    assert_safe(out, ENTRY.tags)
    assert "<script" not in out and "&lt;script&gt;" in out


def test_bare_urls_are_linkified_with_nofollow():
    out = render_entry("see http://x.example/a?b=1&c=2 now")
    assert out == (
        'see <a href="http://x.example/a?b=1&amp;c=2" rel="nofollow">'
        "http://x.example/a?b=1&amp;c=2</a> now"
    )


def test_trailing_punctuation_stays_outside_the_link():
    out = render_entry("(see https://x.example/page). Or https://x.example/q?a=1&amp;, ok")
    assert '<a href="https://x.example/page" rel="nofollow">https://x.example/page</a>).' in out
    assert '<a href="https://x.example/q?a=1" rel="nofollow">' in out
    assert "</a>&amp;, ok" in out


def test_balanced_parentheses_stay_inside_the_link():
    out = render_entry("http://en.wikipedia.org/wiki/Foo_(bar)")
    assert 'href="http://en.wikipedia.org/wiki/Foo_(bar)"' in out


def test_urls_inside_links_and_attributes_are_not_linkified():
    out = render_entry('<a href="http://a.example/">http://b.example/</a>')
    assert out == '<a href="http://a.example/" rel="nofollow">http://b.example/</a>'
    out = render_entry('<img src="http://a.example/i.png" alt="x> http://b.example/ y">')
    assert out.count("<a") == 0 and len(tags_of(out)) == 1


def test_url_linkifying_stops_at_quotes_and_angle_brackets():
    out = render_entry('http://x.example/"onmouseover="alert(1)')
    assert_safe(out, ENTRY.tags)
    assert '<a href="http://x.example/" rel="nofollow">' in out
    out = render_entry("&lt;http://x.example/&gt;")
    assert '<a href="http://x.example/" rel="nofollow">http://x.example/</a>&gt;' in out


def test_existing_links_get_rel_nofollow_replacing_their_own_rel():
    out = render_entry('<a href="http://x.example/" rel="me follow">x</a>')
    assert out == '<a href="http://x.example/" rel="nofollow">x</a>'


def test_newlines_become_line_breaks_outside_pre():
    out = render_entry("one\ntwo<pre>a\nb</pre>three\nfour")
    assert out == "one<br>\ntwo<pre>a\nb</pre>three<br>\nfour"


def test_newlines_after_block_tags_and_inside_tags_are_not_line_breaks():
    out = render_entry('<ul>\n<li>a</li>\n</ul>\n<a\nhref="http://x.example/"\n>x</a>')
    assert out == '<ul><li>a</li></ul><a href="http://x.example/" rel="nofollow">x</a>'


def test_lj_raw_turns_off_line_breaks_inside_it():
    out = render_entry("a\n<lj-raw>b\nc</lj-raw>\nd")
    assert out == "a<br>\nb\nc<br>\nd"


def test_preformatted_keeps_newlines_as_they_are():
    assert render_entry("a\nb", preformatted=True) == "a\nb"


def test_windows_line_endings_count_once():
    assert render_entry("a\r\nb\rc") == "a<br>\nb<br>\nc"


def test_plain_text_escapes_html():
    out = render_entry('<b>not bold</b> & <lj user="bob">\nhttp://x.example/', plain_text=True)
    assert out.startswith('&lt;b&gt;not bold&lt;/b&gt; &amp; &lt;lj user="bob"&gt;<br>\n')
    assert '<a href="http://x.example/" rel="nofollow">' in out


def test_input_past_the_limit_is_cut():
    out = render_entry("a" * (MAX_RENDER_CHARS + 10))
    assert len(out) == MAX_RENDER_CHARS


@pytest.mark.parametrize("shape", HUGE, ids=[h[0] for h in HUGE])
def test_huge_input_finishes_quickly_and_stays_bounded(shape):
    name, raw = shape
    out, seconds = timed(render_entry, raw)
    assert seconds < HUGE_SECONDS, f"{name} took {seconds:.1f}s"
    assert len(out) < 10 * len(raw)
    assert_safe(out[:20_000], ENTRY.tags | {"lj"})


def test_deep_nesting_is_capped_but_the_text_survives():
    out = render_entry("<div>" * 5000 + "deep" + "</div>" * 5000)
    assert "deep" in out
    assert out.count("<div>") == out.count("</div>") <= 100


def test_ordinary_nesting_and_many_paragraphs_are_untouched():
    raw = "".join(f"<p>para {i}<b>bold</b></p>\n" for i in range(500))
    out = render_entry(raw)
    assert out.count("<p>") == 500 and out.count("<b>") == 500
    nested = "<blockquote>" * 30 + "q" + "</blockquote>" * 30
    assert render_entry(nested) == nested


def test_sloppy_unclosed_paragraphs_and_items_keep_their_text():
    out = render_entry("<p>one<p>two<ul><li>a<li>b</ul>" * 300)
    assert out.count("two") == 300 and out.count("<li>") == 600
