"""Benchmark volumes for the demo (``ruche seed-demo --scale large``): tens of thousands of
members and millions of ledger rows, written with COPY on PostgreSQL and batched inserts
elsewhere, then the forum's and the ideas' volumes on top."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import islice

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from ruche.accounts.models import User
from ruche.activity.models import Activity, Source

from . import data
from .bulk import BATCH_SIZE, copy_rows
from .forum_seed import forum_seed_large, large_forum_defaults
from .ideas_seed import ideas_seed_large
from .recognition_seed import recognition_seed_large
from .services import (
    _MIX_SOURCES,
    _MIX_VERBS,
    _MIX_WEIGHTS,
    HISTORY_DAYS,
    Writable,
    _ascii_slug,
    _check_verbs,
    _engagement,
    _ensure_reference_data,
    _random_profile,
    _say,
    bench_member_count,
)

# --- Benchmark volumes ----------------------------------------------------------------------


@dataclass
class LargeResult:
    members: int
    activities: int
    seconds: float
    topics: int = 0
    replies: int = 0
    likes: int = 0

    @property
    def rows_per_second(self) -> float:
        rows = self.members * 2 + self.activities + self.topics + self.replies + self.likes
        return rows / self.seconds if self.seconds else 0.0


_BENCH_PAYLOADS: dict[str, list[dict]] = {
    "member.logged_in": [{}],
    "newsletter.opened": [{"campaign": f"medora-news-{month:02d}"} for month in range(1, 13)],
    "newsletter.clicked": [
        {"campaign": "medora-news", "url": url} for url in data.NEWSLETTER_LINKS
    ],
    "chat.message_posted": [{"channel": channel} for channel in data.CHAT_CHANNELS],
    "external.post_created": [
        {"forum": forum, "topic": topic} for forum in data.FORUMS for topic in data.FORUM_TOPICS
    ],
    "event.attended": [{"event": event} for event in data.EVENTS],
    "survey.answered": [{"survey": "nps-quarterly", "score": score} for score in range(11)],
    "member.profile_updated": [{"fields": [field]} for field in data.PROFILE_FIELDS],
    "member.joined": [{"invited": False}],
}
# Serialised once: COPY takes the JSON text, and a million json.dumps calls would cost seconds.
_BENCH_PAYLOADS_JSON = {
    verb: [json.dumps(payload) for payload in payloads]
    for verb, payloads in _BENCH_PAYLOADS.items()
}

_USER_COLUMNS = (
    "id",
    "password",
    "is_superuser",
    "email",
    "handle",
    "display_name",
    "segment_id",
    "organisation",
    "country",
    "language",
    "ui_language",
    "bio",
    "avatar",
    "profile_visibility",
    "is_active",
    "is_staff",
    "date_joined",
)
_ACTIVITY_COLUMNS = (
    "actor_id",
    "verb",
    "target_type_id",
    "target_id",
    "occurred_at",
    "recorded_at",
    "source",
    "payload",
    "idempotency_key",
)


def _bench_users(
    rng: random.Random, now: datetime, count: int, first_index: int, segment_ids: dict[str, int]
) -> list[dict]:
    users = []
    for number in range(first_index, first_index + count):
        profile = _random_profile(rng)
        local = f"{_ascii_slug(profile['first'])}.{_ascii_slug(profile['last'])}"
        users.append(
            {
                "email": f"{local}.{number}@{data.BENCH_DOMAIN}",
                # handle_base never makes a dash, so these cannot clash with generated handles.
                "handle": f"bench-{number}",
                "display_name": profile["display_name"],
                "segment_id": segment_ids[profile["segment"]],
                "organisation": profile["organisation"],
                "country": profile["country"],
                "language": profile["language"],
                "bio": profile["bio"],
                "profile_visibility": profile["profile_visibility"],
                "date_joined": now - timedelta(days=profile["days_ago"]),
            }
        )
    return users


def _bench_activity(
    rng: random.Random,
    now: datetime,
    members: list[tuple[int, datetime]],
    total: int,
    key_prefix: str,
    user_type_id: int,
    payloads: dict[str, list],
) -> Iterator[tuple]:
    """Rows in ``_ACTIVITY_COLUMNS`` order: one join per member first, then a skewed mix."""
    joined_payload = payloads["member.joined"][0]
    joined_rows = min(len(members), total)
    for member_id, joined in members[:joined_rows]:
        yield (
            member_id,
            "member.joined",
            user_type_id,
            member_id,
            joined,
            now,
            Source.RUCHE,
            joined_payload,
            f"member.joined:{member_id}",
        )
    remaining = total - joined_rows
    if remaining <= 0 or not members:
        return
    # Cumulative weights let random.choices draw a million actors in one C-speed call.
    cumulative, running = [], 0.0
    for _member in members:
        running += _engagement(rng)
        cumulative.append(running)
    actors = rng.choices(range(len(members)), cum_weights=cumulative, k=remaining)
    mix = rng.choices(range(len(_MIX_VERBS)), weights=_MIX_WEIGHTS, k=remaining)
    now_ts = now.timestamp()
    history_ts = now_ts - HISTORY_DAYS * 86400
    starts = [max(joined.timestamp(), history_ts) for _id, joined in members]
    randoms = rng.random
    for number, (actor, verb_index) in enumerate(zip(actors, mix, strict=True)):
        verb = _MIX_VERBS[verb_index]
        source = _MIX_SOURCES[verb]
        start = starts[actor]
        when = datetime.fromtimestamp(start + (now_ts - start) * randoms(), tz=UTC)
        variants = payloads[verb]
        yield (
            members[actor][0],
            verb,
            None,
            None,
            when,
            now,
            source,
            variants[number % len(variants)],
            f"{key_prefix}:{number}" if source != Source.RUCHE else None,
        )


def demo_seed_large(
    *,
    members: int = 50_000,
    activities: int = 2_000_000,
    seed: int = 2026,
    topics: int | None = None,
    replies: int | None = None,
    ideas: int | None = None,
    idea_likes: int | None = None,
    stdout: Writable | None = None,
) -> LargeResult:
    """Add benchmark volumes: ``members`` members (with verified e-mails), exactly
    ``activities`` activity rows, ``topics`` topics and ``replies`` replies (by default 2 and 20
    per member), with COPY on PostgreSQL and batched inserts elsewhere."""
    default_topics, default_replies = large_forum_defaults(members)
    topics = default_topics if topics is None else topics
    replies = default_replies if replies is None else replies
    # 20,000 ideas and 1,000,000 likes of ideas for 50,000 members.
    ideas = members * 2 // 5 if ideas is None else ideas
    idea_likes = members * 20 if idea_likes is None else idea_likes
    _check_verbs()
    started = time.monotonic()
    rng = random.Random(seed)
    now = timezone.now()
    password = make_password(data.DEMO_PASSWORD)
    user_type_id = ContentType.objects.get_for_model(User).pk
    with transaction.atomic():
        # The spaces too: the forum volumes go into them.
        ref = _ensure_reference_data(now)
        segment_ids = {slug: segment.pk for slug, segment in ref.segments.items()}
        first_index = bench_member_count()
        profiles = _bench_users(rng, now, members, first_index, segment_ids)
        # Keys unique per run so a second large seed never collides with the first one.
        key_prefix = f"bench:{first_index}"
        if connection.vendor == "postgresql":
            created = _large_postgresql(profiles, password)
            rows = _bench_activity(
                rng, now, created, activities, key_prefix, user_type_id, _BENCH_PAYLOADS_JSON
            )
            with connection.cursor() as cursor:
                copy_rows(cursor, Activity._meta.db_table, _ACTIVITY_COLUMNS, rows)
        else:
            created = _large_batched(profiles, password)
            rows = _bench_activity(
                rng, now, created, activities, key_prefix, user_type_id, _BENCH_PAYLOADS_JSON
            )
            _insert_activity_batched(rows)
        forum = forum_seed_large(
            members=created, topics=topics, replies=replies, seed=seed, now=now
        )
        large_ideas = ideas_seed_large(
            members=created, ideas=ideas, likes=idea_likes, seed=seed, now=now
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # Fresh statistics for every table, small ones included: without them the planner
            # takes the 10 spaces for 230 and lists the latest topics in 500 ms instead of 5.
            cursor.execute("ANALYZE")
    # Points, levels and badges of the benchmark members, from the whole ledger.
    recognition_seed_large()
    result = LargeResult(
        members=members,
        activities=activities,
        seconds=time.monotonic() - started,
        topics=forum.topics,
        replies=forum.replies,
        likes=forum.likes,
    )
    _say(
        stdout,
        f"Large seed: {result.members} members (+ {result.members} e-mail addresses), "
        f"{result.activities} activity rows, {result.topics} topics "
        f"({forum.hundred_reply_topics} with exactly 100 replies), {result.replies} replies and "
        f"{result.likes} likes, {large_ideas.ideas} ideas with {large_ideas.likes} likes "
        f"in {result.seconds:.1f} s "
        f"({result.rows_per_second:,.0f} rows/s, {connection.vendor}).",
    )
    return result


def _large_postgresql(profiles: list[dict], password: str) -> list[tuple[int, datetime]]:
    """COPY the members and their e-mail addresses; ids are reserved from the sequence first."""
    table = User._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, len(profiles)],
        )
        ids = sorted(row[0] for row in cursor.fetchall())
        copy_rows(
            cursor,
            table,
            _USER_COLUMNS,
            (
                (
                    user_id,
                    password,
                    False,
                    p["email"],
                    p["handle"],
                    p["display_name"],
                    p["segment_id"],
                    p["organisation"],
                    p["country"],
                    p["language"],
                    "",
                    p["bio"],
                    "",
                    p["profile_visibility"],
                    True,
                    False,
                    p["date_joined"],
                )
                for user_id, p in zip(ids, profiles, strict=True)
            ),
        )
        copy_rows(
            cursor,
            EmailAddress._meta.db_table,
            ("user_id", "email", "verified", "primary"),
            ((user_id, p["email"], True, True) for user_id, p in zip(ids, profiles, strict=True)),
        )
    return [(user_id, p["date_joined"]) for user_id, p in zip(ids, profiles, strict=True)]


def _large_batched(profiles: list[dict], password: str) -> list[tuple[int, datetime]]:
    users = [User(password=password, **profile) for profile in profiles]
    User.objects.bulk_create(users, batch_size=BATCH_SIZE)
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=user, email=user.email, verified=True, primary=True) for user in users],
        batch_size=BATCH_SIZE,
    )
    return [(user.pk, user.date_joined) for user in users]


def _insert_activity_batched(rows: Iterable[tuple]) -> None:
    """Plain ``executemany`` in batches: building a million model instances would cost minutes."""
    adapt = connection.ops.adapt_datetimefield_value
    names = ", ".join(connection.ops.quote_name(column) for column in _ACTIVITY_COLUMNS)
    placeholders = ", ".join(["%s"] * len(_ACTIVITY_COLUMNS))
    table = connection.ops.quote_name(Activity._meta.db_table)
    # Only identifiers from the model and constants go into the text; values are parameters.
    sql = f"INSERT INTO {table} ({names}) VALUES ({placeholders})"  # noqa: S608
    adapted = (
        (*row[:4], adapt(row[4]), adapt(row[5]), *row[6:])  # occurred_at, recorded_at
        for row in rows
    )
    with connection.cursor() as cursor:
        while batch := list(islice(adapted, BATCH_SIZE)):
            cursor.executemany(sql, batch)
