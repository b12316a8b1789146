"""postevent: write a new entry through the domain's post_entry (spec §4.3)."""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction

from api.livejournal import entries
from api.livejournal.common import require_unicode_client, target_journal
from api.livejournal.models import PostSignature
from api.livejournal.params import text
from api.livejournal.registry import Call, mode
from journal.models import Entry
from journal.services import post_entry


def signature(journal_name: str, subject: str, event: str, security: str, mask: int) -> str:
    """LiveJournal's duplicate-post digest: subject, event, journal, security, allowmask."""
    payload = "\0".join([subject, event, journal_name, security, str(mask)])
    return hashlib.md5(payload.encode()).hexdigest()


@mode("postevent")
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
        entry: Entry = post_entry(
            user,
            journal=journal,
            subject=subject,
            body=event,
            security=security,
            allowmask=mask,
            event_time=when,
            props=props,
        )
        PostSignature.objects.update_or_create(
            user=user, defaults={"digest": digest, "entry": entry}
        )
    return entries.item_result(entry)
