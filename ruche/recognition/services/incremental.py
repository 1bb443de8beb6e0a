"""The incremental update: each ledger row applied as it is recorded, in its transaction.

``DbState`` answers the engine's questions with queries and writes at once; ``engine.process``
decides (the same rules the full recompute replays).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime

from django.db import transaction
from django.db.models import Sum

from ruche.accounts.models import User
from ruche.activity.models import Activity
from ruche.core.events import Event, emit

from .. import engine, verbs
from ..engine import BadgeSpec, ChallengeSpec, CreditData, Row
from ..models import (
    ACTOR,
    Badge,
    BadgeAward,
    BadgePeriod,
    Challenge,
    ChallengeCompletion,
    Credit,
    MemberEngagement,
    Sanction,
)
from .refresh import levels_refresh
from .rules import current_rules, space_area
from .scores import Listing, add_scores, member_listings


def _credit_data(credit: Credit) -> CreditData:
    return CreditData(
        activity_id=credit.activity_id,
        member_id=credit.member_id,
        from_member_id=credit.from_member_id,
        key=credit.key,
        points=credit.points,
        occurred_at=credit.occurred_at,
        day=credit.day,
        area_id=credit.area_id,
        target_key=credit.target_key,
        context_key=credit.context_key,
        valid=credit.valid,
        reason=credit.reason,
        active=credit.active,
        withdrawn=credit.withdrawn,
        payload=credit.payload,
        pk=credit.pk,
    )


class DbState:
    """The rules' questions answered by queries; every change written at once.

    What the rules conclude (a badge, a completed challenge) is kept in ``derived``: the update
    emits those events once the rows are applied.
    """

    def __init__(self) -> None:
        self.derived: list[Event] = []
        self._exists: dict[int, bool] = {}
        self._badges: dict[int, set[int]] = {}
        self._listings: dict[int, Listing] = {}

    def listing(self, member_id: int) -> dict[int, Listing]:
        if member_id not in self._listings:
            self._listings.update(member_listings([member_id]))
        return self._listings

    def member_exists(self, member_id: int) -> bool:
        if member_id not in self._exists:
            self._exists[member_id] = User.objects.filter(pk=member_id).exists()
        return self._exists[member_id]

    def area_of(self, row: Row) -> int | None:
        area = row.payload.get("product_area")
        if isinstance(area, int) and not isinstance(area, bool):
            return area
        if not row.space_id:
            return None
        return space_area(row.space_id)

    def credits_on_target(self, target_key: str) -> list[CreditData]:
        return [_credit_data(c) for c in Credit.objects.filter(target_key=target_key)]

    def credits_in_context(self, context_key: str) -> list[CreditData]:
        return [_credit_data(c) for c in Credit.objects.filter(context_key=context_key)]

    def points_today(self, member_id: int, key: str, day: date) -> int:
        total = Credit.objects.filter(member_id=member_id, key=key, day=day).aggregate(
            total=Sum("points")
        )["total"]
        return total or 0

    def pair_count(
        self, member_id: int, from_id: int, key: str, since: datetime, until: datetime
    ) -> int:
        return Credit.objects.filter(
            member_id=member_id,
            from_member_id=from_id,
            key=key,
            occurred_at__gte=since,
            occurred_at__lte=until,
        ).count()

    def badge_count(self, member_id: int, badge: BadgeSpec, start: date, end: date) -> int:
        credits = Credit.objects.filter(member_id=member_id, key=badge.key, valid=True, active=True)
        if badge.period != BadgePeriod.ALL:
            credits = credits.filter(day__gte=start, day__lt=end)
        return credits.filter(**_payload_filter(badge.condition)).count()

    def has_badge(self, member_id: int, badge_id: int) -> bool:
        if member_id not in self._badges:
            self._badges[member_id] = set(
                BadgeAward.objects.filter(member_id=member_id).values_list("badge_id", flat=True)
            )
        return badge_id in self._badges[member_id]

    def challenge_count(self, member_id: int, challenge: ChallengeSpec) -> int:
        return (
            Credit.objects.filter(
                member_id=member_id,
                key=challenge.key,
                valid=True,
                active=True,
                occurred_at__gte=challenge.starts_at,
                occurred_at__lt=challenge.ends_at,
            )
            .filter(**_payload_filter(challenge.condition))
            .count()
        )

    def has_completed(self, member_id: int, challenge_id: int) -> bool:
        return ChallengeCompletion.objects.filter(
            member_id=member_id, challenge_id=challenge_id
        ).exists()

    def segment_of(self, member_id: int) -> int | None:
        return User.objects.filter(pk=member_id).values_list("segment_id", flat=True).first()

    def level_of(self, member_id: int) -> int:
        return (
            MemberEngagement.objects.filter(member_id=member_id)
            .values_list("level", flat=True)
            .first()
            or 0
        )

    def add_credit(self, credit: CreditData) -> None:
        stored = Credit.objects.create(
            activity_id=credit.activity_id,
            member_id=credit.member_id,
            from_member_id=credit.from_member_id,
            key=credit.key,
            points=credit.points,
            occurred_at=credit.occurred_at,
            day=credit.day,
            area_id=credit.area_id,
            target_key=credit.target_key,
            context_key=credit.context_key,
            valid=credit.valid,
            reason=credit.reason,
            active=credit.active,
            withdrawn=credit.withdrawn,
            payload=credit.payload,
        )
        credit.pk = stored.pk
        if credit.points and credit.active:
            add_scores(
                engine.score_rows(credit.member_id, credit.day, credit.area_id, credit.points),
                self.listing(credit.member_id),
            )

    def set_active(self, credit: CreditData, active: bool, withdrawn: str) -> None:
        Credit.objects.filter(pk=credit.pk).update(active=active, withdrawn=withdrawn)
        if credit.points and credit.active != active:
            sign = 1 if active else -1
            add_scores(
                engine.score_rows(
                    credit.member_id, credit.day, credit.area_id, sign * credit.points
                ),
                self.listing(credit.member_id),
            )
        credit.active = active
        credit.withdrawn = withdrawn

    def add_sanction(self, activity_id: int, member_id: int, occurred_at: datetime) -> None:
        Sanction.objects.get_or_create(
            activity_id=activity_id, member_id=member_id, defaults={"occurred_at": occurred_at}
        )

    def award_badge(self, member_id: int, badge_id: int, row: Row) -> None:
        slug = Badge.objects.filter(pk=badge_id).values_list("slug", flat=True).first()
        if slug is None:
            return  # deleted since the rules were cached in this process
        _award, created = BadgeAward.objects.get_or_create(
            badge_id=badge_id,
            member_id=member_id,
            defaults={"awarded_at": row.occurred_at, "activity_id": row.id},
        )
        self._badges.setdefault(member_id, set()).add(badge_id)
        if created:
            self.derived.append(
                verbs.badge_awarded(
                    member_id=member_id, badge_id=badge_id, slug=slug, occurred_at=row.occurred_at
                )
            )

    def complete_challenge(self, member_id: int, challenge: ChallengeSpec, row: Row) -> None:
        if not Challenge.objects.filter(pk=challenge.id).exists():
            return
        ChallengeCompletion.objects.create(
            challenge_id=challenge.id,
            member_id=member_id,
            completed_at=row.occurred_at,
            activity_id=row.id,
        )
        self.derived.append(
            verbs.challenge_completed(
                member_id=member_id, challenge_id=challenge.id, occurred_at=row.occurred_at
            )
        )
        if challenge.reward_badge_id and not self.has_badge(member_id, challenge.reward_badge_id):
            self.award_badge(member_id, challenge.reward_badge_id, row)
        if challenge.reward_points:
            self.add_credit(engine.reward_credit(member_id, challenge, row))


def _payload_filter(condition: dict) -> dict:
    return {f"payload__{name}": value for name, value in condition.items()}


def _row(activity: Activity) -> Row:
    return Row(
        id=activity.pk,
        actor_id=activity.actor_id,
        verb=activity.verb,
        target_type_id=activity.target_type_id,
        target_id=activity.target_id,
        space_id=activity.space_id,
        occurred_at=activity.occurred_at,
        payload=activity.payload if isinstance(activity.payload, dict) else {},
    )


def _lock_members(member_ids: Iterable[int], state: DbState) -> None:
    """Serialise the updates of one member (caps and counts read then write): lock their
    engagement rows, creating those of members seen for the first time."""
    ids = sorted({pk for pk in member_ids if pk})
    if not ids:
        return

    def lock() -> set[int]:
        return set(
            MemberEngagement.objects.select_for_update()
            .filter(member_id__in=ids)
            .order_by("pk")
            .values_list("member_id", flat=True)
        )

    locked = lock()
    if len(locked) < len(ids):
        existing = set(User.objects.filter(pk__in=ids).values_list("pk", flat=True))
        MemberEngagement.objects.bulk_create(
            [MemberEngagement(member_id=pk) for pk in existing - locked], ignore_conflicts=True
        )
        locked = lock()
    for pk in ids:
        state._exists[pk] = pk in locked


def engagement_process(*, activities: list[Activity]) -> set[int]:
    """The incremental update: apply freshly recorded ledger rows, in the caller's transaction.

    Called for every row the ledger appends (one action, or an import in bulk). Returns the
    members whose points, badges or level may have changed. Badges awarded, challenges completed
    and levels changed are emitted as events in the same transaction: notifications hear them
    once it commits.
    """
    rules = current_rules()
    relevant = [a for a in activities if a.verb in rules.verbs]
    if len(relevant) > 1:
        # An import reads back the rows it added: never apply a row twice.
        done = set(
            Credit.objects.filter(activity_id__in=[a.pk for a in relevant]).values_list(
                "activity_id", flat=True
            )
        )
        relevant = [a for a in relevant if a.pk not in done]
    if not relevant:
        return set()
    state = DbState()
    touched: set[int] = set()
    with transaction.atomic():
        for activity in sorted(relevant, key=lambda a: a.pk):
            row = _row(activity)
            beneficiaries = {row.actor_id}
            for beneficiary in rules.tracked.get(row.verb, ()):
                if beneficiary != ACTOR:
                    value = engine.beneficiary_id(row, beneficiary)
                    if value is not None:
                        beneficiaries.add(value)
            _lock_members(beneficiaries, state)
            touched |= engine.process(row, rules, state)
        state.derived += levels_refresh(member_ids=sorted(touched), create=False)
        for event in state.derived:
            emit(event)
    return touched


_paused = threading.local()


@contextmanager
def engagement_paused() -> Iterator[None]:
    """Skip the incremental update (bulk seeding, imports followed by a recompute)."""
    previous = getattr(_paused, "on", False)
    _paused.on = True
    try:
        yield
    finally:
        _paused.on = previous


def on_activities_recorded(activities: list[Activity]) -> None:
    """The ledger's rows, in the transaction of the action that wrote them.

    Points, badges and levels are exact consequences of the action: a failure here raises, and
    the action is undone with it (nothing is half-counted).
    """
    if getattr(_paused, "on", False):
        return
    engagement_process(activities=activities)
