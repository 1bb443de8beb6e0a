"""Releases, the roadmap and accountability."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Status

from ruche.accounts.models import Segment
from ruche.core.api import ANYONE
from ruche.core.permissions import can_see, visible
from ruche.products.models import ProductArea

from .. import selectors, services
from ..models import Idea, Release
from .common import ERRORS, accountability_row, release_out, router, slug_lookup, summary_out
from .schemas import AccountabilityOut, ReleaseIn, ReleaseOut, RoadmapOut


@router.get("/idea-releases", response={200: list[ReleaseOut], **ERRORS}, auth=ANYONE)
def release_list(request):
    releases = selectors.release_list(viewer=request.user).prefetch_related("ideas")[:100]
    out = []
    for release in releases:
        data = release_out(release)
        data["idea_ids"] = [i.pk for i in release.ideas.all() if can_see(request.user, i)]
        out.append(data)
    return out


@router.post("/idea-releases", response={201: ReleaseOut, **ERRORS}, summary="Create a release")
def release_create(request, payload: ReleaseIn):
    areas = list(visible(request.user, ProductArea.objects.filter(slug__in=payload.product_areas)))
    if len(areas) != len(set(payload.product_areas)):
        raise ValidationError({"product_areas": _("Unknown product area.")})
    ideas = list(visible(request.user, Idea.objects.filter(pk__in=payload.idea_ids)))
    if len(ideas) != len(set(payload.idea_ids)):
        raise ValidationError({"idea_ids": _("Unknown idea.")})
    release = services.release_save(
        actor=request.user,
        title=payload.title,
        notes=payload.notes,
        released_on=payload.released_on,
        product_areas=areas,
        ideas=ideas,
    )
    return Status(201, release_out(release))


@router.post(
    "/idea-releases/{release_id}/publish",
    response={200: ReleaseOut, **ERRORS},
    summary="Publish a release: its ideas become released and their likers hear of it",
)
def release_publish(request, release_id: int):
    release = get_object_or_404(visible(request.user, Release.objects.all()), pk=release_id)
    return release_out(services.release_publish(release=release, actor=request.user))


@router.get("/idea-roadmap", response={200: RoadmapOut, **ERRORS}, auth=ANYONE)
def roadmap(request, product_area: str = "", segment: str = ""):
    area = slug_lookup(
        visible(request.user, ProductArea.objects.all()), product_area, "product_area"
    )
    chosen = slug_lookup(Segment.objects.filter(is_active=True), segment, "segment")
    columns = selectors.roadmap(viewer=request.user, product_area=area, segment=chosen)
    return {key: [summary_out(i) for i in ideas] for key, ideas in columns.items()}


@router.get(
    "/idea-accountability",
    response={200: AccountabilityOut, **ERRORS},
    auth=ANYONE,
    summary="Ideas that reached the threshold, answered, answered in time, median days",
)
def accountability(request):
    found = selectors.accountability(viewer=request.user)
    return {
        "overall": accountability_row(found["overall"]),
        "per_area": [accountability_row(r) for r in found["per_area"]],
        "per_month": [accountability_row(r) for r in found["per_month"]],
    }
