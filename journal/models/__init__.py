"""The journalfeed domain models (see DESIGN.md, "Core model")."""

from journal.models.comment import Comment, Like
from journal.models.content_version import ContentVersion
from journal.models.entry import Attachment, Entry, EntryRecipient, Hide, Tag
from journal.models.event import Event
from journal.models.journal import Ban, Journal, Membership
from journal.models.moderation import QueuedEntry
from journal.models.social import FriendGroup, Subscription
from journal.models.user import Mood, ProtocolSession, RemoteKey, User, Userpic, UserpicKeyword

__all__ = [
    "Attachment",
    "Ban",
    "Comment",
    "ContentVersion",
    "Entry",
    "EntryRecipient",
    "Event",
    "FriendGroup",
    "Hide",
    "Journal",
    "Like",
    "Membership",
    "Mood",
    "ProtocolSession",
    "QueuedEntry",
    "RemoteKey",
    "Subscription",
    "Tag",
    "User",
    "Userpic",
    "UserpicKeyword",
]
