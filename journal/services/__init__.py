"""The domain verbs: every change of state is one function here (CONVENTIONS.md).

Each verb checks permission, writes in one transaction, records its event and leaves side
effects to after commit. Doors call these and nothing else to change state.
"""

from journal.services.accounts import (
    add_remote_key,
    register,
    reset_remote_key,
    revoke_remote_key,
    set_password,
    suspend,
    unsuspend,
    update_profile,
)
from journal.services.comments import add_comment, delete_comment, edit_comment, undelete_comment
from journal.services.entries import delete_entry, edit_entry, post_entry, undelete_entry
from journal.services.likes import hide_entry, like_entry, unhide_entry, unlike_entry
from journal.services.profile import set_theme, shorten_entry, update_journal
from journal.services.social import (
    approve_member,
    approve_subscription,
    ban_user,
    create_community,
    delete_friend_group,
    join_community,
    leave_community,
    remove_member,
    set_friend,
    set_friend_group,
    set_friend_groupmask,
    set_member_role,
    subscribe,
    unban_user,
    unsubscribe,
)

__all__ = [
    "add_comment",
    "add_remote_key",
    "approve_member",
    "approve_subscription",
    "ban_user",
    "create_community",
    "delete_comment",
    "delete_entry",
    "delete_friend_group",
    "edit_comment",
    "edit_entry",
    "hide_entry",
    "join_community",
    "leave_community",
    "like_entry",
    "post_entry",
    "register",
    "remove_member",
    "reset_remote_key",
    "revoke_remote_key",
    "set_friend",
    "set_friend_group",
    "set_friend_groupmask",
    "set_member_role",
    "set_password",
    "set_theme",
    "shorten_entry",
    "subscribe",
    "suspend",
    "unban_user",
    "undelete_comment",
    "undelete_entry",
    "unhide_entry",
    "unlike_entry",
    "unsubscribe",
    "unsuspend",
    "update_journal",
    "update_profile",
]
