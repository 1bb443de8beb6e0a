"""The shapes of recognition's JSON API, and how the selectors' results fill them."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from ruche.accounts.models import User
from ruche.core.schemas import MemberRef, member_ref

from .models import Badge, BadgeAward, BadgeKind, BadgePeriod, Beneficiary, Period, Tier
from .selectors import BoardRow, Candidate, ChallengeProgress, Summary


class CriterionOut(Schema):
    stat: str
    label: str
    required: int


class LevelOut(Schema):
    number: int
    name: str
    window_days: int | None
    criteria: list[CriterionOut]


class ProgressItemOut(Schema):
    stat: str
    label: str
    value: int
    required: int
    done: bool
    percent: int


class NextLevelOut(Schema):
    level: int
    name: str
    window_days: int | None
    percent: int
    criteria: list[ProgressItemOut]


class BadgeOut(Schema):
    slug: str
    name: str
    description: str
    tier: str
    kind: str
    verb: str
    beneficiary: str
    count: int
    period: str
    condition: dict
    years: int
    holders: int | None = None


class AwardOut(Schema):
    badge: str
    name: str
    tier: str
    awarded_at: datetime
    by_hand: bool
    reason: str


class StepOut(Schema):
    slug: str
    label: str
    done: bool
    url: str


class SummaryOut(Schema):
    member: MemberRef
    level: int | None
    level_name: str | None
    points: int | None
    points_month: int | None
    points_year: int | None
    accepted_answers: int | None
    ideas: int | None
    events: int | None
    badges: list[AwardOut] | None
    featured: bool
    is_ambassador: bool


class MeOut(SummaryOut):
    next_level: NextLevelOut | None
    onboarding: list[StepOut]
    month_rank: int | None
    show_points: bool
    show_badges: bool
    show_activity: bool


class PrivacyIn(Schema):
    show_points: bool
    show_badges: bool
    show_activity: bool


class BoardRowOut(Schema):
    rank: int
    member: MemberRef
    points: int


class BoardOut(Schema):
    period: str
    start: date
    has_next: bool
    offset: int
    limit: int
    rows: list[BoardRowOut]
    own: BoardRowOut | None = Field(description="Your own rank, even far below the page.")


class BoardQuery(Schema):
    period: Period = Period.MONTH
    area: int = 0
    segment: int | None = None
    country: str | None = Field(None, max_length=2)
    include_staff: bool = False
    offset: int = Field(0, ge=0)
    limit: int = Field(25, ge=1, le=100)


class HolderOut(Schema):
    member: MemberRef
    awarded_at: datetime
    by_hand: bool
    reason: str


class BadgeDetailOut(BadgeOut):
    holders_page: list[HolderOut]


class BadgeIn(Schema):
    slug: str = Field(max_length=60, pattern=r"^[-a-z0-9_]+$")
    names: dict[str, str]
    descriptions: dict[str, str] = {}
    tier: Tier = Tier.BRONZE
    kind: BadgeKind = BadgeKind.RULE
    verb: str = Field("", max_length=64)
    beneficiary: Beneficiary = Beneficiary.ACTOR
    count: int = Field(1, ge=1, le=1_000_000)
    period: BadgePeriod = BadgePeriod.ALL
    condition: dict = {}
    years: int = Field(0, ge=0, le=100)


class GrantIn(Schema):
    member_id: int
    reason: str = Field(max_length=300)


class ChallengeOut(Schema):
    id: int
    title: str
    description: str
    verb: str
    beneficiary: str
    condition: dict
    goal: int
    starts_at: datetime
    ends_at: datetime
    segment_id: int | None
    min_level: int
    reward_badge: str | None
    reward_points: int
    progress: int | None
    completed: bool | None
    eligible: bool | None


class ChallengeIn(Schema):
    title: str = Field(max_length=120)
    description: str = ""
    verb: str = Field(max_length=64)
    beneficiary: Beneficiary = Beneficiary.ACTOR
    condition: dict = {}
    goal: int = Field(ge=1, le=100_000)
    starts_at: datetime
    ends_at: datetime
    segment_id: int | None = None
    min_level: int = Field(0, ge=0)
    reward_badge: str | None = None
    reward_points: int = Field(0, ge=0, le=100_000)


class CandidateOut(Schema):
    member: MemberRef
    segment: str | None
    country: str
    points: int
    accepted_answers: int
    likes_received: int
    distinct_likers: int
    replies: int
    active_days: int
    reasons: list[str]
    is_ambassador: bool


class CandidateQuery(Schema):
    days: int = Field(90, ge=7, le=730)
    min_per_segment: int = Field(2, ge=0, le=20)
    min_per_country: int = Field(1, ge=0, le=20)


class PointRuleOut(Schema):
    id: int
    verb: str
    beneficiary: str
    points: int
    daily_cap: int
    is_active: bool


class PointRuleIn(Schema):
    points: int = Field(ge=-1000, le=1000)
    daily_cap: int = Field(0, ge=0, le=100_000)
    is_active: bool = True


class DoneOut(Schema):
    done: bool


# --- Out of the selectors' results ----------------------------------------------------------------


def badge_out(badge: Badge, holders: int | None = None) -> dict:
    return {
        "slug": badge.slug,
        "name": badge.name,
        "description": badge.description,
        "tier": badge.tier,
        "kind": badge.kind,
        "verb": badge.verb,
        "beneficiary": badge.beneficiary,
        "count": badge.count,
        "period": badge.period,
        "condition": badge.condition,
        "years": badge.years,
        "holders": holders,
    }


def summary_out(summary: Summary) -> dict:
    points = summary.show_points
    activity = summary.show_activity
    return {
        "member": member_ref(summary.member),
        "level": summary.level if points else None,
        "level_name": summary.level_name if points else None,
        "points": summary.points if points else None,
        "points_month": summary.points_month if points else None,
        "points_year": summary.points_year if points else None,
        "accepted_answers": summary.accepted_answers if activity else None,
        "ideas": summary.ideas if activity else None,
        "events": summary.events if activity else None,
        "badges": [
            {
                "badge": award.badge.slug,
                "name": award.badge.name,
                "tier": award.badge.tier,
                "awarded_at": award.awarded_at,
                "by_hand": award.by_hand,
                "reason": award.reason,
            }
            for award in summary.badges
        ]
        if summary.show_badges
        else None,
        "featured": summary.featured,
        "is_ambassador": summary.is_ambassador,
    }


def challenge_out(progress: ChallengeProgress, member: User | None) -> dict:
    challenge = progress.challenge
    signed_in = member is not None and member.is_authenticated
    return {
        "id": challenge.pk,
        "title": challenge.title,
        "description": challenge.description,
        "verb": challenge.verb,
        "beneficiary": challenge.beneficiary,
        "condition": challenge.condition,
        "goal": challenge.goal,
        "starts_at": challenge.starts_at,
        "ends_at": challenge.ends_at,
        "segment_id": challenge.segment_id,
        "min_level": challenge.min_level,
        "reward_badge": challenge.reward_badge.slug if challenge.reward_badge else None,
        "reward_points": challenge.reward_points,
        "progress": progress.count if signed_in else None,
        "completed": progress.done if signed_in else None,
        "eligible": progress.eligible if signed_in else None,
    }


def board_row_out(row: BoardRow) -> dict:
    return {"rank": row.rank, "member": member_ref(row.member), "points": row.points}


def holder_out(award: BadgeAward) -> dict:
    return {
        "member": member_ref(award.member),
        "awarded_at": award.awarded_at,
        "by_hand": award.by_hand,
        "reason": award.reason,
    }


def candidate_out(candidate: Candidate) -> dict:
    member = candidate.member
    return {
        "member": member_ref(member),
        "segment": member.segment.slug if member.segment else None,
        "country": member.country.code or "",
        "points": candidate.points,
        "accepted_answers": candidate.accepted_answers,
        "likes_received": candidate.likes_received,
        "distinct_likers": candidate.distinct_likers,
        "replies": candidate.replies,
        "active_days": candidate.active_days,
        "reasons": candidate.reasons,
        "is_ambassador": candidate.is_ambassador,
    }
