"""Recognition in the demo: points, levels and badges recomputed from the demo's ledger, a
running challenge, a badge granted by hand, featured members."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from ruche.accounts.models import User
from ruche.recognition.defaults import ensure_defaults
from ruche.recognition.models import Badge, BadgeAward, Challenge, MemberEngagement, Tier
from ruche.recognition.services import engagement_recompute, rules_changed

from . import data


@dataclass
class RecognitionResult:
    credits: int
    badges: int
    seconds: float


def recognition_seed(*, now: datetime | None = None) -> RecognitionResult:
    """Seed the recognition demo (inside the caller's transaction), then recompute everything
    from the ledger, which the demo filled with bulk inserts the incremental update never saw."""
    now = now or timezone.now()
    ensure_defaults()
    manager = User.objects.get(email=f"community@{data.COMPANY_DOMAIN}")
    helper_badge = Badge.objects.get(slug="helper-10")
    november = Badge.objects.get_or_create(
        slug="month-helper",
        defaults={
            "names": {"en": "Helper of the month", "fr": "Entraidant·e du mois"},
            "descriptions": {
                "en": "Answered five questions during the monthly challenge.",
                "fr": "A répondu à cinq questions pendant le défi du mois.",
            },
            "tier": Tier.SILVER,
            "kind": "manual",
        },
    )[0]
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    Challenge.objects.get_or_create(
        title="Answer five questions this month",
        defaults={
            "description": (
                "Five replies to questions this month earn the “Helper of the month” badge "
                "and 30 points. / Cinq réponses à des questions ce mois-ci : le badge "
                "« Entraidant·e du mois » et 30 points."
            ),
            "verb": "forum.reply_created",
            "goal": 5,
            "starts_at": start,
            "ends_at": (start + timedelta(days=32)).replace(day=1),
            "reward_badge": november,
            "reward_points": 30,
            "created_by": manager,
        },
    )
    rules_changed()
    result = engagement_recompute()
    # A badge granted by hand, kept through every recompute.
    ambassador = User.objects.get(email=f"ambassador@{data.COMPANY_DOMAIN}")
    recognised = Badge.objects.get(slug="recognised")
    BadgeAward.objects.get_or_create(
        badge=recognised,
        member=ambassador,
        defaults={
            "granted_by": manager,
            "reason": "Ran the teleconsultation beta feedback sessions in Lyon.",
            "awarded_at": now - timedelta(days=20),
        },
    )
    # The spotlight: the two members with the most accepted answers, and the ambassador.
    top = list(
        User.objects.filter(badge_awards__badge=helper_badge)
        .exclude(groups__name__in=["administrator", "community_manager", "moderator"])
        .values_list("pk", flat=True)[:2]
    )
    for pk in [ambassador.pk, *top]:
        MemberEngagement.objects.update_or_create(
            member_id=pk,
            defaults={
                "featured": True,
                "featured_note": "Always there to help colleagues with the agenda.",
            },
        )
    return RecognitionResult(credits=result.credits, badges=result.badges, seconds=result.seconds)


def recognition_seed_large() -> RecognitionResult:
    """The benchmark volumes: points, levels and badges recomputed from the whole ledger."""
    ensure_defaults()
    result = engagement_recompute()
    return RecognitionResult(credits=result.credits, badges=result.badges, seconds=result.seconds)
