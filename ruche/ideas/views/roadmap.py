"""Public pages of what the product team does with ideas: the roadmap, releases (and, for
product staff, writing and publishing them) and accountability (answered in time?)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruche.accounts.models import Segment
from ruche.core.permissions import can, visible
from ruche.forum import threads
from ruche.products.models import ProductArea

from .. import selectors, services
from ..forms import ReleaseForm
from ..models import Idea


def roadmap(request: HttpRequest) -> HttpResponse:
    areas = visible(request.user, ProductArea.objects.all())
    area = areas.filter(slug=request.GET.get("area", "")).first()
    segments = Segment.objects.filter(is_active=True)
    segment = segments.filter(slug=request.GET.get("segment", "")).first()
    columns = selectors.roadmap(viewer=request.user, product_area=area, segment=segment)
    return render(
        request,
        "ideas/roadmap.html",
        {
            "columns": [
                (_("Planned"), columns["planned"]),
                (_("In progress"), columns["in_progress"]),
                (_("Recently released"), columns["released"]),
            ],
            "areas": areas,
            "area": area,
            "segments": segments,
            "segment": segment,
            "is_product_staff": can(request.user, "idea_inbox.see"),
        },
    )


def release_list(request: HttpRequest) -> HttpResponse:
    releases = list(selectors.release_list(viewer=request.user)[:50])
    return render(
        request,
        "ideas/release_list.html",
        {
            "releases": releases,
            "may_publish": can(request.user, "release.create"),
            "is_product_staff": can(request.user, "idea_inbox.see"),
        },
    )


def release_detail(request: HttpRequest, release_id: int) -> HttpResponse:
    release = get_object_or_404(selectors.release_list(viewer=request.user), pk=release_id)
    return render(
        request,
        "ideas/release_detail.html",
        {
            "release": release,
            "ideas": selectors.release_ideas(viewer=request.user, release=release),
            "may_publish": release.published_at is None
            and can(request.user, "release.publish", release),
        },
    )


@login_required
def release_edit(request: HttpRequest, release_id: int | None = None) -> HttpResponse:
    release = None
    if release_id is not None:
        release = get_object_or_404(selectors.release_list(viewer=request.user), pk=release_id)
    if not (
        can(request.user, "release.create")
        if release is None
        else can(request.user, "release.edit", release)
    ):
        raise PermissionDenied
    initial = {}
    if release is not None:
        initial = {
            "title": release.title,
            "released_on": release.released_on,
            "notes": release.notes,
            "product_areas": list(release.product_areas.all()),
            "ideas": ", ".join(str(i.pk) for i in release.ideas.all()),
        }
    form = ReleaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        ideas = list(visible(request.user, Idea.objects.filter(pk__in=cleaned["ideas"])))
        if len(ideas) != len(set(cleaned["ideas"])):
            form.add_error("ideas", _("Unknown idea."))
        else:
            try:
                saved = services.release_save(
                    actor=request.user,
                    title=cleaned["title"],
                    notes=cleaned["notes"],
                    released_on=cleaned["released_on"],
                    product_areas=list(cleaned["product_areas"]),
                    ideas=ideas,
                    release=release,
                )
            except ValidationError as exc:
                threads.apply_service_errors(form, exc)
            else:
                return redirect(saved.get_absolute_url())
    return render(
        request,
        "ideas/release_form.html",
        {"form": form, "release": release},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def release_publish(request: HttpRequest, release_id: int) -> HttpResponse:
    release = get_object_or_404(selectors.release_list(viewer=request.user), pk=release_id)
    services.release_publish(release=release, actor=request.user)
    messages.success(request, _("The release is published; the likers of its ideas are told."))
    return redirect(release.get_absolute_url())


def accountability(request: HttpRequest) -> HttpResponse:
    found = selectors.accountability(viewer=request.user)
    threshold, days, cap = services.rules_for(None)
    return render(
        request,
        "ideas/accountability.html",
        {
            **found,
            "threshold": threshold,
            "days": days,
            "cap": cap,
            "is_product_staff": can(request.user, "idea_inbox.see"),
        },
    )
