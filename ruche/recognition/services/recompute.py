"""The full recompute: every credit, score, sanction, rule badge, challenge completion and level
rebuilt from the ledger alone, with the same engine as the incremental update."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction

from ruche.accounts.models import User
from ruche.activity.models import Activity
from ruche.spaces.models import Space

from .. import engine
from ..defaults import ensure_defaults
from ..engine import CreditData, Row
from ..models import (
    BadgeAward,
    ChallengeCompletion,
    Credit,
    MemberEngagement,
    Sanction,
    Score,
)
from .refresh import anniversaries_award, levels_refresh
from .rules import rules_changed
from .scores import member_listings, write_scores


@dataclass
class RecomputeResult:
    ledger_rows: int
    credits: int
    scores: int
    badges: int
    members: int
    seconds: float


LEDGER_CHUNK = 20_000


def _ledger_rows(verbs_wanted: set[str]) -> Iterable[Row]:
    """The ledger in id order, read in keyset chunks (steady memory, no long server cursor)."""
    last = 0
    fields = (
        "id",
        "actor_id",
        "verb",
        "target_type_id",
        "target_id",
        "space_id",
        "occurred_at",
        "payload",
    )
    while True:
        chunk = list(
            Activity.objects.filter(pk__gt=last, verb__in=verbs_wanted)
            .order_by("pk")
            .values_list(*fields)[:LEDGER_CHUNK]
        )
        if not chunk:
            return
        for values in chunk:
            payload = values[7] if isinstance(values[7], dict) else {}
            yield Row(*values[:7], payload)
        last = chunk[-1][0]


def engagement_recompute(*, stdout=None) -> RecomputeResult:
    """Rebuild every member's credits, scores, sanctions, rule badges, challenge completions and
    level from the ledger alone. Hand-granted badges (with their reasons) are kept."""
    started = time.monotonic()
    ensure_defaults()
    rules_changed()
    rules = engine.load_rules()
    members = dict(User.objects.values_list("pk", "segment_id"))
    state = engine.MemoryState(
        rules=rules,
        member_ids=set(members),
        segments=members,
        levels=dict(MemberEngagement.objects.values_list("member_id", "level")),
        space_areas=dict(Space.objects.values_list("pk", "product_area_id")),
    )
    count = 0
    for row in _ledger_rows(rules.verbs):
        engine.process(row, rules, state)
        count += 1
    with transaction.atomic():
        Credit.objects.all().delete()
        Score.objects.all().delete()
        Sanction.objects.all().delete()
        ChallengeCompletion.objects.all().delete()
        BadgeAward.objects.filter(granted_by__isnull=True).delete()
        _write_credits(state.credits)
        scores: list[tuple] = []
        for credit in state.credits:
            if credit.active and credit.points:
                scores += engine.score_rows(
                    credit.member_id, credit.day, credit.area_id, credit.points
                )
        score_count = write_scores(scores, member_listings(None))
        Sanction.objects.bulk_create(
            [Sanction(activity_id=a, member_id=m, occurred_at=t) for a, m, t in state.sanctions],
            batch_size=5000,
            ignore_conflicts=True,
        )
        BadgeAward.objects.bulk_create(
            [
                BadgeAward(badge_id=b, member_id=m, awarded_at=row.occurred_at, activity_id=row.id)
                for (m, b), row in state.badges.items()
            ],
            batch_size=5000,
            ignore_conflicts=True,
        )
        ChallengeCompletion.objects.bulk_create(
            [
                ChallengeCompletion(
                    challenge_id=c, member_id=m, completed_at=row.occurred_at, activity_id=row.id
                )
                for (m, c), row in state.completions.items()
            ],
            batch_size=5000,
        )
        MemberEngagement.objects.bulk_create(
            [MemberEngagement(member_id=pk) for pk in members],
            batch_size=5000,
            ignore_conflicts=True,
        )
        # Members are not told again of levels the rebuild restores (nothing is emitted).
        levels_refresh(member_ids=None)
        anniversaries_award()
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # Fresh statistics and visibility map: the boards' counts become index-only scans.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) recognition_score")
            cursor.execute("VACUUM (ANALYZE) recognition_credit")
    return RecomputeResult(
        ledger_rows=count,
        credits=len(state.credits),
        scores=score_count,
        badges=len(state.badges),
        members=len(members),
        seconds=time.monotonic() - started,
    )


_CREDIT_COLUMNS = (
    "activity_id",
    "member_id",
    "from_member_id",
    "key",
    "points",
    "occurred_at",
    "day",
    "area_id",
    "target_key",
    "context_key",
    "valid",
    "reason",
    "active",
    "withdrawn",
    "payload",
)


def _write_credits(credits: list[CreditData]) -> None:
    if connection.vendor == "postgresql":
        table = connection.ops.quote_name(Credit._meta.db_table)
        columns = ", ".join(_CREDIT_COLUMNS)
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for c in credits:
                copy.write_row(
                    (
                        c.activity_id,
                        c.member_id,
                        c.from_member_id,
                        c.key,
                        c.points,
                        c.occurred_at,
                        c.day,
                        c.area_id,
                        c.target_key,
                        c.context_key,
                        c.valid,
                        c.reason,
                        c.active,
                        c.withdrawn,
                        json.dumps(c.payload),
                    )
                )
        return
    Credit.objects.bulk_create(
        [Credit(**{name: getattr(c, name) for name in _CREDIT_COLUMNS}) for c in credits],
        batch_size=2000,
    )
