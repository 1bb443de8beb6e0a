"""Reads of recognition: levels, leaderboards, profiles, badges, challenges, onboarding,
ambassador candidates. Lists take a fixed number of queries whatever their length."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Count, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.accounts.roles import STAFF_ROLES, Role
from ruche.activity.models import Activity
from ruche.activity.registry import EVENT_ATTENDED
from ruche.core.permissions import visible
from ruche.forum import verbs as forum_verbs
from ruche.ideas import verbs as idea_verbs

from . import levels, verbs
from .conf import INTRODUCTIONS_SPACE
from .engine import local_day
from .models import (
    Badge,
    BadgeAward,
    Challenge,
    ChallengeCompletion,
    Credit,
    MemberEngagement,
    Period,
    Sanction,
    Score,
    period_start,
)


def member_level(user: User) -> int:
    """The member's level. A stored level 0 is checked against the criteria now: the newcomer
    limits are settings, and lowering them must free members at once."""
    level = (
        MemberEngagement.objects.filter(member_id=user.pk).values_list("level", flat=True).first()
        or 0
    )
    if level == 0:
        level = levels.levels_of([user.pk])[user.pk]
    return level


def is_newcomer_member(user: User) -> bool:
    return not user.is_staff_member and member_level(user) == 0


def newcomer_ids(member_ids: list[int]) -> set[int]:
    """Which of these members are newcomers (level 0, not staff), in two queries: their first
    posts are marked so that others welcome them."""
    ids = set(member_ids)
    if not ids:
        return set()
    above = set(
        MemberEngagement.objects.filter(member_id__in=ids, level__gt=0).values_list(
            "member_id", flat=True
        )
    )
    staff = set(
        User.objects.filter(pk__in=ids)
        .filter(Q(groups__name__in=STAFF_ROLES) | Q(is_superuser=True))
        .values_list("pk", flat=True)
    )
    return ids - above - staff


# --- Who a list of members may name ------------------------------------------------------------


def members_seen_by(viewer: User | None) -> QuerySet[User] | None:
    """The members ``viewer`` may see (the accounts rule: private profiles for the staff and
    themselves, members-only ones for signed-in members), as a subquery for lists to join; None
    when the viewer sees everyone (no join needed)."""
    members = visible(viewer, User.objects.all())
    return members.values("pk") if members.query.has_filters() else None


# --- Leaderboards ------------------------------------------------------------------------------


@dataclass
class BoardRow:
    rank: int
    member: User
    points: int


@dataclass
class Board:
    period: str
    start: object
    rows: list[BoardRow]
    own: BoardRow | None
    has_next: bool
    offset: int
    limit: int
    filters: dict = field(default_factory=dict)


def _board_queryset(
    *,
    viewer: User | None,
    period: str,
    area_id: int,
    segment_id: int | None,
    country: str | None,
    include_staff: bool,
    now: datetime | None = None,
) -> tuple[QuerySet[Score], object]:
    """One index scan: the scores carry what the boards filter on (see ``Score``), joined to
    the members the viewer may see."""
    start = period_start(period, local_day(now or timezone.now()))
    queryset = Score.objects.filter(
        period=period, start=start, area_id=area_id or 0, points__gt=0, shown=True
    )
    seen = members_seen_by(viewer)
    if seen is not None:
        queryset = queryset.filter(member__in=seen)
    if not include_staff:
        queryset = queryset.filter(staff=False)
    if segment_id:
        queryset = queryset.filter(segment_id=segment_id)
    if country:
        queryset = queryset.filter(country=country)
    return queryset, start


def leaderboard(
    *,
    viewer: User | None,
    period: str = Period.MONTH,
    area_id: int = 0,
    segment_id: int | None = None,
    country: str | None = None,
    include_staff: bool = False,
    offset: int = 0,
    limit: int = 25,
    now: datetime | None = None,
) -> Board:
    """Members by points in the period, staff left out unless asked; the viewer's own rank is
    always given, even far below the page. Members who hide their points are left out (they
    still see their own rank), and so are those whose profile the viewer may not see: ranks
    count the members the viewer sees."""
    if period not in Period.values:
        period = Period.MONTH
    shown, start = _board_queryset(
        viewer=viewer,
        period=period,
        area_id=area_id,
        segment_id=segment_id,
        country=country,
        include_staff=include_staff,
        now=now,
    )
    # No count of the whole board (tens of thousands of rows): one row more says if a next
    # page exists.
    page = list(
        shown.select_related("member__segment").order_by("-points", "member_id")[
            offset : offset + limit + 1
        ]
    )
    has_next = len(page) > limit
    page = page[:limit]
    rows: list[BoardRow] = []
    if page:
        # Equal points share a rank: the rank of the first row, then counting down the page.
        rank = shown.filter(points__gt=page[0].points).count() + 1
        previous = None
        for position, score in enumerate(page):
            if previous is not None and score.points < previous:
                rank = offset + position + 1
            rows.append(BoardRow(rank=rank, member=score.member, points=score.points))
            previous = score.points
    own = None
    if viewer is not None and viewer.is_authenticated:
        # Your own row even when you hide your points or are staff.
        start_of = {"period": period, "start": start, "area_id": area_id or 0}
        row = (
            Score.objects.filter(member_id=viewer.pk, **start_of)
            .values_list("points", "segment_id", "country")
            .first()
        )
        in_board = row is not None and (
            (not segment_id or row[1] == segment_id) and (not country or row[2] == country)
        )
        mine = row[0] if in_board else None
        if mine:
            own = BoardRow(
                rank=shown.filter(points__gt=mine).count() + 1, member=viewer, points=mine
            )
    return Board(
        period=period,
        start=start,
        rows=rows,
        own=own,
        has_next=has_next,
        offset=offset,
        limit=limit,
        filters={"area": area_id, "segment": segment_id, "country": country},
    )


# --- A member's recognition ---------------------------------------------------------------------


@dataclass
class Summary:
    member: User
    level: int
    level_name: str
    points: int
    points_year: int
    points_month: int
    badges: list[BadgeAward]
    accepted_answers: int
    ideas: int
    events: int
    featured: bool
    featured_note: str
    is_ambassador: bool
    show_points: bool
    show_badges: bool
    show_activity: bool
    next_level: dict | None = None


def member_summary(*, member: User, viewer: User | None, with_progress: bool = False) -> Summary:
    engagement = MemberEngagement.objects.filter(member=member).first() or MemberEngagement(
        member=member
    )
    today = local_day(timezone.now())
    scores = {
        (period, start): points
        for period, start, points in Score.objects.filter(member=member, area_id=0).values_list(
            "period", "start", "points"
        )
    }
    counts = Activity.objects.filter(actor=member).aggregate(
        ideas=Count("pk", filter=Q(verb=idea_verbs.IdeaProposed.name)),
        events=Count("pk", filter=Q(verb=EVENT_ATTENDED.name)),
    )
    accepted = Credit.objects.filter(
        member=member, key=levels.ACCEPTED_KEY, active=True, valid=True
    ).count()
    level = engagement.level
    is_self = viewer is not None and viewer.is_authenticated and viewer.pk == member.pk
    return Summary(
        member=member,
        level=level,
        level_name=levels.level_name(level),
        points=scores.get((Period.ALL, period_start(Period.ALL, today)), 0),
        points_year=scores.get((Period.YEAR, period_start(Period.YEAR, today)), 0),
        points_month=scores.get((Period.MONTH, period_start(Period.MONTH, today)), 0),
        badges=list(
            BadgeAward.objects.filter(member=member)
            .select_related("badge")
            .order_by("-awarded_at", "-id")
        ),
        accepted_answers=accepted,
        ideas=counts["ideas"],
        events=counts["events"],
        featured=engagement.featured,
        featured_note=engagement.featured_note,
        is_ambassador=member.has_role(Role.AMBASSADOR),
        show_points=engagement.show_points or is_self,
        show_badges=engagement.show_badges or is_self,
        show_activity=engagement.show_activity or is_self,
        next_level=levels.progress(member.pk, level) if with_progress else None,
    )


def featured_members(*, viewer: User | None, limit: int = 6) -> list[User]:
    """The spotlight: members featured by the team, then ambassadors, among those the viewer
    may see."""
    featured = list(
        visible(viewer, User.objects.filter(engagement__featured=True, is_active=True))
        .select_related("engagement", "segment")
        .order_by("display_name", "pk")[:limit]
    )
    if len(featured) < limit:
        featured += list(
            visible(viewer, User.objects.filter(groups__name=Role.AMBASSADOR, is_active=True))
            .exclude(pk__in=[m.pk for m in featured])
            .select_related("segment")
            .order_by("display_name", "pk")[: limit - len(featured)]
        )
    return featured


# --- Badges ---------------------------------------------------------------------------------------


def badge_list() -> list[Badge]:
    return list(Badge.objects.filter(is_active=True).annotate(holders=Count("awards")))


def badge_holders(
    *, viewer: User | None, badge: Badge, offset: int = 0, limit: int = 50
) -> tuple[list[BadgeAward], int]:
    """The holders the viewer may see who show their badges, latest first, and how many.

    ``shown_granter`` names who granted a badge by hand, when the viewer may see them (the page
    says "granted by the team" otherwise)."""
    awards = BadgeAward.objects.filter(badge=badge, member__is_active=True).exclude(
        member__engagement__show_badges=False
    )
    seen = members_seen_by(viewer)
    if seen is not None:
        awards = awards.filter(member__in=seen)
    total = awards.count()
    page = list(
        awards.select_related("member__segment", "granted_by").order_by("-awarded_at", "-id")[
            offset : offset + limit
        ]
    )
    named = {award.granted_by_id for award in page if award.granted_by_id}
    if named and seen is not None:
        named = set(visible(viewer, User.objects.filter(pk__in=named)).values_list("pk", flat=True))
    for award in page:
        award.shown_granter = award.granted_by if award.granted_by_id in named else None
    return page, total


# --- Challenges -----------------------------------------------------------------------------------


@dataclass
class ChallengeProgress:
    challenge: Challenge
    count: int
    done: bool
    eligible: bool

    @property
    def percent(self) -> int:
        return min(100, int(100 * self.count / max(1, self.challenge.goal)))


def challenge_progress(*, challenge: Challenge, member: User | None) -> ChallengeProgress:
    if member is None or not member.is_authenticated:
        return ChallengeProgress(challenge, 0, False, False)
    eligible = (not challenge.segment_id or member.segment_id == challenge.segment_id) and (
        not challenge.min_level or member_level(member) >= challenge.min_level
    )
    credits = Credit.objects.filter(
        member=member,
        key=challenge.key,
        valid=True,
        active=True,
        occurred_at__gte=challenge.starts_at,
        occurred_at__lt=challenge.ends_at,
    ).filter(**{f"payload__{k}": v for k, v in (challenge.condition or {}).items()})
    done = ChallengeCompletion.objects.filter(challenge=challenge, member=member).exists()
    return ChallengeProgress(challenge, credits.count(), done, eligible)


def challenge_completions(
    *, viewer: User | None, challenge: Challenge, limit: int = 50
) -> list[ChallengeCompletion]:
    """Who completed the challenge, first first, among the members the viewer may see."""
    done = challenge.completions.select_related("member")
    seen = members_seen_by(viewer)
    if seen is not None:
        done = done.filter(member__in=seen)
    return list(done.order_by("completed_at", "pk")[:limit])


def challenges_for(*, member: User | None, now: datetime | None = None) -> list[ChallengeProgress]:
    now = now or timezone.now()
    running = Challenge.objects.filter(starts_at__lte=now, ends_at__gt=now).select_related(
        "reward_badge", "segment"
    )
    return [challenge_progress(challenge=c, member=member) for c in running]


# --- Onboarding -----------------------------------------------------------------------------------


@dataclass
class Step:
    slug: str
    label: str
    done: bool
    url: str


def onboarding(*, member: User) -> list[Step]:
    def did(verb: str, **payload) -> bool:
        rows = Activity.objects.filter(actor=member, verb=verb)
        if payload:
            rows = rows.filter(**{f"payload__{k}": v for k, v in payload.items()})
        return rows.exists()

    intro_space = INTRODUCTIONS_SPACE.value
    if intro_space:
        introduced = Activity.objects.filter(
            actor=member, verb=forum_verbs.TopicCreated.name, space__slug=intro_space
        ).exists()
    else:
        introduced = did(forum_verbs.TopicCreated.name)
    profile_done = bool(member.bio.strip()) and bool(member.segment_id)
    return [
        Step(
            "profile",
            _("Complete your profile (a short bio and your specialty)"),
            profile_done,
            reverse("accounts:profile_edit"),
        ),
        Step(
            "introduce",
            _("Introduce yourself in a topic"),
            introduced,
            reverse("forum:topic_create"),
        ),
        Step(
            "guidelines",
            _("Read the community guidelines"),
            did(verbs.GuidelinesRead.name),
            reverse("recognition:guidelines"),
        ),
        Step(
            "like",
            _("Like a helpful answer"),
            did(forum_verbs.LikeGiven.name),
            reverse("forum:list"),
        ),
        Step(
            "follow",
            _("Follow a product area"),
            did(forum_verbs.Followed.name, type="product_area"),
            reverse("forum:list"),
        ),
    ]


# --- Ambassador candidates --------------------------------------------------------------------


@dataclass
class Candidate:
    member: User
    points: int
    accepted_answers: int
    likes_received: int
    distinct_likers: int
    replies: int
    active_days: int
    reasons: list[str]
    is_ambassador: bool


def ambassador_candidates(
    *,
    viewer: User | None,
    days: int = 90,
    share: float = 0.01,
    min_per_segment: int = 2,
    min_per_country: int = 1,
    now: datetime | None = None,
) -> list[Candidate]:
    """The most engaged ``share`` of members over the window, by points (which weigh accepted
    answers and likes from others above mere posting), topped up so that each segment and each
    country has at least a few; staff and members sanctioned in the window are left out, and so
    are members whose profile the viewer may not see."""
    now = now or timezone.now()
    since = now - timedelta(days=days)
    staff = User.objects.filter(Q(groups__name__in=STAFF_ROLES) | Q(is_superuser=True))
    sanctioned = Sanction.objects.filter(occurred_at__gte=since).values("member_id")
    ok = Q(active=True, valid=True)
    credits = Credit.objects.filter(occurred_at__gte=since, member__is_active=True)
    seen = members_seen_by(viewer)
    if seen is not None:
        credits = credits.filter(member__in=seen)
    rows = list(
        credits.exclude(member_id__in=staff.values("pk"))
        .exclude(member_id__in=sanctioned)
        .values("member_id")
        .annotate(
            points=Sum("points", filter=Q(active=True)),
            accepted=Count("pk", filter=ok & Q(key=levels.ACCEPTED_KEY)),
            likes=Count("pk", filter=ok & Q(key=levels.LIKE_RECEIVED_KEY)),
            likers=Count(
                "from_member_id", filter=ok & Q(key=levels.LIKE_RECEIVED_KEY), distinct=True
            ),
            replies=Count("pk", filter=ok & Q(key=levels.REPLY_KEY)),
            days=Count("day", distinct=True),
        )
        .filter(points__gt=0)
        .order_by("-points", "member_id")
    )
    if not rows:
        return []
    members = {
        m.pk: m
        for m in User.objects.filter(pk__in=[r["member_id"] for r in rows])
        .select_related("segment")
        .prefetch_related("groups")
    }
    population = User.objects.filter(is_active=True).exclude(pk__in=staff.values("pk")).count()
    top = max(1, math.ceil(population * share))
    chosen: dict[int, list[str]] = {}
    for row in rows[:top]:
        chosen[row["member_id"]] = [_("in the top %(share)s %%") % {"share": f"{share * 100:g}"}]
    per_segment: dict[int | None, int] = {}
    per_country: dict[str, int] = {}
    for pk in chosen:
        member = members[pk]
        per_segment[member.segment_id] = per_segment.get(member.segment_id, 0) + 1
        per_country[member.country.code or ""] = per_country.get(member.country.code or "", 0) + 1
    for row in rows[top:]:
        member = members[row["member_id"]]
        country = member.country.code or ""
        reasons = []
        if member.segment_id and per_segment.get(member.segment_id, 0) < min_per_segment:
            reasons.append(
                _("among the most engaged in %(segment)s") % {"segment": member.segment.name}
            )
        if country and per_country.get(country, 0) < min_per_country:
            reasons.append(
                _("among the most engaged in %(country)s") % {"country": member.country.name}
            )
        if reasons:
            chosen[member.pk] = reasons
            per_segment[member.segment_id] = per_segment.get(member.segment_id, 0) + 1
            per_country[country] = per_country.get(country, 0) + 1
    by_id = {r["member_id"]: r for r in rows}
    return [
        Candidate(
            member=members[pk],
            points=by_id[pk]["points"] or 0,
            accepted_answers=by_id[pk]["accepted"],
            likes_received=by_id[pk]["likes"],
            distinct_likers=by_id[pk]["likers"],
            replies=by_id[pk]["replies"],
            active_days=by_id[pk]["days"],
            reasons=reasons,
            is_ambassador=members[pk].has_role(Role.AMBASSADOR),
        )
        for pk, reasons in sorted(chosen.items(), key=lambda item: -(by_id[item[0]]["points"] or 0))
    ]
