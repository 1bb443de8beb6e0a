"""What one ledger row means for points, badges and challenges, written once for two stores.

``process`` applies one ledger row to a ``State``. Two states implement the same questions:
``DbState`` answers with queries and writes at once (the incremental update, in the transaction
of the action), ``MemoryState`` answers from dictionaries while ``recompute`` replays the whole
ledger in id order, then writes everything in bulk. Since both run the same rules in the same
order, the rebuild equals the incremental result (a test checks it on generated histories).

Rules against gaming, all decided here:
- a member credited by their own action (liking their own post) gets nothing, and it counts for
  no badge;
- reciprocal likes: a like from B to A earns nothing when, in the ``RECIPROCAL_DAYS`` before it,
  B has already credited A at least ``RECIPROCAL_LIMIT`` times through the same rule and A has
  credited B at least as often (two members who keep liking each other back);
- a daily cap per rule (points earned from one rule in one day, withdrawn ones included, so that
  deleting and posting again does not refill the cap);
- content removed (deleted by its author or a moderator, or hidden on a flag) loses every credit
  it earned, likes and accepted answer included; a restore gives them back (but an accepted answer
  stays lost); a removal by someone other than the author is a moderation sanction (but a hide on
  a member's flag waits for a moderator);
- a like removed or an answer un-accepted withdraws what it earned.

Which verbs create, remove or restore content, which undo which and how they are matched, is
read from the event classes the apps declare (``ruche.core.events``: ``effect``, ``sanction``,
``lost_with_content``, ``undoes``, ``undo_match``, ``context_key``), never from verb names.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from django.utils import timezone

from ruche.core.events import Effect, Event, UndoMatch, all_event_types, find_event_type

from .conf import RECIPROCAL_DAYS, RECIPROCAL_LIMIT
from .models import (
    ACTOR,
    Badge,
    BadgeKind,
    BadgePeriod,
    Challenge,
    Period,
    PointRule,
    period_start,
    rule_key,
)


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _base_verb(key: str) -> str:
    """The verb of a credit key (``forum.like_given>author`` → ``forum.like_given``)."""
    return key.split(">")[0]


def _event_class(verb: str) -> type[Event] | None:
    return find_event_type(verb)


def verbs_that_change_credits() -> set[str]:
    """Verbs whose rows matter even when no rule names them: they withdraw, give back or undo
    what other rows earned (as their event classes declare)."""
    return {
        cls.name
        for cls in all_event_types()
        if cls.effect in (Effect.REMOVES, Effect.RESTORES) or cls.undoes is not None
    }


def context_of(cls: type[Event] | None, row: Row) -> str:
    """The context an undo by context matches on (an accepted answer's question): the payload
    field the class names, or, for rows recorded before that field existed, the target of an
    event that undoes by context (its target is the context)."""
    if cls is None or not cls.context_key:
        return ""
    value = row.payload.get(cls.context_key)
    if value is None and cls.undo_match == UndoMatch.CONTEXT and cls.undoes is not None:
        value = row.target_id
    if isinstance(value, bool) or not isinstance(value, int):
        return ""
    return f"{cls.context_key}:{value}"


@dataclass(frozen=True)
class PointSpec:
    key: str
    points: int
    daily_cap: int


@dataclass(frozen=True)
class BadgeSpec:
    id: int
    key: str
    count: int
    period: str
    condition: dict


@dataclass(frozen=True)
class ChallengeSpec:
    id: int
    key: str
    goal: int
    starts_at: datetime
    ends_at: datetime
    condition: dict
    segment_id: int | None
    min_level: int
    reward_badge_id: int | None
    reward_points: int

    @property
    def reward_key(self) -> str:
        return f"challenge:{self.id}"


@dataclass
class Rules:
    points: dict[str, PointSpec] = field(default_factory=dict)
    # verb → beneficiaries whose credits are kept (point rules, badges, challenges refer to them)
    tracked: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    badges: dict[str, list[BadgeSpec]] = field(default_factory=lambda: defaultdict(list))
    challenges: dict[str, list[ChallengeSpec]] = field(default_factory=lambda: defaultdict(list))

    def track(self, verb: str, beneficiary: str) -> None:
        self.tracked[verb].add(beneficiary)

    @property
    def verbs(self) -> set[str]:
        return set(self.tracked) | verbs_that_change_credits()


def load_rules() -> Rules:
    rules = Rules()
    for rule in PointRule.objects.filter(is_active=True):
        rules.points[rule.key] = PointSpec(rule.key, rule.points, rule.daily_cap)
        rules.track(rule.verb, rule.beneficiary)
    for badge in Badge.objects.filter(is_active=True, kind=BadgeKind.RULE).exclude(verb=""):
        rules.badges[badge.key].append(
            BadgeSpec(badge.pk, badge.key, max(1, badge.count), badge.period, badge.condition or {})
        )
        rules.track(badge.verb, badge.beneficiary)
    for challenge in Challenge.objects.all():
        rules.challenges[challenge.key].append(
            ChallengeSpec(
                id=challenge.pk,
                key=challenge.key,
                goal=max(1, challenge.goal),
                starts_at=challenge.starts_at,
                ends_at=challenge.ends_at,
                condition=challenge.condition or {},
                segment_id=challenge.segment_id,
                min_level=challenge.min_level,
                reward_badge_id=challenge.reward_badge_id,
                reward_points=challenge.reward_points,
            )
        )
        rules.track(challenge.verb, challenge.beneficiary)
    return rules


def matches(condition: dict, payload: dict) -> bool:
    return all(payload.get(name) == value for name, value in condition.items())


def bucket(period: str, day: date) -> tuple[date, date]:
    """The [start, end) days of the badge period that contains ``day``."""
    if period == BadgePeriod.ALL:
        return date(1970, 1, 1), date(9999, 1, 1)
    start = period_start(period, day)
    if period == BadgePeriod.WEEK:
        return start, start + timedelta(days=7)
    if period == BadgePeriod.MONTH:
        end = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
        return start, end
    return start, start.replace(year=start.year + 1)


SCORE_PERIODS = (Period.WEEK, Period.MONTH, Period.YEAR, Period.ALL)


def score_rows(member_id: int, day: date, area_id: int | None, points: int) -> list[tuple]:
    """The (member, period, start, area, points) rows a credit adds to."""
    areas = [0] if not area_id else [0, area_id]
    return [
        (member_id, period, period_start(period, day), area, points)
        for period in SCORE_PERIODS
        for area in areas
    ]


@dataclass(slots=True)
class Row:
    """One ledger row, as the engine reads it."""

    id: int
    actor_id: int
    verb: str
    target_type_id: int | None
    target_id: int | None
    space_id: int | None
    occurred_at: datetime
    payload: dict

    @property
    def target_key(self) -> str:
        return f"{self.target_type_id}:{self.target_id}" if self.target_id is not None else ""


@dataclass(slots=True, eq=False)
class CreditData:
    activity_id: int
    member_id: int
    from_member_id: int
    key: str
    points: int
    occurred_at: datetime
    day: date
    area_id: int | None
    target_key: str
    context_key: str
    valid: bool
    reason: str
    active: bool
    withdrawn: str
    payload: dict
    pk: int | None = None


class State(Protocol):
    def member_exists(self, member_id: int) -> bool: ...
    def area_of(self, row: Row) -> int | None: ...
    def credits_on_target(self, target_key: str) -> list[CreditData]: ...
    def credits_in_context(self, context_key: str) -> list[CreditData]: ...
    def points_today(self, member_id: int, key: str, day: date) -> int: ...
    def pair_count(
        self, member_id: int, from_id: int, key: str, since: datetime, until: datetime
    ) -> int: ...
    def badge_count(self, member_id: int, badge: BadgeSpec, start: date, end: date) -> int: ...
    def has_badge(self, member_id: int, badge_id: int) -> bool: ...
    def challenge_count(self, member_id: int, challenge: ChallengeSpec) -> int: ...
    def has_completed(self, member_id: int, challenge_id: int) -> bool: ...
    def segment_of(self, member_id: int) -> int | None: ...
    def level_of(self, member_id: int) -> int: ...
    def add_credit(self, credit: CreditData) -> None: ...
    def set_active(self, credit: CreditData, active: bool, withdrawn: str) -> None: ...
    def add_sanction(self, activity_id: int, member_id: int, occurred_at: datetime) -> None: ...
    def award_badge(self, member_id: int, badge_id: int, row: Row) -> None: ...
    def complete_challenge(self, member_id: int, challenge: ChallengeSpec, row: Row) -> None: ...


def beneficiary_id(row: Row, beneficiary: str) -> int | None:
    if beneficiary == ACTOR:
        return row.actor_id
    value = row.payload.get(beneficiary)
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    try:
        return int(value)
    except ValueError:
        return None


def process(row: Row, rules: Rules, state: State) -> set[int]:
    """Apply one ledger row; return the members whose points, badges or level may have moved.

    What a row does to earlier credits is read from its event class: a removal withdraws what
    the content earned (a sanction when someone else removed it, unless the class says it is
    no sanction), a restore gives it back, an undo withdraws the credits of the event it undoes.
    """
    touched: set[int] = set()
    cls = _event_class(row.verb)
    effect = cls.effect if cls is not None else Effect.NONE
    if effect == Effect.REMOVES and row.target_key:
        for credit in state.credits_on_target(row.target_key):
            created_by = _event_class(credit.key)  # None for a key with a beneficiary
            creation = (
                credit.from_member_id == credit.member_id
                and created_by is not None
                and created_by.effect == Effect.CREATES
            )
            if creation and cls.sanction and credit.member_id != row.actor_id and credit.valid:
                state.add_sanction(row.id, credit.member_id, row.occurred_at)
                touched.add(credit.member_id)
            if credit.active:
                earned_by = _event_class(_base_verb(credit.key))
                permanent = earned_by is not None and earned_by.lost_with_content
                state.set_active(credit, False, "undone" if permanent else "removed")
                touched.add(credit.member_id)
    elif effect == Effect.RESTORES and row.target_key:
        for credit in state.credits_on_target(row.target_key):
            if not credit.active and credit.withdrawn == "removed":
                state.set_active(credit, True, "")
                touched.add(credit.member_id)
    elif cls is not None and cls.undoes is not None and cls.undo_match == UndoMatch.TARGET:
        if row.target_key:
            undone = cls.undoes.name
            latest: dict[str, CreditData] = {}
            for credit in state.credits_on_target(row.target_key):
                if (
                    credit.active
                    and credit.from_member_id == row.actor_id
                    and _base_verb(credit.key) == undone
                    and (
                        credit.key not in latest
                        or credit.activity_id > latest[credit.key].activity_id
                    )
                ):
                    latest[credit.key] = credit
            for credit in latest.values():
                state.set_active(credit, False, "undone")
                touched.add(credit.member_id)
    elif cls is not None and cls.undoes is not None and cls.undo_match == UndoMatch.CONTEXT:
        context = context_of(cls, row)
        if context:
            undone = cls.undoes.name
            for credit in state.credits_in_context(context):
                if credit.active and _base_verb(credit.key) == undone:
                    state.set_active(credit, False, "undone")
                    touched.add(credit.member_id)

    for beneficiary in sorted(rules.tracked.get(row.verb, ())):
        member_id = beneficiary_id(row, beneficiary)
        if member_id is None or not state.member_exists(member_id):
            continue
        touched.add(member_id)
        _credit(row, rules, state, beneficiary, member_id)
    return touched


def _credit(row: Row, rules: Rules, state: State, beneficiary: str, member_id: int) -> None:
    key = rule_key(row.verb, beneficiary)
    spec = rules.points.get(key)
    day = local_day(row.occurred_at)
    valid, reason = True, ""
    if beneficiary != ACTOR and member_id == row.actor_id:
        valid, reason = False, "self"
    elif beneficiary != ACTOR:
        limit = RECIPROCAL_LIMIT.value
        since = row.occurred_at - timedelta(days=RECIPROCAL_DAYS.value)
        if (
            state.pair_count(member_id, row.actor_id, key, since, row.occurred_at) >= limit
            and state.pair_count(row.actor_id, member_id, key, since, row.occurred_at) >= limit
        ):
            valid, reason = False, "reciprocal"
    points = spec.points if (spec and valid) else 0
    if points > 0 and spec.daily_cap:
        left = max(0, spec.daily_cap - state.points_today(member_id, key, day))
        if left < points:
            points, reason = left, "cap"
    context = context_of(_event_class(row.verb), row)
    credit = CreditData(
        activity_id=row.id,
        member_id=member_id,
        from_member_id=row.actor_id,
        key=key,
        points=points,
        occurred_at=row.occurred_at,
        day=day,
        area_id=state.area_of(row),
        target_key=row.target_key,
        context_key=context,
        valid=valid,
        reason=reason,
        active=True,
        withdrawn="",
        payload=row.payload or {},
    )
    state.add_credit(credit)
    if not valid:
        return
    for badge in rules.badges.get(key, ()):
        if state.has_badge(member_id, badge.id) or not matches(badge.condition, credit.payload):
            continue
        start, end = bucket(badge.period, day)
        if state.badge_count(member_id, badge, start, end) >= badge.count:
            state.award_badge(member_id, badge.id, row)
    for challenge in rules.challenges.get(key, ()):
        if not (challenge.starts_at <= row.occurred_at < challenge.ends_at):
            continue
        if not matches(challenge.condition, credit.payload):
            continue
        if challenge.segment_id and state.segment_of(member_id) != challenge.segment_id:
            continue
        if challenge.min_level and state.level_of(member_id) < challenge.min_level:
            continue
        if state.has_completed(member_id, challenge.id):
            continue
        if state.challenge_count(member_id, challenge) >= challenge.goal:
            state.complete_challenge(member_id, challenge, row)


# --- The in-memory state of a full recompute --------------------------------------------------


class MemoryState:
    """Everything the rules ask, kept in dictionaries while the ledger is replayed in order."""

    def __init__(
        self,
        *,
        rules: Rules,
        member_ids: set[int],
        segments: dict[int, int | None],
        levels: dict[int, int],
        space_areas: dict[int, int | None],
    ) -> None:
        self.rules = rules
        self.member_ids = member_ids
        self.segments = segments
        self.levels = levels
        self.space_areas = space_areas
        self.credits: list[CreditData] = []
        self.by_target: dict[str, list[CreditData]] = defaultdict(list)
        self.by_context: dict[str, list[CreditData]] = defaultdict(list)
        self.day_points: dict[tuple[int, str, date], int] = defaultdict(int)
        self.pairs: dict[tuple[int, int, str], list[datetime]] = defaultdict(list)
        self.badge_counts: dict[tuple[int, int, date], int] = defaultdict(int)
        self.challenge_counts: dict[tuple[int, int], int] = defaultdict(int)
        self.badges: dict[tuple[int, int], Row] = {}
        self.completions: dict[tuple[int, int], Row] = {}
        self.sanctions: list[tuple[int, int, datetime]] = []
        self.badge_specs = {b.id: b for specs in rules.badges.values() for b in specs}

    def member_exists(self, member_id: int) -> bool:
        return member_id in self.member_ids

    def area_of(self, row: Row) -> int | None:
        area = row.payload.get("product_area")
        if isinstance(area, int) and not isinstance(area, bool):
            return area
        return self.space_areas.get(row.space_id) if row.space_id else None

    def credits_on_target(self, target_key: str) -> list[CreditData]:
        return list(self.by_target.get(target_key, ()))

    def credits_in_context(self, context_key: str) -> list[CreditData]:
        return list(self.by_context.get(context_key, ()))

    def points_today(self, member_id: int, key: str, day: date) -> int:
        return self.day_points.get((member_id, key, day), 0)

    def pair_count(
        self, member_id: int, from_id: int, key: str, since: datetime, until: datetime
    ) -> int:
        times = self.pairs.get((member_id, from_id, key))
        if not times:
            return 0
        return bisect.bisect_right(times, until) - bisect.bisect_left(times, since)

    def badge_count(self, member_id: int, badge: BadgeSpec, start: date, end: date) -> int:
        return self.badge_counts.get((member_id, badge.id, start), 0)

    def has_badge(self, member_id: int, badge_id: int) -> bool:
        return (member_id, badge_id) in self.badges

    def challenge_count(self, member_id: int, challenge: ChallengeSpec) -> int:
        return self.challenge_counts.get((member_id, challenge.id), 0)

    def has_completed(self, member_id: int, challenge_id: int) -> bool:
        return (member_id, challenge_id) in self.completions

    def segment_of(self, member_id: int) -> int | None:
        return self.segments.get(member_id)

    def level_of(self, member_id: int) -> int:
        return self.levels.get(member_id, 0)

    def _count(self, credit: CreditData, delta: int) -> None:
        """Keep the badge and challenge counters of valid credits in step with their state."""
        if not credit.valid:
            return
        for badge in self.rules.badges.get(credit.key, ()):
            if matches(badge.condition, credit.payload):
                start, _end = bucket(badge.period, credit.day)
                self.badge_counts[(credit.member_id, badge.id, start)] += delta
        for challenge in self.rules.challenges.get(credit.key, ()):
            if challenge.starts_at <= credit.occurred_at < challenge.ends_at and matches(
                challenge.condition, credit.payload
            ):
                self.challenge_counts[(credit.member_id, challenge.id)] += delta

    def add_credit(self, credit: CreditData) -> None:
        self.credits.append(credit)
        if credit.target_key:
            self.by_target[credit.target_key].append(credit)
        if credit.context_key:
            self.by_context[credit.context_key].append(credit)
        self.day_points[(credit.member_id, credit.key, credit.day)] += credit.points
        if credit.from_member_id != credit.member_id:
            bisect.insort(
                self.pairs[(credit.member_id, credit.from_member_id, credit.key)],
                credit.occurred_at,
            )
        if credit.active:
            self._count(credit, 1)

    def set_active(self, credit: CreditData, active: bool, withdrawn: str) -> None:
        if credit.active != active:
            self._count(credit, 1 if active else -1)
        credit.active = active
        credit.withdrawn = withdrawn

    def add_sanction(self, activity_id: int, member_id: int, occurred_at: datetime) -> None:
        self.sanctions.append((activity_id, member_id, occurred_at))

    def award_badge(self, member_id: int, badge_id: int, row: Row) -> None:
        self.badges[(member_id, badge_id)] = row

    def complete_challenge(self, member_id: int, challenge: ChallengeSpec, row: Row) -> None:
        self.completions[(member_id, challenge.id)] = row
        if challenge.reward_badge_id and not self.has_badge(member_id, challenge.reward_badge_id):
            self.award_badge(member_id, challenge.reward_badge_id, row)
        if challenge.reward_points:
            self.add_credit(reward_credit(member_id, challenge, row))


def reward_credit(member_id: int, challenge: ChallengeSpec, row: Row) -> CreditData:
    return CreditData(
        activity_id=row.id,
        member_id=member_id,
        from_member_id=member_id,
        key=challenge.reward_key,
        points=challenge.reward_points,
        occurred_at=row.occurred_at,
        day=local_day(row.occurred_at),
        area_id=None,
        target_key="",
        context_key="",
        valid=True,
        reason="",
        active=True,
        withdrawn="",
        payload={},
    )
