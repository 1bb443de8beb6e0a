"""Recognition's JSON API: levels, points, leaderboards, badges, challenges, welcome, candidates.

Thin handlers: reads through the selectors, writes through the services (422 with field and
reason for bad input, 403 for staff things asked by members, 404 for what may not be seen).
"""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from ruche.accounts.models import Segment, User
from ruche.api import ANYONE, ErrorOut
from ruche.core.permissions import check_see
from ruche.core.schemas import MemberRef, member_ref

from . import levels, selectors, services
from .models import Badge, BadgeKind, BadgePeriod, Beneficiary, Challenge, Period, PointRule, Tier
from .permissions import may_manage_recognition, may_see_candidates

router = Router(tags=["recognition"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# --- Schemas ------------------------------------------------------------------------------------


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


# --- Helpers --------------------------------------------------------------------------------------


def _badge_out(badge: Badge, holders: int | None = None) -> dict:
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


def _summary_out(summary: selectors.Summary) -> dict:
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


def _challenge_out(progress: selectors.ChallengeProgress, member: User | None) -> dict:
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


def _check_manager(user) -> None:
    if not may_manage_recognition(user):
        raise PermissionDenied


# --- Levels and members -------------------------------------------------------------------------


@router.get("/recognition/levels", response={200: list[LevelOut], **ERRORS}, auth=ANYONE)
def level_list(request):
    """The levels, from newcomer up, with the criteria that open each one."""
    return [
        {
            "number": level.number,
            "name": level.name,
            "window_days": level.window_days,
            "criteria": [
                {"stat": stat, "label": str(levels.STAT_LABELS.get(stat, stat)), "required": n}
                for stat, n in level.criteria.items()
            ],
        }
        for level in levels.levels()
    ]


@router.get("/recognition/me", response={200: MeOut, **ERRORS})
def me(request):
    """Your level, what you need for the next one, points, badges, first steps, rank."""
    summary = selectors.member_summary(member=request.user, viewer=request.user, with_progress=True)
    board = selectors.leaderboard(viewer=request.user, period=Period.MONTH, limit=1)
    out = _summary_out(summary)
    out.update(
        next_level=summary.next_level,
        onboarding=[vars(step) for step in selectors.onboarding(member=request.user)],
        month_rank=board.own.rank if board.own else None,
        show_points=summary.show_points,
        show_badges=summary.show_badges,
        show_activity=summary.show_activity,
    )
    # Your own choices, not what others see.
    engagement = request.user.engagement if hasattr(request.user, "engagement") else None
    if engagement is not None:
        out.update(
            show_points=engagement.show_points,
            show_badges=engagement.show_badges,
            show_activity=engagement.show_activity,
        )
    return out


@router.put("/recognition/me/privacy", response={200: PrivacyIn, **ERRORS})
def privacy_set(request, body: PrivacyIn):
    """What others see of your recognition (your profile's visibility is set in accounts)."""
    engagement = services.privacy_set(member=request.user, **body.dict())
    return {
        "show_points": engagement.show_points,
        "show_badges": engagement.show_badges,
        "show_activity": engagement.show_activity,
    }


@router.get("/recognition/members/{member_id}", response={200: SummaryOut, **ERRORS}, auth=ANYONE)
def member_summary(request, member_id: int):
    """A member's level, points, badges and contributions, as far as they show them."""
    member = get_object_or_404(User.objects.prefetch_related("groups"), pk=member_id)
    check_see(request.user, member)
    return _summary_out(selectors.member_summary(member=member, viewer=request.user))


# --- Leaderboards -------------------------------------------------------------------------------


@router.get("/recognition/leaderboard", response={200: BoardOut, **ERRORS}, auth=ANYONE)
def leaderboard(request, query: Query[BoardQuery]):
    """Members by points for a period, overall or per product area, specialty or country.

    Staff are left out unless ``include_staff``; your own rank comes with every page."""
    board = selectors.leaderboard(
        viewer=request.user,
        period=query.period,
        area_id=query.area,
        segment_id=query.segment,
        country=(query.country or "").upper() or None,
        include_staff=query.include_staff,
        offset=query.offset,
        limit=query.limit,
    )

    def row(r):
        return {"rank": r.rank, "member": member_ref(r.member), "points": r.points}

    return {
        "period": board.period,
        "start": board.start,
        "has_next": board.has_next,
        "offset": board.offset,
        "limit": board.limit,
        "rows": [row(r) for r in board.rows],
        "own": row(board.own) if board.own else None,
    }


# --- Badges -------------------------------------------------------------------------------------


@router.get("/recognition/badges", response={200: list[BadgeOut], **ERRORS}, auth=ANYONE)
def badge_list(request):
    return [_badge_out(badge, badge.holders) for badge in selectors.badge_list()]


@router.get("/recognition/badges/{slug}", response={200: BadgeDetailOut, **ERRORS}, auth=ANYONE)
def badge_detail(request, slug: str, offset: int = 0):
    badge = get_object_or_404(Badge, slug=slug, is_active=True)
    holders, total = selectors.badge_holders(badge=badge, offset=max(0, offset), limit=50)
    out = _badge_out(badge, total)
    out["holders_page"] = [
        {
            "member": member_ref(award.member),
            "awarded_at": award.awarded_at,
            "by_hand": award.by_hand,
            "reason": award.reason,
        }
        for award in holders
    ]
    return out


@router.post("/recognition/badges", response={201: BadgeOut, **ERRORS})
def badge_create(request, body: BadgeIn):
    """Create a badge from a rule (administrators and community managers)."""
    _check_manager(request.user)
    if Badge.objects.filter(slug=body.slug).exists():
        raise ValidationError({"slug": _("This identifier is taken.")})
    badge = services.badge_save(actor=request.user, **body.dict())
    return Status(201, _badge_out(badge))


@router.put("/recognition/badges/{slug}", response={200: BadgeOut, **ERRORS})
def badge_edit(request, slug: str, body: BadgeIn):
    _check_manager(request.user)
    badge = get_object_or_404(Badge, slug=slug)
    data = body.dict()
    if data["slug"] != slug and Badge.objects.filter(slug=data["slug"]).exists():
        raise ValidationError({"slug": _("This identifier is taken.")})
    return _badge_out(services.badge_save(actor=request.user, badge=badge, **data))


@router.post("/recognition/badges/{slug}/grants", response={201: HolderOut, **ERRORS})
def badge_grant(request, slug: str, body: GrantIn):
    """Grant a badge by hand, with a reason (kept through every recompute)."""
    _check_manager(request.user)
    badge = get_object_or_404(Badge, slug=slug)
    member = User.objects.filter(pk=body.member_id).first()
    if member is None:
        raise ValidationError({"member_id": _("No member with this id.")})
    award = services.badge_grant(
        badge=badge, member=member, granted_by=request.user, reason=body.reason
    )
    return Status(
        201,
        {
            "member": member_ref(member),
            "awarded_at": award.awarded_at,
            "by_hand": True,
            "reason": award.reason,
        },
    )


# --- Point rules --------------------------------------------------------------------------------


@router.get("/recognition/point-rules", response={200: list[PointRuleOut], **ERRORS})
def point_rules(request):
    """The weight of each ledger action (administrators and community managers)."""
    _check_manager(request.user)
    return list(PointRule.objects.all())


@router.put("/recognition/point-rules/{rule_id}", response={200: PointRuleOut, **ERRORS})
def point_rule_edit(request, rule_id: int, body: PointRuleIn):
    _check_manager(request.user)
    rule = get_object_or_404(PointRule, pk=rule_id)
    rule.points, rule.daily_cap, rule.is_active = body.points, body.daily_cap, body.is_active
    rule.save()
    services.rules_changed()
    return rule


# --- Challenges ---------------------------------------------------------------------------------


@router.get("/recognition/challenges", response={200: list[ChallengeOut], **ERRORS}, auth=ANYONE)
def challenge_list(request):
    """Running challenges, with your progress."""
    return [_challenge_out(p, request.user) for p in selectors.challenges_for(member=request.user)]


@router.get(
    "/recognition/challenges/{challenge_id}",
    response={200: ChallengeOut, **ERRORS},
    auth=ANYONE,
)
def challenge_detail(request, challenge_id: int):
    challenge = get_object_or_404(Challenge.objects.select_related("reward_badge"), pk=challenge_id)
    progress = selectors.challenge_progress(challenge=challenge, member=request.user)
    return _challenge_out(progress, request.user)


@router.post("/recognition/challenges", response={201: ChallengeOut, **ERRORS})
def challenge_create(request, body: ChallengeIn):
    """Set a challenge (community managers): an action, a goal, a period, an audience, a reward."""
    _check_manager(request.user)
    data = body.dict()
    segment = None
    if data.pop("segment_id"):
        segment = Segment.objects.filter(pk=body.segment_id).first()
        if segment is None:
            raise ValidationError({"segment_id": _("Unknown segment.")})
    badge = None
    if data.pop("reward_badge"):
        badge = Badge.objects.filter(slug=body.reward_badge).first()
        if badge is None:
            raise ValidationError({"reward_badge": _("Unknown badge.")})
    challenge = services.challenge_create(
        actor=request.user, segment=segment, reward_badge=badge, **data
    )
    progress = selectors.challenge_progress(challenge=challenge, member=request.user)
    return Status(201, _challenge_out(progress, request.user))


# --- Welcome ------------------------------------------------------------------------------------


@router.post("/recognition/welcome/{member_id}", response={200: DoneOut, **ERRORS})
def welcome(request, member_id: int):
    """Welcome a newcomer (once); ``done`` is false when you had welcomed them already."""
    newcomer = get_object_or_404(User, pk=member_id, is_active=True)
    check_see(request.user, newcomer)
    return {"done": services.newcomer_welcome(welcomer=request.user, newcomer=newcomer)}


@router.post("/recognition/guidelines/read", response={200: DoneOut, **ERRORS})
def guidelines_read(request):
    services.guidelines_read(member=request.user)
    return {"done": True}


# --- Ambassador candidates ------------------------------------------------------------------------


@router.get("/recognition/candidates", response={200: list[CandidateOut], **ERRORS})
def candidates(request, query: Query[CandidateQuery]):
    """The most engaged 1 % over the window, every specialty and country represented."""
    if not may_see_candidates(request.user):
        raise Http404
    return [
        {
            "member": member_ref(c.member),
            "segment": c.member.segment.slug if c.member.segment else None,
            "country": c.member.country.code or "",
            "points": c.points,
            "accepted_answers": c.accepted_answers,
            "likes_received": c.likes_received,
            "distinct_likers": c.distinct_likers,
            "replies": c.replies,
            "active_days": c.active_days,
            "reasons": c.reasons,
            "is_ambassador": c.is_ambassador,
        }
        for c in selectors.ambassador_candidates(
            days=query.days,
            min_per_segment=query.min_per_segment,
            min_per_country=query.min_per_country,
        )
    ]


@router.post("/recognition/candidates/{member_id}/invite", response={200: DoneOut, **ERRORS})
def candidate_invite(request, member_id: int):
    """Invite a candidate: grants the ambassador role until the programmes exist."""
    if not may_see_candidates(request.user):
        raise Http404
    member = get_object_or_404(User.objects.prefetch_related("groups"), pk=member_id)
    services.ambassador_invite(actor=request.user, member=member)
    return {"done": True}
