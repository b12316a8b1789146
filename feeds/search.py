"""FriendFeed's search syntax (friendfeed-v2.md §6) compiled to a filter on entries.

    from:u  friends:u  group:g / room:g  service:s  intitle:w  incomment:w  comment:u
    comments:N  like:u  likes:N  -term  a,b (comma OR inside a value)  x OR y  ( ... )  me

Plain words AND together and match the entry's text (subject and body without markup:
Entry.search_text; links are /url's);
`#tag` is a word that also matches the entry's tags. On PostgreSQL words use full-text
search (GIN index: feeds/migrations/0001_search_index.py); SQLite takes a correct, slower
case-insensitive substring path. The result is a Q to pass through journal.visibility.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual

from feeds.feedids import may_see_activity
from journal.errors import Forbidden, InvalidInput
from journal.models import Comment, EntryRecipient, Journal, Like, Subscription, Tag
from journal.models.user import canonical_username

MAX_QUERY_CHARS = 500
MAX_TERMS = 30
OPERATORS = {
    "from",
    "who",
    "friends",
    "group",
    "room",
    "service",
    "intitle",
    "incomment",
    "comment",
    "comments",
    "like",
    "likes",
}
_TOKEN = re.compile(r'\s*(\(|\)|-?"[^"]*"|[^\s()]+)')
NOTHING = Q(pk__in=[])
# What the feeds show under an entry (builders.load_reactions): no deleted comments, nothing
# by a suspended person, so a search cannot find an entry by what nobody may read.
LIVE_COMMENTS = Comment.objects.filter(is_deleted=False, author__is_suspended=False)
LIVE_LIKES = Like.objects.filter(user__is_suspended=False)


@dataclass
class _Parser:
    tokens: list[str]
    viewer: object
    pos: int = 0
    terms: int = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def expr(self) -> Q:
        q = self.conj()
        while self.peek() == "OR":
            self.take()
            q = q | self.conj()
        return q

    def conj(self) -> Q:
        q = Q()
        any_term = False
        while (tok := self.peek()) is not None and tok not in (")", "OR"):
            q &= self.unary()
            any_term = True
        if not any_term:
            raise InvalidInput("Empty search term.", code="bad-query")
        return q

    def unary(self) -> Q:
        tok = self.take()
        if tok == "(":
            q = self.expr()
            if self.peek() != ")":
                raise InvalidInput("Unbalanced parentheses.", code="bad-query")
            self.take()
            return q
        if tok == "-(":  # never produced by the tokenizer; kept for clarity
            raise InvalidInput("Bad query.", code="bad-query")
        if tok == "-" and self.peek() == "(":
            return ~self.unary()
        if tok.startswith("-") and len(tok) > 1:
            return ~self.term(tok[1:])
        return self.term(tok)

    def term(self, tok: str) -> Q:
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise InvalidInput("Too many search terms.", code="bad-query")
        op, sep, value = tok.partition(":")
        if sep and op.lower() in OPERATORS and value:
            return self.operator(op.lower(), value)
        return word_q(tok.strip('"'))

    def user(self, name: str) -> str:
        if name.lower() == "me":
            if self.viewer is None or not getattr(self.viewer, "is_authenticated", False):
                raise Forbidden("`me` needs authentication.", code="unauthorized")
            return self.viewer.username
        return canonical_username(name)

    def activity_hidden(self, name: str) -> bool:
        """friends:/comment:/like: of a private person the viewer was not approved by
        (as their USER/friends, USER/comments and USER/likes feeds)."""
        journal = Journal.objects.filter(name=name, kind=Journal.Kind.PERSONAL).first()
        return journal is not None and not may_see_activity(self.viewer, journal)

    def operator(self, op: str, value: str) -> Q:
        values = [v for v in value.split(",") if v]  # a comma inside a value ORs
        q = Q(pk__in=[])
        for v in values:
            q |= self.one(op, v)
        return q

    def one(self, op: str, v: str) -> Q:
        if op in ("from", "who"):
            name = self.user(v)
            return Q(poster__username=name) | Q(journal__name=name)
        if op in ("friends", "comment", "like") and self.activity_hidden(self.user(v)):
            return NOTHING
        if op == "friends":
            name = self.user(v)
            followed = Subscription.objects.filter(
                user__username=name, status=Subscription.Status.SUBSCRIBED
            ).values("journal_id")
            return Q(journal_id__in=followed)
        if op in ("group", "room"):
            name = canonical_username(v)
            return Q(journal__name=name) | Exists(
                EntryRecipient.objects.filter(entry_id=OuterRef("pk"), journal__name=name)
            )
        if op == "service":
            # Entries posted here without an application are the "internal" service.
            if v.lower() in ("internal", "friendfeed", "journalfeed"):
                return Q(via_name="")
            return Q(via_name__iexact=v) | Q(via_url__icontains=v)
        if op == "intitle":
            return word_q(v)
        if op == "incomment":
            return Exists(LIVE_COMMENTS.filter(entry_id=OuterRef("pk"), search_text__icontains=v))
        if op == "comment":
            return Exists(
                LIVE_COMMENTS.filter(entry_id=OuterRef("pk"), author__username=self.user(v))
            )
        if op == "like":
            return Exists(LIVE_LIKES.filter(entry_id=OuterRef("pk"), user__username=self.user(v)))
        if op in ("comments", "likes"):
            if not (v.isascii() and v.isdigit()):  # "²".isdigit() is true
                raise InvalidInput(f"{op}: needs a number.", code="bad-query")
            if int(v) > _MAX_COUNT:  # SQLite cannot bind it; no database integer holds it
                raise InvalidInput(f"{op}: the number is too large.", code="bad-query")
            return Q(_count_at_least(op, int(v)))
        raise InvalidInput(f"Unknown operator {op}.", code="bad-query")


_MAX_COUNT = 2**31 - 1  # the largest integer column on every backend


def _count_at_least(op: str, n: int):
    rows = (LIVE_COMMENTS if op == "comments" else LIVE_LIKES).filter(entry_id=OuterRef("pk"))
    counted = rows.order_by().values("entry_id").annotate(c=Count("id")).values("c")
    total = Coalesce(
        Subquery(counted, output_field=IntegerField()), Value(0, output_field=IntegerField())
    )
    return GreaterThanOrEqual(total, n)


def word_q(word: str) -> Q:
    """One word of the entry's text: full-text on PostgreSQL, substring on SQLite."""
    word = word.strip()
    if not word:
        return Q()
    q = Q()
    if word.startswith("#") and len(word) > 1:
        q = Exists(Tag.objects.filter(entries=OuterRef("pk"), name__iexact=word[1:])) | Q(
            search_text__icontains=word
        )
        return q
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        vector = SearchVector("subject", "search_text", config="simple")
        query = SearchQuery(word, config="simple", search_type="plain")
        return Q(_fts(vector, query))
    return Q(subject__icontains=word) | Q(search_text__icontains=word)


def _fts(vector, query):
    from django.contrib.postgres.search import SearchVectorExact

    return SearchVectorExact(vector, query)


def tokenize(query: str) -> list[str]:
    tokens = []
    pos = 0
    query = query.strip()
    while pos < len(query):
        match = _TOKEN.match(query, pos)
        if not match:
            break
        token = match.group(1)
        pos = match.end()
        # "-(" as two tokens so `-(a OR b)` negates the group.
        if token.startswith("-(") or token == "-":
            tokens.append("-")
            if token != "-":
                tokens.append("(")
                rest = token[2:]
                if rest:
                    tokens.append(rest)
            continue
        if token.startswith("(") and len(token) > 1:
            tokens.extend(["(", token[1:]])
            continue
        tokens.append(token)
    return tokens


def compile_query(query: str, viewer) -> Q:
    """The search string → a Q on Entry (visibility is applied by the caller)."""
    query = (query or "").strip()
    if not query:
        raise InvalidInput("The query is empty.", code="q-required")
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput("The query is too long.", code="bad-query")
    parser = _Parser(tokenize(query), viewer)
    q = parser.expr()
    if parser.peek() is not None:
        raise InvalidInput("Unbalanced parentheses.", code="bad-query")
    return q
