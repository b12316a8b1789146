"""checkfriends: has any friend posted since `lastupdate`? (spec §4.13)

The answer is read from the event log (the newest `entry.created` in the friends' journals
that the caller may see), so a lost notification never hides a post. The server chooses the
polling interval (setting LJ_CHECKFRIENDS_INTERVAL, default 60 seconds).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import F, Max

from api.livejournal.params import format_time, parse_datetime, text
from api.livejournal.registry import Call, mode
from journal.models import Entry, Event, Subscription
from journal.visibility import visible_entries

NEVER = "0000-00-00 00:00:00"
GROUP_BITS = 0x7FFFFFFE


def interval() -> int:
    return int(getattr(settings, "LJ_CHECKFRIENDS_INTERVAL", 60))


@mode("checkfriends")
def checkfriends(call: Call) -> dict[str, Any]:
    user = call.user
    assert user is not None
    sent = text(call.args, "lastupdate").strip()
    if sent and sent != NEVER:
        parse_datetime(sent, "lastupdate", message="Invalid lastupdate")  # 203 when malformed

    friends = Subscription.objects.filter(user=user, status=Subscription.Status.SUBSCRIBED)
    mask_raw = text(call.args, "mask").strip()
    mask = int(mask_raw) & GROUP_BITS if mask_raw.isascii() and mask_raw.isdigit() else 0
    if mask:  # only friends in these groups; bit 0 or nothing means all friends
        friends = friends.alias(shared=F("groupmask").bitand(mask)).filter(shared__gt=0)
    visible = visible_entries(
        user, Entry.objects.filter(journal_id__in=friends.values("journal_id"), backdated=False)
    )
    newest = Event.objects.filter(
        kind=Event.Kind.ENTRY_CREATED, entry_id__in=visible.values("pk")
    ).aggregate(newest=Max("created_at"))["newest"]

    lastupdate = format_time(newest) if newest else NEVER
    new = int(bool(sent and newest and lastupdate > sent))
    return {"lastupdate": lastupdate, "new": new, "interval": interval()}
