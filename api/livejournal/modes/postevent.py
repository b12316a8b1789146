"""postevent: write a new entry through the domain's post_entry (spec §4.3).

Into a moderated community (by a member who is not a moderator) nothing is posted: the
submission goes to the moderation queue and the answer is a `message` with an empty itemid.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import transaction
from django.db.models import Max

from api.livejournal import entries
from api.livejournal.common import require_unicode_client, target_journal
from api.livejournal.errors import LJError
from api.livejournal.models import PostSignature
from api.livejournal.params import text
from api.livejournal.registry import Call, mode
from journal.models import Entry, Journal, User
from journal.props import clean_props, is_set
from journal.services import moderation, post_entry

# The `message` of a queued post (spec §4.3, LiveJournal's "modpost" text).
MODERATION_MESSAGE = (
    "Your entry has been put into the moderation queue, and will be posted to the community "
    "once a moderator approves it."
)


def signature(journal_name: str, subject: str, event: str, security: str, mask: int) -> str:
    """LiveJournal's duplicate-post digest: subject, event, journal, security, allowmask."""
    payload = "\0".join([subject, event, journal_name, security, str(mask)])
    return hashlib.md5(payload.encode()).hexdigest()


def check_event_order(
    call: Call, user: User, journal: Journal, when: dt.datetime, props: dict[str, str]
) -> None:
    """LJ-2008's out-of-order check (error 153, spec §3 and §4.3).

    In your own journal, an entry dated earlier than your newest entry is refused unless it
    is marked `opt_backdated` ("date out of order"). A post whose time the server fills in
    (`tz` without date keys) is never out of order; backdated and deleted entries do not
    count as the newest. Communities are not checked (DW dropped the check altogether).
    "Newest" is read from the entries themselves (whichever door wrote them), where LJ kept
    a separate newest-time userprop that only dated, non-backdated postevents moved.
    """
    if journal.user_id != user.pk or is_set(props.get("opt_backdated")):
        return
    if entries.time_was_faked(call):
        return
    newest = (
        # Only the owner posts in a personal journal, so this is "your newest entry".
        Entry.objects.filter(journal=journal, is_deleted=False, backdated=False)
        .aggregate(newest=Max("event_time"))
        .get("newest")
    )
    if newest is not None and when < newest:
        raise LJError(
            153,
            f"Your newest entry is dated {newest:%Y-%m-%d %H:%M}, and this entry is dated "
            f"earlier ({when:%Y-%m-%d %H:%M}). Check the date and time of both entries: if the "
            'newer one is dated in the future on purpose, edit it to use the "date out of '
            'order" option (opt_backdated); otherwise use that option for this entry.',
        )


def postevent_out(result: dict[str, Any]) -> dict[str, Any]:
    """Flat keys; the flat wrapper always prints `itemid`, empty for a queued post (§1.3)."""
    out = dict(result)
    out.setdefault("itemid", "")
    return out


@mode("postevent", flat_out=postevent_out)
def postevent(call: Call) -> dict[str, Any]:
    user = call.user
    assert user is not None
    journal = target_journal(call, for_posting=True)
    event = entries.clean_event(call, required=True)
    subject = text(call.args, "subject")
    security, mask = entries.security(call, "public")
    assert security is not None
    mask = mask or 0
    props = entries.props(call)
    if not journal.is_personal:
        # ver=0 text has no charset; a community needs a Unicode-capable client (207).
        require_unicode_client(call, event, subject, *props.values())
    when = entries.event_time(call)
    assert when is not None
    # LiveJournal validates props (205/204) before it looks at the date order (153).
    clean_props(dict(props))
    check_event_order(call, user, journal, when, props)

    fields = {
        "journal": journal,
        "subject": subject,
        "body": event,
        "security": security,
        "allowmask": mask,
        "event_time": when,
        "props": props,
    }
    if moderation.is_moderated_for(user, journal):
        # LiveJournal queues before its duplicate check: a queued post has no entry yet.
        moderation.submit_entry(user, **fields, server_props={"interface": call.interface})
        # XML-RPC gets only `message` (as LiveJournal's core answers); flat adds itemid.
        return {"message": MODERATION_MESSAGE}

    digest = signature(journal.name, subject, event, security, mask)
    previous = (
        PostSignature.objects.filter(user=user, digest=digest, entry__is_deleted=False)
        .select_related("entry__journal")
        .first()
    )
    if previous is not None:
        # An identical resubmission (a client retry) answers the earlier entry.
        return entries.item_result(previous.entry)

    with transaction.atomic():
        # The server-set prop `interface` says which door wrote it (spec §5, §8).
        entry: Entry = post_entry(user, **fields, server_props={"interface": call.interface})
        PostSignature.objects.update_or_create(
            user=user, defaults={"digest": digest, "entry": entry}
        )
    return entries.item_result(entry)
