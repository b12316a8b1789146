"""`manage.py seed_demo --users N --entries M`: a realistic network for demos and benchmarks.

People register through the register verb; the bulk of entries, comments and likes is written
with bulk inserts (same fields, rendering and event rows the verbs write) so that 100k entries
take a minute, not an hour.
"""

from __future__ import annotations

import datetime as dt
import random
import sys

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from journal.models import (
    Comment,
    Entry,
    Event,
    FriendGroup,
    Journal,
    Like,
    Membership,
    Subscription,
    User,
)
from journal.models.entry import Security
from journal.rendering import render_comment, render_entry, search_text
from journal.services import create_community, join_community, register

WORDS = [
    "morning",
    "coffee",
    "garden",
    "rain",
    "journal",
    "friends",
    "city",
    "music",
    "river",
    "book",
    "train",
    "window",
    "light",
    "winter",
    "summer",
    "cat",
    "dog",
    "walk",
    "bridge",
    "market",
    "bread",
    "letter",
    "night",
    "star",
    "quiet",
    "story",
    "road",
    "photo",
    "dinner",
    "song",
    "cloud",
    "sea",
    "hill",
    "forest",
    "lamp",
    "chair",
    "paper",
    "ink",
]


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


class Progress:
    """A small text progress bar on stderr."""

    def __init__(self, label: str, total: int, stream=None):
        stream = stream if stream is not None else sys.stderr
        self.label, self.total, self.stream, self.done = label, max(total, 1), stream, 0
        self.tty = bool(getattr(stream, "isatty", lambda: False)())

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.tty and self.done < self.total:
            return  # in logs, only the finished bar
        filled = int(30 * self.done / self.total)
        self.stream.write(
            f"\r{self.label:<10} [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total}"
        )
        if self.done >= self.total:
            self.stream.write("\n")
        self.stream.flush()


