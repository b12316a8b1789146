"""getdaycounts: entries per day of the journal, as the caller may see them (spec §4.7)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count
from django.db.models.functions import TruncDate

from api.livejournal.common import target_journal
from api.livejournal.registry import Call, mode
from journal.models import Entry
from journal.visibility import visible_entries


@mode("getdaycounts", flat_out=lambda r: {d["date"]: d["count"] for d in r["daycounts"]})
def getdaycounts(call: Call) -> dict[str, Any]:
    journal = target_journal(call)
    rows = (
        visible_entries(call.user, Entry.objects.filter(journal=journal), journal=journal)
        .annotate(day=TruncDate("event_time"))
        .values("day")
        .annotate(count=Count("id"))
        .order_by("day")
    )
    return {
        "daycounts": [{"date": r["day"].strftime("%Y-%m-%d"), "count": r["count"]} for r in rows]
    }
