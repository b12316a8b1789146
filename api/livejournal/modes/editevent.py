"""editevent: change or (with an empty event) delete an entry (spec §4.4)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from api.livejournal import entries
from api.livejournal.common import require_unicode_client, target_journal
from api.livejournal.errors import LJError
from api.livejournal.models import PostSignature
from api.livejournal.params import integer, present, text
from api.livejournal.registry import Call, mode
from journal.models import Entry
from journal.services import delete_entry, edit_entry
from journal.services.entry_props import set_server_props


def find_own_journal_entry(call: Call) -> Entry:
    """The entry `itemid` of the target journal; anything else is 302 (spec §4.4)."""
    if not present(call.args, "itemid") or not text(call.args, "itemid").strip():
        raise LJError(200, "itemid")
    itemid = integer(call.args, "itemid")
    journal = target_journal(call)
    user = call.user
    assert user is not None
    if journal.is_personal and journal.user_id != user.pk:
        raise LJError(300)
    entry = (
        Entry.objects.select_related("journal", "journal__user", "poster")
        .filter(journal=journal, item_number=itemid, is_deleted=False)
        .first()
    )
    if entry is None:
        raise LJError(302)
    return entry


@mode("editevent")
def editevent(call: Call) -> dict[str, Any]:
    user = call.user
    assert user is not None
    entry = find_own_journal_entry(call)
    event = entries.clean_event(call, required=False)

    if not event.strip():
        with transaction.atomic():
            delete_entry(user, entry)
            # A deleted entry is no longer a duplicate to answer with.
            PostSignature.objects.filter(user=user, entry=entry).delete()
        return {"itemid": entry.item_number, "anum": entry.anum}

    if event.strip() == entries.PLACEHOLDER:
        raise LJError(210)
    if entry.poster_id != user.pk:
        raise LJError(303 if not entry.journal.is_personal else 302)
    subject = text(call.args, "subject")
    props = entries.props(call)
    if not entry.journal.is_personal:
        require_unicode_client(call, event, subject, *props.values())
    security, mask = entries.security(call, None)
    changes: dict[str, Any] = {"subject": subject, "body": event, "props": props}
    if security is not None:
        changes["security"] = security
        # Quirk kept from LiveJournal: a resent security without allowmask means mask 0.
        changes["allowmask"] = mask or 0
    elif mask is not None:
        changes["allowmask"] = mask
    when = entries.event_time(call, old=entry.event_time)
    if when is not None:
        changes["event_time"] = when
    with transaction.atomic():
        edited = edit_entry(user, entry, **changes)
        # The server-set prop `interface` names the door of the latest edit (spec §5).
        set_server_props(edited, interface=call.interface)
    return entries.item_result(edited)
