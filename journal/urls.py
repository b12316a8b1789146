"""The website's routes. Included last at "" in config/urls.py, so protocol paths win.

Journal names are `[a-z0-9_]{1,25}`; first segments the protocols and the site use are
reserved (see RESERVED_NAMES), and site paths are listed before the journal patterns.
"""

from __future__ import annotations

from django.urls import include, path, re_path

from journal.views import (
    auth,
    compose,
    entries,
    journals,
    moderation,
    settings,
    social,
    syndication,
)
from journal.views.common import USERNAME_PATTERN as USERNAME

HEX = r"(?P<hex_id>[0-9a-f]{32})"

urlpatterns = [
    # Accounts.
    path("signup", auth.signup, name="signup"),
    path("login", auth.LoginView.as_view(), name="login"),
    path("logout", auth.logout_view, name="logout"),
    path("password/change", auth.password_change, name="password_change"),
    path("password/change/done", auth.password_change_done, name="password_change_done"),
    path("password/reset", auth.password_reset, name="password_reset"),
    path("password/reset/sent", auth.password_reset_done, name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>",
        auth.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password/reset/complete", auth.password_reset_complete, name="password_reset_complete"),
    # Writing and entries.
    path("post", compose.post, name="post"),
    re_path(rf"^e/{HEX}$", entries.by_id, name="entry"),
    re_path(rf"^e/{HEX}/edit$", compose.edit, name="entry-edit"),
    re_path(rf"^e/{HEX}/like$", entries.like, name="entry-like"),
    re_path(rf"^e/{HEX}/hide$", entries.hide, name="entry-hide"),
    re_path(rf"^e/{HEX}/comment$", entries.comment, name="entry-comment"),
    re_path(rf"^e/{HEX}/delete$", entries.delete_entry, name="entry-delete"),
    re_path(rf"^e/{HEX}/undelete$", entries.undelete_entry, name="entry-undelete"),
    re_path(r"^comment/(?P<comment_hex>[0-9a-f]{32})/edit$", entries.edit_comment),
    re_path(r"^comment/(?P<comment_hex>[0-9a-f]{32})/delete$", entries.delete_comment),
    # Friends, groups, communities.
    path("friends", social.friends, name="friends"),
    path("friends/groups", social.groups, name="friend-groups"),
    path("friends/groups/<int:bit>", social.group_update, name="friend-group"),
    path("communities", social.communities, name="communities"),
    # Settings.
    path("settings", settings.profile, name="settings"),
    path("settings/userpics", settings.userpics, name="settings-userpics"),
    path("settings/userpics/<int:pic_id>", settings.userpic_update),
    path("settings/keys", settings.keys, name="settings-keys"),
    path("settings/keys/<int:key_id>", settings.key_update),
    path("settings/sessions", settings.sessions, name="settings-sessions"),
    path("settings/theme", settings.theme, name="settings-theme"),
    # Feeds (home, public, search, discussions, messages, /<user>/friends).
    path("", include("feeds.urls")),
    # A journal's pages.
    re_path(rf"^{USERNAME}$", journals.recent, name="journal"),
    re_path(rf"^{USERNAME}/profile$", journals.profile, name="profile"),
    re_path(rf"^{USERNAME}/calendar$", journals.calendar_view, name="calendar"),
    re_path(rf"^{USERNAME}/(?P<year>\d{{4}})$", journals.calendar_view, name="calendar-year"),
    re_path(
        rf"^{USERNAME}/(?P<year>\d{{4}})/(?P<month>\d{{2}})/(?P<day>\d{{2}})$",
        journals.day,
        name="day",
    ),
    re_path(rf"^{USERNAME}/tag$", journals.tags_index, name="tags"),
    re_path(rf"^{USERNAME}/tag/(?P<tag>[^/]+)$", journals.tag, name="tag"),
    re_path(rf"^{USERNAME}/comments$", journals.comments_feed, name="user-comments"),
    re_path(rf"^{USERNAME}/likes$", journals.likes_feed, name="user-likes"),
    re_path(rf"^{USERNAME}/(?P<ditemid>\d{{1,12}})\.html$", entries.permalink, name="permalink"),
    re_path(rf"^{USERNAME}/data/atom$", syndication.atom, name="atom"),
    re_path(rf"^{USERNAME}/data/rss$", syndication.rss, name="rss"),
    re_path(rf"^{USERNAME}/members$", social.members, name="members"),
    re_path(rf"^{USERNAME}/members/(?P<member>[a-z0-9_]{{1,25}})$", social.member_update),
    re_path(rf"^{USERNAME}/moderation$", moderation.queue, name="moderation"),
    re_path(rf"^{USERNAME}/moderation/(?P<queued_id>\d{{1,12}})$", moderation.decide),
    re_path(rf"^{USERNAME}/subscribe$", social.subscribe, name="subscribe"),
    re_path(rf"^{USERNAME}/unsubscribe$", social.unsubscribe, name="unsubscribe"),
    re_path(rf"^{USERNAME}/join$", social.join, name="join"),
    re_path(rf"^{USERNAME}/approve$", social.approve, name="approve"),
    re_path(rf"^{USERNAME}/groups$", social.set_groups, name="set-groups"),
]
