"""Recognition's web pages: thin, reads through the selectors, writes through the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_countries import countries

from ruche.accounts.models import Segment, User
from ruche.core.events import all_event_types
from ruche.core.permissions import allowed, can, check, check_see
from ruche.products.models import ProductArea

from . import levels, selectors, services
from .models import Badge, Beneficiary, Challenge, Period
from .permissions import BADGE_GRANT, CANDIDATES_SEE, CHALLENGE_MANAGE

PAGE = 25


def _countries() -> list[tuple[str, str]]:
    """The countries members come from, named and sorted in the reader's language; cached ten
    minutes (a select of every country in the world costs more than the leaderboard itself)."""
    language = get_language() or "en"

    def compute() -> list[tuple[str, str]]:
        present = set(User.objects.exclude(country="").values_list("country", flat=True).distinct())
        return [(code, str(name)) for code, name in countries if code in present]

    return cache.get_or_set(f"recognition:countries:{language}", compute, 600)


def _int(value: str | None, default: int = 0) -> int:
    try:
        return max(0, int(value or default))
    except ValueError:
        return default


def _errors_text(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return " ".join(m for messages_ in error.message_dict.values() for m in messages_)
    return " ".join(error.messages)


def hub(request: HttpRequest) -> HttpResponse:
    """The community's recognition page: leaders of the month, challenges, the spotlight."""
    board = selectors.leaderboard(viewer=request.user, period=Period.MONTH, limit=10)
    return render(
        request,
        "recognition/hub.html",
        {
            "board": board,
            "challenges": selectors.challenges_for(member=request.user),
            "featured": selectors.featured_members(viewer=request.user),
            "levels": levels.levels(),
        },
    )


def leaderboard(request: HttpRequest) -> HttpResponse:
    period = request.GET.get("period", Period.MONTH)
    area_id = _int(request.GET.get("area"))
    segment_id = _int(request.GET.get("segment")) or None
    country = (request.GET.get("country") or "").upper()[:2] or None
    include_staff = request.GET.get("staff") == "1"
    offset = _int(request.GET.get("offset"))
    board = selectors.leaderboard(
        viewer=request.user,
        period=period,
        area_id=area_id,
        segment_id=segment_id,
        country=country,
        include_staff=include_staff,
        offset=offset,
        limit=PAGE,
    )
    return render(
        request,
        "recognition/leaderboard.html",
        {
            "board": board,
            "periods": Period.choices,
            "areas": ProductArea.objects.filter(is_active=True),
            "segments": Segment.objects.filter(is_active=True),
            "countries": _countries(),
            "selected": {
                "period": board.period,
                "area": area_id,
                "segment": segment_id,
                "country": country or "",
                "staff": include_staff,
            },
            "next_offset": offset + PAGE if board.has_next else None,
            "previous_offset": max(0, offset - PAGE) if offset else None,
        },
    )


def badge_list(request: HttpRequest) -> HttpResponse:
    mine = set()
    if request.user.is_authenticated:
        mine = set(request.user.badge_awards.values_list("badge_id", flat=True))
    return render(
        request, "recognition/badge_list.html", {"badges": selectors.badge_list(), "mine": mine}
    )


def badge_detail(request: HttpRequest, slug: str) -> HttpResponse:
    badge = get_object_or_404(Badge, slug=slug, is_active=True)
    offset = _int(request.GET.get("offset"))
    holders, total = selectors.badge_holders(
        viewer=request.user, badge=badge, offset=offset, limit=50
    )
    return render(
        request,
        "recognition/badge_detail.html",
        {
            "badge": badge,
            "holders": holders,
            "total": total,
            "next_offset": offset + 50 if offset + 50 < total else None,
            "may_grant": can(request.user, BADGE_GRANT),
        },
    )


@login_required
@require_POST
def badge_grant(request: HttpRequest, slug: str) -> HttpResponse:
    badge = get_object_or_404(Badge, slug=slug)
    check(request.user, BADGE_GRANT)
    who = (request.POST.get("member") or "").strip().lstrip("@")
    member = (
        User.objects.filter(email__iexact=who).first()
        or User.objects.filter(handle__iexact=who).first()
    )
    if member is None:
        messages.error(request, _("No member with this handle or e-mail address."))
        return redirect(badge)
    try:
        services.badge_grant(
            badge=badge,
            member=member,
            granted_by=request.user,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, _errors_text(error))
    else:
        messages.success(
            request,
            _("%(member)s received the badge “%(badge)s”.")
            % {"member": member.public_name, "badge": badge.name},
        )
    return redirect(badge)


def challenge_list(request: HttpRequest) -> HttpResponse:
    context = {
        "running": selectors.challenges_for(member=request.user),
        "may_manage": can(request.user, CHALLENGE_MANAGE),
        "verbs": _challenge_verbs(),
        "beneficiaries": Beneficiary.choices,
        "segments": Segment.objects.filter(is_active=True),
        "badges": Badge.objects.filter(is_active=True),
        "levels": levels.levels(),
    }
    if context["may_manage"]:
        context["all_challenges"] = allowed(
            request.user,
            CHALLENGE_MANAGE,
            Challenge.objects.select_related("reward_badge", "segment"),
        )[:50]
    return render(request, "recognition/challenge_list.html", context)


def _challenge_verbs() -> list[tuple[str, str]]:
    return [(verb.name, str(verb.label)) for verb in all_event_types()]


