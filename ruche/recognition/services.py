"""Every write of recognition: the incremental update, the full recompute, badges, challenges,
welcome, privacy choices and ambassador invitations."""

from __future__ import annotations

import logging
import os
import threading
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import Segment, User
from ruche.activity.models import Activity
from ruche.activity.services import activity_record
from ruche.spaces.models import Space

from . import engine, levels, verbs
from .defaults import ensure_defaults
from .engine import BadgeSpec, ChallengeSpec, CreditData, Row, Rules
from .models import (
    ACTOR,
    Badge,
    BadgeAward,
    BadgeKind,
    BadgePeriod,
    Beneficiary,
    Challenge,
    ChallengeCompletion,
    Credit,
    MemberEngagement,
    Sanction,
    Score,
)
from .permissions import may_manage_recognition, may_welcome

logger = logging.getLogger(__name__)

# --- Rules, cached per process ------------------------------------------------------------------

_RULES_TTL = 60.0
_rules_cache: tuple[float, Rules] | None = None
_space_areas: dict[int, int | None] = {}


def rules_changed() -> None:
    """Forget the cached rules (called when a rule, badge or challenge is saved)."""
    global _rules_cache
    _rules_cache = None
    _space_areas.clear()


def current_rules() -> Rules:
    global _rules_cache
    now = time.monotonic()
    if _rules_cache is None or now - _rules_cache[0] > _RULES_TTL:
        _rules_cache = (now, engine.load_rules())
    return _rules_cache[1]


def _topic_type_id() -> int:
    from ruche.forum.models import Topic

    return ContentType.objects.get_for_model(Topic).pk


# --- Scores ----------------------------------------------------------------------------------


Listing = tuple[int | None, str, bool, bool]  # segment, country, shown, staff


def member_listings(member_ids: Iterable[int] | None) -> dict[int, Listing]:
    """What the leaderboards filter on, per member, in one query."""
    from django.db.models import Exists, OuterRef

    from ruche.accounts.roles import STAFF_ROLES

    users = User.objects.all()
    if member_ids is not None:
        users = users.filter(pk__in=list(member_ids))
    users = users.annotate(
        staff_role=Exists(
            User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name__in=STAFF_ROLES)
        ),
        hidden=Exists(MemberEngagement.objects.filter(member_id=OuterRef("pk"), show_points=False)),
    )
    return {
        pk: (segment_id, country or "", active and not hidden, superuser or staff_role)
        for pk, segment_id, country, active, superuser, staff_role, hidden in users.values_list(
            "pk", "segment_id", "country", "is_active", "is_superuser", "staff_role", "hidden"
        )
    }


def scores_relist(*, member_ids: Iterable[int]) -> None:
    """Copy the members' specialty, country, visibility and staff status to their scores."""
    for pk, (segment_id, country, shown, staff) in member_listings(member_ids).items():
        Score.objects.filter(member_id=pk).exclude(
            segment_id=segment_id, country=country, shown=shown, staff=staff
        ).update(segment_id=segment_id, country=country, shown=shown, staff=staff)


def _add_scores(rows: Iterable[tuple], listings: dict[int, Listing]) -> None:
    """Add points to score rows in one upsert (INSERT … ON CONFLICT DO UPDATE)."""
    totals: dict[tuple, int] = defaultdict(int)
    for member_id, period, start, area_id, points in rows:
        totals[(member_id, period, start, area_id)] += points
    values = [(*key, points) for key, points in totals.items() if points]
    if not values:
        return
    table = connection.ops.quote_name(Score._meta.db_table)
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(values))
    sql = (
        f"INSERT INTO {table} (member_id, period, start, area_id, points, "  # noqa: S608
        f"segment_id, country, shown, staff) VALUES {placeholders} "
        f"ON CONFLICT (member_id, period, start, area_id) "
        f"DO UPDATE SET points = {table}.points + excluded.points"
    )
    adapt = connection.ops.adapt_datefield_value
    params = []
    for member_id, period, start, area_id, points in values:
        segment_id, country, shown, staff = listings.get(member_id, (None, "", True, False))
        params += [member_id, period, adapt(start), area_id, points, segment_id, country]
        params += [shown, staff]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