class Command(BaseCommand):
    help = "Build a demo network: people, friends, groups, communities, entries, comments, likes."

    def add_arguments(self, parser):
        parser.add_argument("--users", type=int, default=50)
        parser.add_argument("--entries", type=int, default=1000)
        parser.add_argument("--friends", type=int, default=20, help="subscriptions per person")
        parser.add_argument("--password", default="demo-password")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--prefix", default="demo")

    def handle(self, *args, users, entries, friends, password, seed, prefix, **options):
        rng = random.Random(seed)
        people = self._people(users, password, prefix)
        self._network(rng, people, friends)
        communities = self._communities(rng, people, prefix)
        self._entries(rng, people, communities, entries)
        self.stdout.write(
            f"seeded {len(people)} people, {len(communities)} communities, {entries} entries"
        )

    def _people(self, count: int, password: str, prefix: str) -> list[User]:
        bar = Progress("people", count, self.stderr)
        people = []
        # Hash the shared demo password once; PBKDF2 per person would dominate the run.
        hashed = make_password(password)
        for i in range(count):
            username = f"{prefix}{i}"
            user = User.objects.filter(username=username).first()
            if user is None:
                user = register(username, None, name=f"Demo Person {i}")
            people.append(user)
            bar.advance()
        User.objects.filter(pk__in=[p.pk for p in people]).update(password=hashed)
        return list(User.objects.filter(pk__in=[p.pk for p in people]).select_related("journal"))

    @transaction.atomic
    def _network(self, rng: random.Random, people: list[User], friends: int) -> None:
        bar = Progress("friends", len(people), self.stderr)
        subs, groups = [], []
        for person in people:
            for bit, name in ((1, "Close friends"), (2, "Work")):
                groups.append(FriendGroup(owner=person, bit=bit, name=name))
            others = [p for p in people if p.pk != person.pk]
            for other in rng.sample(others, min(friends, len(others))):
                mask = 1 | (rng.choice([0, 0, 1, 2]) << 1)
                subs.append(Subscription(user=person, journal=other.journal, groupmask=mask))
            bar.advance()
        FriendGroup.objects.bulk_create(groups, ignore_conflicts=True)
        Subscription.objects.bulk_create(subs, ignore_conflicts=True)

    def _communities(self, rng: random.Random, people: list[User], prefix: str) -> list[Journal]:
        communities = []
        for i in range(max(1, len(people) // 20)):
            name = f"{prefix}_comm{i}"
            community = Journal.objects.filter(name=name).first() or create_community(
                people[0], name, title=f"Demo community {i}"
            )
            for member in rng.sample(people[1:], min(10, len(people) - 1)):
                join_community(member, community)
            communities.append(community)
        return communities

    def _entries(
        self, rng: random.Random, people: list[User], communities: list[Journal], total: int
    ) -> None:
        bar = Progress("entries", total, self.stderr)
        now = timezone.now()
        # Posting into a community needs membership: each person posts only where they belong.
        member_of: dict[int, list[Journal]] = {}
        for membership in Membership.objects.filter(
            journal__in=communities, status=Membership.Status.ACTIVE
        ).select_related("journal"):
            member_of.setdefault(membership.user_id, []).append(membership.journal)
        batch = 1000
        done = 0
        while done < total:
            size = min(batch, total - done)
            with transaction.atomic():
                rows = []
                journals = {}
                for i in range(size):
                    poster = rng.choice(people)
                    journal = poster.journal
                    if member_of.get(poster.pk) and rng.random() < 0.1:
                        journal = rng.choice(member_of[poster.pk])
                    journals.setdefault(journal.pk, journal)
                    security, mask = rng.choice(
                        [(Security.PUBLIC, 0)] * 6
                        + [(Security.USEMASK, 1)] * 2
                        + [(Security.USEMASK, 2), (Security.PRIVATE, 0)]
                    )
                    if journal.kind != Journal.Kind.PERSONAL:
                        security, mask = Security.PUBLIC, 0
                    body = " ".join(_sentence(rng, rng.randint(5, 25)) for _ in range(3))
                    created = now - dt.timedelta(minutes=(total - done - i) * 3)
                    rows.append(
                        Entry(
                            journal=journal,
                            poster=poster,
                            subject=_sentence(rng, 4)[:-1],
                            body=body,
                            body_html=render_entry(body),
                            search_text=search_text(body, "html"),
                            event_time=created.replace(second=0, microsecond=0),
                            created_at=created,
                            updated_at=created,
                            security=security,
                            allowmask=mask,
                            anum=rng.randrange(256),
                            item_number=0,
                        )
                    )
                # Item numbers per journal, under the journal row lock as post_entry does.
                locked = {
                    j.pk: j
                    for j in Journal.objects.select_for_update().filter(pk__in=list(journals))
                }
                last = dict(
                    Entry.objects.filter(journal_id__in=list(locked))
                    .values("journal_id")
                    .annotate(last=Max("item_number"))
                    .values_list("journal_id", "last")
                )
                for row in rows:
                    last[row.journal_id] = last.get(row.journal_id, 0) + 1
                    row.item_number = last[row.journal_id]
                Entry.objects.bulk_create(rows)
                created_rows = list(
                    Entry.objects.filter(uuid__in=[r.uuid for r in rows]).only(
                        "id", "journal_id", "poster_id", "security"
                    )
                )
                Event.objects.bulk_create(
                    Event(
                        kind=Event.Kind.ENTRY_CREATED,
                        actor_id=r.poster_id,
                        journal_id=r.journal_id,
                        entry_id=r.pk,
                    )
                    for r in created_rows
                )
                self._reactions(rng, people, created_rows)
            done += size
            bar.advance(size)

    def _reactions(self, rng: random.Random, people: list[User], rows: list[Entry]) -> None:
        comments, likes = [], []
        # Reactions only on public entries: everyone may see those, so anyone may react.
        public = [row for row in rows if row.security == Security.PUBLIC]
        for row in rng.sample(public, len(public) // 2):
            for _ in range(rng.randint(1, 4)):
                body = _sentence(rng, rng.randint(3, 12))
                comments.append(
                    Comment(
                        entry_id=row.pk,
                        author=rng.choice(people),
                        body=body,
                        body_html=render_comment(body),
                        search_text=search_text(body, "html"),
                    )
                )
            for liker in rng.sample(people, min(len(people), rng.randint(1, 6))):
                if liker.pk != row.poster_id:
                    likes.append(Like(entry_id=row.pk, user=liker))
        Comment.objects.bulk_create(comments)
        Like.objects.bulk_create(likes, ignore_conflicts=True)
