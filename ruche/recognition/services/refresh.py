"""What time alone changes: levels with a window (inactivity demotes), anniversaries."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from ruche.accounts.models import User
from ruche.core.events import emit

from .. import levels, verbs
from ..models import Badge, BadgeAward, BadgeKind, MemberEngagement
from ..verbs import LevelChanged


def levels_refresh(
    *, member_ids: list[int] | None, now: datetime | None = None, create: bool = True
) -> list[LevelChanged]:
    """Set the level of these members (None: every member with engagement) from their
    statistics now; returns the promotions and demotions, for the caller to emit."""
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
                verbs.level_changed(member_id=engagement.member_id, old=engagement.level, new=new)
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

    Run daily (Celery beat); members hear of their new level (notifications hear the events).
    """
    with transaction.atomic():
        events = levels_refresh(member_ids=None, now=now)
        for event in events:
            emit(event)
    return {"level_changes": len(events), "anniversaries": anniversaries_award(now=now)}