@login_required
@require_POST
def challenge_create(request: HttpRequest) -> HttpResponse:
    check(request.user, CHALLENGE_MANAGE)
    data = request.POST
    starts = parse_datetime(data.get("starts_at", "") or "")
    ends = parse_datetime(data.get("ends_at", "") or "")
    if starts is None or ends is None:
        messages.error(request, _("Give a start and an end."))
        return redirect("recognition:challenges")
    if timezone.is_naive(starts):
        starts = timezone.make_aware(starts)
    if timezone.is_naive(ends):
        ends = timezone.make_aware(ends)
    condition = {}
    if data.get("condition_key") and data.get("condition_value"):
        condition = {data["condition_key"].strip(): data["condition_value"].strip()}
    try:
        challenge = services.challenge_create(
            actor=request.user,
            title=data.get("title", ""),
            description=data.get("description", ""),
            verb=data.get("verb", ""),
            beneficiary=data.get("beneficiary", "actor"),
            condition=condition,
            goal=_int(data.get("goal"), 1),
            starts_at=starts,
            ends_at=ends,
            segment=Segment.objects.filter(pk=_int(data.get("segment"))).first(),
            min_level=_int(data.get("min_level")),
            reward_badge=Badge.objects.filter(pk=_int(data.get("reward_badge"))).first(),
            reward_points=_int(data.get("reward_points")),
        )
    except ValidationError as error:
        messages.error(request, _errors_text(error))
        return redirect("recognition:challenges")
    messages.success(request, _("The challenge is set."))
    return redirect(challenge)


def challenge_detail(request: HttpRequest, challenge_id: int) -> HttpResponse:
    challenge = get_object_or_404(
        Challenge.objects.select_related("reward_badge", "segment"), pk=challenge_id
    )
    progress = selectors.challenge_progress(challenge=challenge, member=request.user)
    done = selectors.challenge_completions(viewer=request.user, challenge=challenge)
    return render(
        request,
        "recognition/challenge_detail.html",
        {"challenge": challenge, "progress": progress, "completions": done},
    )


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """My level, what I need for the next one, my points, badges, challenges, first steps."""
    summary = selectors.member_summary(member=request.user, viewer=request.user, with_progress=True)
    board = selectors.leaderboard(viewer=request.user, period=Period.MONTH, limit=0)
    return render(
        request,
        "recognition/me.html",
        {
            "summary": summary,
            "own_rank": board.own,
            "steps": selectors.onboarding(member=request.user),
            "challenges": selectors.challenges_for(member=request.user),
            "levels": levels.levels(),
        },
    )


@login_required
@require_POST
def privacy(request: HttpRequest) -> HttpResponse:
    services.privacy_set(
        member=request.user,
        show_points=request.POST.get("show_points") == "on",
        show_badges=request.POST.get("show_badges") == "on",
        show_activity=request.POST.get("show_activity") == "on",
    )
    messages.success(request, _("Your choices are saved."))
    return redirect("recognition:me")


@login_required
def welcome(request: HttpRequest) -> HttpResponse:
    steps = selectors.onboarding(member=request.user)
    done = sum(1 for step in steps if step.done)
    return render(
        request,
        "recognition/welcome.html",
        {"steps": steps, "done": done, "percent": int(100 * done / len(steps))},
    )


def guidelines(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect("account_login")
        services.guidelines_read(member=request.user)
        messages.success(request, _("Thank you for reading the guidelines."))
        return redirect("recognition:welcome")
    return render(request, "recognition/guidelines.html")


@login_required
@require_POST
def welcome_member(request: HttpRequest, member_id: int) -> HttpResponse:
    newcomer = get_object_or_404(User, pk=member_id, is_active=True)
    check_see(request.user, newcomer)
    try:
        created = services.newcomer_welcome(welcomer=request.user, newcomer=newcomer)
    except ValidationError as error:
        messages.info(request, _errors_text(error))
    else:
        if created:
            messages.success(
                request, _("You welcomed %(member)s.") % {"member": newcomer.public_name}
            )
        else:
            messages.info(request, _("You had already welcomed this member."))
    next_url = request.POST.get("next") or ""
    if next_url and url_has_allowed_host_and_scheme(next_url, {request.get_host()}):
        return redirect(next_url)
    return redirect("accounts:member_detail", member_id=newcomer.pk)


@login_required
def candidates(request: HttpRequest) -> HttpResponse:
    if not can(request.user, CANDIDATES_SEE):
        raise Http404
    days = min(max(_int(request.GET.get("days"), 90), 7), 730)
    min_segment = min(_int(request.GET.get("min_segment"), 2), 20)
    min_country = min(_int(request.GET.get("min_country"), 1), 20)
    rows = selectors.ambassador_candidates(
        viewer=request.user, days=days, min_per_segment=min_segment, min_per_country=min_country
    )
    return render(
        request,
        "recognition/candidates.html",
        {"rows": rows, "days": days, "min_segment": min_segment, "min_country": min_country},
    )


@login_required
@require_POST
def candidate_invite(request: HttpRequest, member_id: int) -> HttpResponse:
    if not can(request.user, CANDIDATES_SEE):
        raise Http404
    member = get_object_or_404(User.objects.prefetch_related("groups"), pk=member_id)
    try:
        services.ambassador_invite(actor=request.user, member=member)
    except ValidationError as error:
        messages.error(request, _errors_text(error))
    else:
        messages.success(
            request,
            _("%(member)s is now an ambassador.") % {"member": member.public_name},
        )
    return redirect("recognition:candidates")


@login_required
@require_POST
def feature(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(User, pk=member_id)
    try:
        services.member_feature(
            actor=request.user,
            member=member,
            featured=request.POST.get("featured") == "1",
            note=request.POST.get("note", ""),
        )
    except ValidationError as error:
        messages.error(request, _errors_text(error))
    return redirect("accounts:member_detail", member_id=member.pk)
