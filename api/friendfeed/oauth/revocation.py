"""Revoke a user's API tokens when their password changes (FriendFeed did, per knu's notes).

journal.services.set_password records a "user.updated" event with change="password";
journal.events sends event_committed after commit and this receiver deletes the tokens.
"""

from __future__ import annotations

from typing import Any

from api.friendfeed.models import AccessToken


def revoke_all_tokens(user_id: int) -> int:
    """Delete every OAuth 1.0a and OAuth 2 token of the user; returns how many went."""
    from oauth2_provider.models import get_access_token_model, get_refresh_token_model

    count = AccessToken.objects.filter(user_id=user_id).delete()[0]
    count += get_refresh_token_model().objects.filter(user_id=user_id).delete()[0]
    count += get_access_token_model().objects.filter(user_id=user_id).delete()[0]
    return count


def on_event_committed(sender: Any, event: Any, **kwargs: Any) -> None:
    if event.kind != "user.updated" or (event.data or {}).get("change") != "password":
        return
    # The journal names whose password it was (the actor could be staff acting for them).
    user_id = None
    if event.journal_id is not None:
        from journal.models import Journal

        user_id = (
            Journal.objects.filter(pk=event.journal_id).values_list("user_id", flat=True).first()
        )
    if user_id is None:
        user_id = event.actor_id
    if user_id is not None:
        revoke_all_tokens(user_id)
