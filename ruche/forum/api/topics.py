"""Topics: lists, starting, editing, deleting, restoring, retagging, moving, hiding on a flag,
and their revisions."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Status

from ruche.core.api import ANYONE
from ruche.core.permissions import can, visible
from ruche.products.models import ProductArea
from ruche.spaces.models import Space

from .. import kinds, selectors, services
from ..models import Tag
from .common import (
    ERRORS,
    fields_named,
    revision_out,
    router,
    slug_lookup,
    topic_for,
    topic_out,
    topic_summary,
)
from .schemas import (
    FlagHideIn,
    RevisionOut,
    TopicEditIn,
    TopicIn,
    TopicMoveIn,
    TopicOut,
    TopicPage,
    TopicTagsIn,
)


@router.get(
    "/topics",
    response={200: TopicPage, **ERRORS},
    auth=ANYONE,
    summary="Topics you may see: latest, unanswered or top",
)
def topic_list(
    request,
    order: Literal["latest", "unanswered", "top"] = "latest",
    period: Literal["week", "month", "year", "all"] = "all",
    space: str | None = None,
    tag: str | None = None,
    product_area: str | None = None,
    kind: str | None = None,
    cursor: str | None = None,
    limit: int = Query(30, ge=1, le=100),
):
    if kind and not kinds.is_known(kind):
        raise ValidationError({"kind": _("Unknown kind of topic.")})
    page = selectors.topic_list_page(
        viewer=request.user,
        order=order,
        period=period,
        space=slug_lookup(visible(request.user, Space.objects.all()), space, "space"),
        tag=slug_lookup(Tag.objects.all(), tag, "tag"),
        product_area=slug_lookup(
            visible(request.user, ProductArea.objects.all()), product_area, "product_area"
        ),
        kind=kind or None,
        cursor=cursor,
        size=limit,
    )
    return {"items": [topic_summary(t) for t in page.items], "next_cursor": page.next_cursor}


@router.post("/topics", response={201: TopicOut, **ERRORS}, summary="Start a topic")
def topic_create(request, payload: TopicIn):
    space = slug_lookup(visible(request.user, Space.objects.all()), payload.space, "space")
    if space is None:
        raise ValidationError({"space": _("Choose a space.")})
    area = slug_lookup(
        visible(request.user, ProductArea.objects.all()), payload.product_area, "product_area"
    )
    topic = services.topic_create(
        author=request.user,
        space=space,
        kind=payload.kind,
        title=payload.title,
        body=payload.body,
        product_area=area,
        tags=payload.tags,
        summary=payload.summary,
    )
    return Status(
        201, topic_out(selectors.topic_get(viewer=request.user, topic_id=topic.pk), request.user)
    )


@router.get("/topics/{topic_id}", response={200: TopicOut, **ERRORS}, auth=ANYONE)
def topic_detail(request, topic_id: int):
    return topic_out(selectors.topic_get(viewer=request.user, topic_id=topic_id), request.user)


@router.patch("/topics/{topic_id}", response={200: TopicOut, **ERRORS}, summary="Edit a topic")
def topic_edit(request, topic_id: int, payload: TopicEditIn):
    changes = payload.model_dump(exclude_unset=True)
    services.topic_edit(topic=topic_for(request, topic_id), editor=request.user, **changes)
    return topic_out(selectors.topic_get(viewer=request.user, topic_id=topic_id), request.user)


@router.delete(
    "/topics/{topic_id}", response={204: None, **ERRORS}, summary="Delete a topic (restorable)"
)
def topic_delete(request, topic_id: int):
    services.topic_delete(topic=topic_for(request, topic_id), actor=request.user)
    return Status(204, None)


@router.post(
    "/topics/{topic_id}/restore",
    response={200: TopicOut, **ERRORS},
    summary="Restore a deleted topic (moderators)",
)
def topic_restore(request, topic_id: int):
    services.topic_restore(topic=topic_for(request, topic_id), actor=request.user)
    return topic_out(selectors.topic_get(viewer=request.user, topic_id=topic_id), request.user)


@router.put(
    "/topics/{topic_id}/tags",
    response={200: TopicOut, **ERRORS},
    summary="Replace a topic's tags (its author, moderators, members with the retag ability)",
)
def topic_retag(request, topic_id: int, payload: TopicTagsIn):
    services.topic_retag(topic=topic_for(request, topic_id), actor=request.user, tags=payload.tags)
    return topic_out(selectors.topic_get(viewer=request.user, topic_id=topic_id), request.user)


@router.post(
    "/topics/{topic_id}/move",
    response={200: TopicOut, **ERRORS},
    summary="Move a topic to another space (moderators, members with the move ability)",
)
def topic_move(request, topic_id: int, payload: TopicMoveIn):
    topic = topic_for(request, topic_id)
    space = slug_lookup(visible(request.user, Space.objects.all()), payload.space, "space")
    if space is None:
        raise ValidationError({"space": _("Choose a space.")})
    services.topic_move(topic=topic, actor=request.user, space=space)
    return topic_out(selectors.topic_get(viewer=request.user, topic_id=topic_id), request.user)


@router.post(
    "/topics/{topic_id}/hide",
    response={204: None, **ERRORS},
    summary="Hide a topic pending moderation (members with the flag-and-hide ability)",
)
def topic_flag_hide(request, topic_id: int, payload: FlagHideIn):
    with fields_named(post="topic_id"):
        services.post_flag_hide(
            post=topic_for(request, topic_id), actor=request.user, reason=payload.reason
        )
    return Status(204, None)


@router.get(
    "/topics/{topic_id}/revisions",
    response={200: list[RevisionOut], **ERRORS},
    summary="Earlier versions of a topic (its author and moderators)",
)
def topic_revisions(request, topic_id: int):
    topic = topic_for(request, topic_id)
    if not can(request.user, "post.see_history", topic):
        raise Http404
    return [revision_out(r) for r in topic.revisions.select_related("editor")]
