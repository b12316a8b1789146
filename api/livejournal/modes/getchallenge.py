"""getchallenge: a signed single-use challenge for auth_method=challenge (spec §4.1).

Clients fetch one before every call, so this writes nothing and reads nothing.
"""

from __future__ import annotations

from typing import Any

from api.livejournal.auth import issue_challenge
from api.livejournal.registry import Call, mode


@mode("getchallenge", needs_auth=False)
def getchallenge(call: Call) -> dict[str, Any]:
    return issue_challenge()
