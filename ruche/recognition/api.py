"""Recognition's JSON API: levels, points, leaderboards, badges, challenges, welcome, candidates.

Thin handlers: reads through the selectors, writes through the services, permissions through
the named actions (422 with field and reason for bad input, 403 for staff things asked by
members, 404 for what may not be seen). The shapes are in ``schemas.py``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from ruche.accounts.models import Segment, User
from ruche.core.api import ANYONE, ErrorOut
from ruche.core.permissions import can, check, check_see

from . import levels, selectors, services
from .models import Badge, Challenge, Period, PointRule
from .permissions import BADGE_GRANT, CANDIDATES_SEE, CHALLENGE_MANAGE, MANAGE
from .schemas import (
    BadgeDetailOut,
    BadgeIn,
    BadgeOut,
    BoardOut,
    BoardQuery,
    CandidateOut,
    CandidateQuery,
    ChallengeIn,
    ChallengeOut,
    DoneOut,
    GrantIn,
    HolderOut,
    LevelOut,
    MeOut,
    PointRuleIn,
    PointRuleOut,
    PrivacyIn,
    SummaryOut,
    badge_out,
    board_row_out,
    candidate_out,
    challenge_out,
    holder_out,
    summary_out,
)

router = Router(tags=["recognition"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


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
    out = summary_out(summary)
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
    return summary_out(selectors.member_summary(member=member, viewer=request.user))


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
    return {
        "period": board.period,
        "start": board.start,
        "has_next": board.has_next,
        "offset": board.offset,
        "limit": board.limit,
        "rows": [board_row_out(r) for r in board.rows],
        "own": board_row_out(board.own) if board.own else None,
    }


# --- Badges -------------------------------------------------------------------------------------


@router.get("/recognition/badges", response={200: list[BadgeOut], **ERRORS}, auth=ANYONE)
def badge_list(request):
    return [badge_out(badge, badge.holders) for badge in selectors.badge_list()]


@router.get("/recognition/badges/{slug}", response={200: BadgeDetailOut, **ERRORS}, auth=ANYONE)
def badge_detail(request, slug: str, offset: int = 0):
    badge = get_object_or_404(Badge, slug=slug, is_active=True)
    holders, total = selectors.badge_holders(
        viewer=request.user, badge=badge, offset=max(0, offset), limit=50
    )
    out = badge_out(badge, total)
    out["holders_page"] = [holder_out(award) for award in holders]
    return out


@router.post("/recognition/badges", response={201: BadgeOut, **ERRORS})
def badge_create(request, body: BadgeIn):
    """Create a badge from a rule (administrators and community managers)."""
    check(request.user, MANAGE)
    if Badge.objects.filter(slug=body.slug).exists():
        raise ValidationError({"slug": _("This identifier is taken.")})
    badge = services.badge_save(actor=request.user, **body.dict())
    return Status(201, badge_out(badge))


@router.put("/recognition/badges/{slug}", response={200: BadgeOut, **ERRORS})
def badge_edit(request, slug: str, body: BadgeIn):
    check(request.user, MANAGE)
    badge = get_object_or_404(Badge, slug=slug)
    data = body.dict()
    if data["slug"] != slug and Badge.objects.filter(slug=data["slug"]).exists():
        raise ValidationError({"slug": _("This identifier is taken.")})
    return badge_out(services.badge_save(actor=request.user, badge=badge, **data))


@router.post("/recognition/badges/{slug}/grants", response={201: HolderOut, **ERRORS})
def badge_grant(request, slug: str, body: GrantIn):
    """Grant a badge by hand, with a reason (kept through every recompute)."""
    check(request.user, BADGE_GRANT)
    badge = get_object_or_404(Badge, slug=slug)
    member = User.objects.filter(pk=body.member_id).first()
    if member is None:
        raise ValidationError({"member_id": _("No member with this id.")})
    award = services.badge_grant(
        badge=badge, member=member, granted_by=request.user, reason=body.reason
    )
    return Status(201, holder_out(award))


# --- Point rules --------------------------------------------------------------------------------


@router.get("/recognition/point-rules", response={200: list[PointRuleOut], **ERRORS})
def point_rules(request):
    """The weight of each ledger action (administrators and community managers)."""
    check(request.user, MANAGE)
    return list(PointRule.objects.all())


@router.put("/recognition/point-rules/{rule_id}", response={200: PointRuleOut, **ERRORS})
def point_rule_edit(request, rule_id: int, body: PointRuleIn):
    check(request.user, MANAGE)
    rule = get_object_or_404(PointRule, pk=rule_id)
    return services.point_rule_set(
        actor=request.user,
        rule=rule,
        points=body.points,
        daily_cap=body.daily_cap,
        is_active=body.is_active,
    )


# --- Challenges ---------------------------------------------------------------------------------


@router.get("/recognition/challenges", response={200: list[ChallengeOut], **ERRORS}, auth=ANYONE)
def challenge_list(request):
    """Running challenges, with your progress."""
    return [challenge_out(p, request.user) for p in selectors.challenges_for(member=request.user)]


@router.get(
    "/recognition/challenges/{challenge_id}",
    response={200: ChallengeOut, **ERRORS},
    auth=ANYONE,
)
def challenge_detail(request, challenge_id: int):
    challenge = get_object_or_404(Challenge.objects.select_related("reward_badge"), pk=challenge_id)
    progress = selectors.challenge_progress(challenge=challenge, member=request.user)
    return challenge_out(progress, request.user)


@router.post("/recognition/challenges", response={201: ChallengeOut, **ERRORS})
def challenge_create(request, body: ChallengeIn):
    """Set a challenge (community managers): an action, a goal, a period, an audience, a reward."""
    check(request.user, CHALLENGE_MANAGE)
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
    return Status(201, challenge_out(progress, request.user))


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
    if not can(request.user, CANDIDATES_SEE):
        raise Http404
    return [
        candidate_out(c)
        for c in selectors.ambassador_candidates(
            viewer=request.user,
            days=query.days,
            min_per_segment=query.min_per_segment,
            min_per_country=query.min_per_country,
        )
    ]


@router.post("/recognition/candidates/{member_id}/invite", response={200: DoneOut, **ERRORS})
def candidate_invite(request, member_id: int):
    """Invite a candidate: grants the ambassador role until the programmes exist."""
    if not can(request.user, CANDIDATES_SEE):
        raise Http404
    member = get_object_or_404(User.objects.prefetch_related("groups"), pk=member_id)
    services.ambassador_invite(actor=request.user, member=member)
    return {"done": True}