# --- The incremental update --------------------------------------------------------------------


@dataclass
class Event:
    kind: str  # "badge", "level", "challenge"
    member_id: int
    data: dict


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
    """The rules' questions answered by queries; every change written at once."""

    def __init__(self) -> None:
        self.events: list[Event] = []
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
        if row.space_id not in _space_areas:
            _space_areas[row.space_id] = (
                Space.objects.filter(pk=row.space_id)
                .values_list("product_area_id", flat=True)
                .first()
            )
        return _space_areas[row.space_id]

    def topic_type_id(self) -> int:
        return _topic_type_id()

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
            _add_scores(
                engine.score_rows(credit.member_id, credit.day, credit.area_id, credit.points),
                self.listing(credit.member_id),
            )

    def set_active(self, credit: CreditData, active: bool, withdrawn: str) -> None:
        Credit.objects.filter(pk=credit.pk).update(active=active, withdrawn=withdrawn)
        if credit.points and credit.active != active:
            sign = 1 if active else -1
            _add_scores(
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
        if not Badge.objects.filter(pk=badge_id).exists():
            return  # deleted since the rules were cached in this process
        _award, created = BadgeAward.objects.get_or_create(
            badge_id=badge_id,
            member_id=member_id,
            defaults={"awarded_at": row.occurred_at, "activity_id": row.id},
        )
        self._badges.setdefault(member_id, set()).add(badge_id)
        if created:
            self.events.append(Event("badge", member_id, {"badge": badge_id}))

    def complete_challenge(self, member_id: int, challenge: ChallengeSpec, row: Row) -> None:
        if not Challenge.objects.filter(pk=challenge.id).exists():
            return
        ChallengeCompletion.objects.create(
            challenge_id=challenge.id,
            member_id=member_id,
            completed_at=row.occurred_at,
            activity_id=row.id,
        )
        self.events.append(Event("challenge", member_id, {"challenge": challenge.id}))
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

    Called for every row ``activity_record`` and ``activity_import`` write. Returns the members
    whose points, badges or level may have changed. Notifications go out after commit.
    """
    rules = current_rules()
    state = DbState()
    for activity in activities:
        if activity.verb == "member.joined":
            # The welcome message (never for rows imported from elsewhere).
            state.events.append(Event("welcome", activity.actor_id, {}))
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
        _notify_after_commit(state.events)
        return set()
    touched: set[int] = set()
    with transaction.atomic():
        for activity in sorted(relevant, key=lambda a: a.pk):
            row = _row(activity)
            beneficiaries = {row.actor_id}
            for beneficiary in rules.tracked.get(row.verb, ()):
                if beneficiary != ACTOR:
                    value = engine._beneficiary_id(row, beneficiary)
                    if value is not None:
                        beneficiaries.add(value)
            _lock_members(beneficiaries, state)
            touched |= engine.process(row, rules, state)
        state.events += levels_refresh(member_ids=sorted(touched), create=False)
    if state.events:
        _notify_after_commit(state.events)
    return touched


# Tests set this to see failures instead of logs.
STRICT = bool(os.environ.get("RUCHE_RECOGNITION_STRICT"))


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
    """Ledger listener: a failure here is logged and never undoes the member's action."""
    if getattr(_paused, "on", False):
        return
    try:
        with transaction.atomic():
            engagement_process(activities=activities)
    except Exception:
        if STRICT:
            raise
        logger.exception("Recognition could not process ledger rows %s", [a.pk for a in activities])


def levels_refresh(
    *, member_ids: list[int] | None, now: datetime | None = None, create: bool = True
) -> list[Event]:
    """Set the level of these members (None: every member with engagement) from their
    statistics now; returns promotion and demotion events."""
    now = now or timezone.now()
    engagements = MemberEngagement.objects.all()
    if member_ids is not None:
        if create:
            existing = set(User.objects.filter(pk__in=member_ids).values_list("pk", flat=True))
            MemberEngagement.objects.bulk_create(
                [MemberEngagement(member_id=pk) for pk in member_ids if pk in existing],
                ignore_conflicts=True,
            )
        engagements = engagements.filter(member_id__in=member_ids)
    current = list(engagements.only("member_id", "level", "level_since"))
    if member_ids is None:
        stats = levels.member_stats(None, now=now)
        new_levels = {e.member_id: levels.level_from(stats, e.member_id) for e in current}
    else:
        new_levels = levels.levels_of([e.member_id for e in current], now=now)
    events = []
    changed = []
    for engagement in current:
        new = new_levels[engagement.member_id]
        if new != engagement.level:
            events.append(
                Event("level", engagement.member_id, {"old": engagement.level, "new": new})
            )
            engagement.level = new
            engagement.level_since = now
            changed.append(engagement)
    MemberEngagement.objects.bulk_update(changed, ["level", "level_since"], batch_size=2000)
    return events


def anniversaries_award(*, member_ids: list[int] | None = None, now: datetime | None = None) -> int:
    """Give anniversary badges to members who joined long enough ago (dated on the day)."""
    now = now or timezone.now()
    created = 0
    for badge in Badge.objects.filter(kind=BadgeKind.ANNIVERSARY, is_active=True, years__gt=0):
        cutoff = now - timedelta(days=365 * badge.years)
        members = User.objects.filter(date_joined__lte=cutoff).exclude(badge_awards__badge=badge)
        if member_ids is not None:
            members = members.filter(pk__in=member_ids)
        awards = [
            BadgeAward(
                badge=badge,
                member_id=pk,
                awarded_at=joined + timedelta(days=365 * badge.years),
            )
            for pk, joined in members.values_list("pk", "date_joined")
        ]
        BadgeAward.objects.bulk_create(awards, batch_size=2000, ignore_conflicts=True)
        created += len(awards)
    return created


def engagement_refresh(*, now: datetime | None = None) -> dict[str, int]:
    """What time alone changes: levels with a window (inactivity demotes), anniversaries.

    Run daily (Celery beat) and at the end of a recompute.
    """
    events = levels_refresh(member_ids=None, now=now)
    _notify_after_commit(events)
    return {"level_changes": len(events), "anniversaries": anniversaries_award(now=now)}


def _notify_after_commit(events: list[Event]) -> None:
    from .tasks import notify_recognition

    payload = [{"kind": e.kind, "member_id": e.member_id, "data": e.data} for e in events]
    if not payload:
        return

    def send() -> None:
        try:
            notify_recognition.delay(events=payload)
        except Exception:
            logger.exception("Could not queue recognition notifications")

    transaction.on_commit(send)


# --- The full recompute --------------------------------------------------------------------------


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
        topic_type_id=_topic_type_id(),
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
        score_count = _write_scores(scores, member_listings(None))
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
        import json

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


def _write_scores(rows: list[tuple], listings: dict[int, Listing]) -> int:
    totals: dict[tuple, int] = defaultdict(int)
    for member_id, period, start, area_id, points in rows:
        totals[(member_id, period, start, area_id)] += points
    scores = []
    for (member_id, period, start, area_id), points in totals.items():
        if not points:
            continue
        segment_id, country, shown, staff = listings.get(member_id, (None, "", True, False))
        scores.append(
            Score(
                member_id=member_id,
                period=period,
                start=start,
                area_id=area_id,
                points=points,
                segment_id=segment_id,
                country=country,
                shown=shown,
                staff=staff,
            )
        )
    Score.objects.bulk_create(scores, batch_size=5000)
    return len(scores)


# --- Badges ------------------------------------------------------------------------------------


def badge_grant(*, badge: Badge, member: User, granted_by: User, reason: str) -> BadgeAward:
    """Give a badge by hand, with a reason; it is kept through every recompute."""
    if not may_manage_recognition(granted_by):
        raise PermissionDenied
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say why this member receives the badge.")
    elif len(reason) > 300:
        errors["reason"] = _("At most 300 characters.")
    if BadgeAward.objects.filter(badge=badge, member=member).exists():
        errors["member"] = _("This member already has this badge.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        award = BadgeAward.objects.create(
            badge=badge, member=member, granted_by=granted_by, reason=reason
        )
        activity_record(
            actor=granted_by,
            verb=verbs.BADGE_GRANTED.name,
            target=member,
            payload={"badge": badge.slug, "member": member.pk},
        )
        _notify_after_commit([Event("badge", member.pk, {"badge": badge.pk})])
    return award


def badge_save(
    *,
    actor: User,
    badge: Badge | None = None,
    slug: str,
    names: dict,
    descriptions: dict | None = None,
    tier: str,
    kind: str,
    verb: str = "",
    beneficiary: str = ACTOR,
    count: int = 1,
    period: str = BadgePeriod.ALL,
    condition: dict | None = None,
    years: int = 0,
) -> Badge:
    """Create or edit a badge from a rule, without code. Earned from the next action on."""
    if not may_manage_recognition(actor):
        raise PermissionDenied
    badge = badge or Badge()
    badge.slug, badge.names, badge.descriptions = slug, names, descriptions or {}
    badge.tier, badge.kind, badge.verb, badge.beneficiary = tier, kind, verb, beneficiary
    badge.count, badge.period, badge.condition, badge.years = count, period, condition or {}, years
    errors = {}
    if kind == BadgeKind.RULE and not verb:
        errors["verb"] = _("A rule badge needs an action.")
    if kind == BadgeKind.ANNIVERSARY and years < 1:
        errors["years"] = _("An anniversary is at least one year.")
    if not isinstance(badge.condition, dict):
        errors["condition"] = _("The condition is an object of detail → value.")
    if errors:
        raise ValidationError(errors)
    badge.full_clean()
    badge.save()
    rules_changed()
    return badge


# --- Challenges ----------------------------------------------------------------------------------


def challenge_create(
    *,
    actor: User,
    title: str,
    description: str = "",
    verb: str,
    beneficiary: str = ACTOR,
    condition: dict | None = None,
    goal: int,
    starts_at: datetime,
    ends_at: datetime,
    segment: Segment | None = None,
    min_level: int = 0,
    reward_badge: Badge | None = None,
    reward_points: int = 0,
) -> Challenge:
    if not may_manage_recognition(actor):
        raise PermissionDenied
    from ruche.activity import registry

    errors = {}
    if not title.strip() or len(title) > 120:
        errors["title"] = _("A title of 1 to 120 characters is required.")
    if registry.find(verb) is None and not verb.startswith("ideas."):
        errors["verb"] = _("Unknown action.")
    if beneficiary not in Beneficiary.values:
        errors["beneficiary"] = _("Unknown choice.")
    if goal < 1:
        errors["goal"] = _("The goal is at least 1.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("The end must come after the start.")
    if not (0 <= min_level <= levels.top_level()):
        errors["min_level"] = _("Unknown level.")
    if reward_points < 0:
        errors["reward_points"] = _("Points cannot be negative.")
    if condition is not None and not isinstance(condition, dict):
        errors["condition"] = _("The condition is an object of detail → value.")
    if errors:
        raise ValidationError(errors)
    challenge = Challenge.objects.create(
        title=title.strip(),
        description=description.strip(),
        verb=verb,
        beneficiary=beneficiary,
        condition=condition or {},
        goal=goal,
        starts_at=starts_at,
        ends_at=ends_at,
        segment=segment,
        min_level=min_level,
        reward_badge=reward_badge,
        reward_points=reward_points,
        created_by=actor,
    )
    rules_changed()
    return challenge


# --- Welcome, onboarding, visits -----------------------------------------------------------------


def newcomer_welcome(*, welcomer: User, newcomer: User) -> bool:
    """Welcome a newcomer (once per welcomer and newcomer): a ledger verb that earns a badge."""
    if not may_welcome(welcomer, newcomer.pk):
        raise PermissionDenied
    from .selectors import is_newcomer_member

    if not is_newcomer_member(newcomer):
        raise ValidationError({"member": _("This member is no longer a newcomer.")})
    key = f"welcome:{welcomer.pk}:{newcomer.pk}"
    before = Activity.objects.filter(source="ruche", idempotency_key=key).exists()
    activity_record(
        actor=welcomer,
        verb=verbs.NEWCOMER_WELCOMED.name,
        target=newcomer,
        payload={"member": newcomer.pk},
        idempotency_key=key,
    )
    return not before


def guidelines_read(*, member: User) -> None:
    if not member.is_authenticated:
        raise PermissionDenied
    activity_record(
        actor=member,
        verb=verbs.GUIDELINES_READ.name,
        idempotency_key=f"guidelines:{member.pk}",
    )


def visit_record(*, member: User, day: date) -> None:
    """A day visited, at most once a day per member (the idempotency key decides)."""
    activity_record(
        actor=member,
        verb=verbs.VISITED.name,
        payload={"day": day.isoformat()},
        idempotency_key=f"visit:{member.pk}:{day.isoformat()}",
    )


def topic_read_record(*, member: User, topic_id: int) -> None:
    from ruche.forum.models import Topic

    topic = Topic.objects.filter(pk=topic_id).only("pk", "space_id").first()
    if topic is None:
        return
    activity_record(
        actor=member,
        verb=verbs.TOPIC_READ.name,
        target=topic,
        idempotency_key=f"read:{member.pk}:{topic_id}",
    )


def welcome_newcomer_notify(*, member: User) -> None:
    """The welcome message: a notification pointing to the onboarding checklist."""
    _notify_after_commit([Event("welcome", member.pk, {})])


# --- Profiles and featured members ---------------------------------------------------------------


def privacy_set(
    *, member: User, show_points: bool, show_badges: bool, show_activity: bool
) -> MemberEngagement:
    engagement, _created = MemberEngagement.objects.get_or_create(member=member)
    engagement.show_points = show_points
    engagement.show_badges = show_badges
    engagement.show_activity = show_activity
    engagement.save(update_fields=["show_points", "show_badges", "show_activity"])
    scores_relist(member_ids=[member.pk])
    return engagement


def member_feature(
    *, actor: User, member: User, featured: bool, note: str = ""
) -> MemberEngagement:
    if not may_manage_recognition(actor):
        raise PermissionDenied
    if len(note) > 200:
        raise ValidationError({"note": _("At most 200 characters.")})
    engagement, _created = MemberEngagement.objects.get_or_create(member=member)
    engagement.featured = featured
    engagement.featured_note = note.strip() if featured else ""
    engagement.save(update_fields=["featured", "featured_note"])
    return engagement


# --- Ambassador candidates ---------------------------------------------------------------------


def ambassador_invite(*, actor: User, member: User) -> None:
    """Invite a candidate to the ambassador programme: until the programmes exist, the
    invitation grants the ambassador role (through the accounts service that records it)."""
    from ruche.accounts.roles import Role

    if not actor.may_manage_members:
        raise PermissionDenied
    if member.has_role(Role.AMBASSADOR):
        raise ValidationError({"member": _("This member is already an ambassador.")})
    if member.is_staff_member:
        raise ValidationError({"member": _("Staff cannot be ambassadors.")})
    from ruche.accounts.services import member_grant_role

    member_grant_role(member=member, role=Role.AMBASSADOR, actor=actor)
