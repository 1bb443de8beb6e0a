"""Ideas: lists, proposing, similar ideas, editing, deleting, restoring, likes (also on a
customer's behalf), follows, statuses."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Status

from ruche.accounts.models import User
from ruche.core.api import ANYONE
from ruche.core.permissions import check, visible
from ruche.products.models import ProductArea
from ruche.spaces.models import Space

from .. import selectors, services
from ..models import IdeaStatus
from .common import (
    ERRORS,
    idea_for,
    idea_for_write,
    idea_out,
    like_out,
    router,
    segments_from,
    slug_lookup,
    status_out,
    summary_out,
)
from .schemas import (
    FollowingOut,
    IdeaEditIn,
    IdeaIn,
    IdeaOut,
    IdeaPage,
    IdeaSummaryOut,
    LikeOut,
    OnBehalfIn,
    StatusIn,
    StatusOut,
)


@router.get(
    "/ideas",
    response={200: IdeaPage, **ERRORS},
    auth=ANYONE,
    summary="Ideas you may see, prioritised: by likes, momentum, likes of a segment or country…",
)
def idea_list(
    request,
    sort: Literal["likes", "momentum", "newest", "oldest", "segment", "country"] = "likes",
    status: str = Query("", description="A status slug, or a kind (open, planned…)."),
    product_area: str = "",
    segment: str = Query("", description="Ideas that benefit this segment."),
    like_segment: str = Query("", description="sort=segment: the segment whose likes count."),
    country: str = Query("", description="sort=country: the country (two letters)."),
    include_merged: bool = False,
    cursor: str | None = None,
    limit: int = Query(30, ge=1, le=100),
):
    filters = selectors.filters_from(
        viewer=request.user,
        sort=sort,
        status=status,
        product_area=product_area,
        segment=segment,
        like_segment=like_segment,
        country=country,
        include_merged=include_merged,
    )
    page = selectors.idea_list_page(viewer=request.user, filters=filters, cursor=cursor, size=limit)
    return {"items": [summary_out(i) for i in page.items], "next_cursor": page.next_cursor}


@router.post("/ideas", response={201: IdeaOut, **ERRORS}, summary="Propose an idea")
def idea_create(request, payload: IdeaIn):
    space = slug_lookup(visible(request.user, Space.objects.all()), payload.space, "space")
    if space is None:
        raise ValidationError({"space": _("Choose a space.")})
    idea = services.idea_create(
        author=request.user,
        space=space,
        title=payload.title,
        problem=payload.problem,
        solution=payload.solution,
        product_area=slug_lookup(
            visible(request.user, ProductArea.objects.all()), payload.product_area, "product_area"
        ),
        segments=segments_from(payload.segments),
        tags=payload.tags,
    )
    return Status(201, idea_out(idea_for(request, idea.pk), request.user))


@router.get(
    "/ideas/similar",
    response={200: list[IdeaSummaryOut], **ERRORS},
    auth=ANYONE,
    summary="Ideas similar to a title being typed (to like instead of duplicating)",
)
def idea_similar(
    request, title: str = Query(..., max_length=200), limit: int = Query(5, ge=1, le=20)
):
    ideas = selectors.similar_ideas(viewer=request.user, title=title, limit=limit)
    found = selectors.idea_queryset(viewer=request.user).in_bulk([i.pk for i in ideas])
    return [summary_out(found[i.pk]) for i in ideas if i.pk in found]


@router.get("/ideas/{idea_id}", response={200: IdeaOut, **ERRORS}, auth=ANYONE)
def idea_detail(request, idea_id: int):
    return idea_out(idea_for(request, idea_id), request.user)


@router.patch("/ideas/{idea_id}", response={200: IdeaOut, **ERRORS}, summary="Edit an idea")
def idea_edit(request, idea_id: int, payload: IdeaEditIn):
    idea = idea_for(request, idea_id)
    services.idea_edit(
        idea=idea,
        editor=request.user,
        title=payload.title,
        problem=payload.problem,
        solution=payload.solution,
        segments=segments_from(payload.segments),
        tags=payload.tags,
        reason=payload.reason,
    )
    return idea_out(idea_for(request, idea_id), request.user)


@router.delete(
    "/ideas/{idea_id}",
    response={204: None, **ERRORS},
    summary="Delete an idea (moderators; its author while it is open and unanswered)",
)
def idea_delete(
    request, idea_id: int, reason: str = Query("", max_length=500, description="Why (kept).")
):
    services.idea_delete(idea=idea_for(request, idea_id), actor=request.user, reason=reason)
    return Status(204, None)


@router.post(
    "/ideas/{idea_id}/restore",
    response={200: IdeaOut, **ERRORS},
    summary="Moderators: restore a deleted idea",
)
def idea_restore(request, idea_id: int):
    services.idea_restore(idea=idea_for(request, idea_id), actor=request.user)
    return idea_out(idea_for(request, idea_id), request.user)


@router.put("/ideas/{idea_id}/like", response={200: LikeOut, **ERRORS}, summary="Like an idea")
def idea_like(request, idea_id: int):
    idea = idea_for_write(request, idea_id)
    services.idea_like(idea=idea, member=request.user)
    return like_out(idea, True)


@router.delete("/ideas/{idea_id}/like", response={200: LikeOut, **ERRORS})
def idea_unlike(request, idea_id: int):
    idea = idea_for_write(request, idea_id)
    services.idea_unlike(idea=idea, member=request.user)
    return like_out(idea, False)


@router.post(
    "/ideas/{idea_id}/likes-on-behalf",
    response={200: LikeOut, **ERRORS},
    summary="Staff: record the like of a customer met on a call",
)
def idea_like_on_behalf(request, idea_id: int, payload: OnBehalfIn):
    idea = idea_for(request, idea_id)
    check(request.user, "idea.like_on_behalf", idea)
    customer = (
        visible(request.user, User.objects.filter(is_active=True))
        .filter(pk=payload.member_id)
        .first()
    )
    if customer is None:
        raise ValidationError({"member_id": _("No member with this id.")})
    services.idea_like(idea=idea, member=customer, on_behalf_by=request.user)
    return like_out(idea, True)


@router.put("/ideas/{idea_id}/follow", response={200: FollowingOut, **ERRORS})
def idea_follow(request, idea_id: int):
    services.idea_follow(idea=idea_for(request, idea_id), member=request.user)
    return {"following": True}


@router.delete("/ideas/{idea_id}/follow", response={200: FollowingOut, **ERRORS})
def idea_unfollow(request, idea_id: int):
    services.idea_unfollow(idea=idea_for(request, idea_id), member=request.user)
    return {"following": False}


@router.post(
    "/ideas/{idea_id}/status",
    response={200: IdeaOut, **ERRORS},
    summary="Product staff: change the status, with a reason",
)
def idea_set_status(request, idea_id: int, payload: StatusIn):
    idea = idea_for(request, idea_id)
    status = slug_lookup(IdeaStatus.objects.all(), payload.status, "status")
    if status is None:
        raise ValidationError({"status": _("Choose a status.")})
    services.idea_set_status(idea=idea, status=status, actor=request.user, reason=payload.reason)
    return idea_out(idea_for(request, idea_id), request.user)


@router.get("/idea-statuses", response={200: list[StatusOut], **ERRORS}, auth=ANYONE)
def status_list(request):
    services.statuses_ensure_defaults()
    return [status_out(s) for s in IdeaStatus.objects.all()]
