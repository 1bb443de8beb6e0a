"""Replies of a topic: listing, writing, editing, deleting, restoring, hiding on a flag, and
their revisions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Status

from ruche.core.api import ANYONE
from ruche.core.permissions import can

from .. import selectors, services
from ..models import Reply
from .common import ERRORS, fields_named, reply_for, reply_out, revision_out, router, topic_for
from .schemas import FlagHideIn, ReplyEditIn, ReplyIn, ReplyOut, ReplyPage, RevisionOut


@router.get("/topics/{topic_id}/replies", response={200: ReplyPage, **ERRORS}, auth=ANYONE)
def reply_list(
    request, topic_id: int, cursor: str | None = None, limit: int = Query(100, ge=1, le=100)
):
    topic = topic_for(request, topic_id)
    page = selectors.reply_page(viewer=request.user, topic=topic, cursor=cursor, size=limit)
    return {
        "items": [reply_out(r, topic.accepted_reply_id) for r in page.items],
        "next_cursor": page.next_cursor,
    }


@router.post("/topics/{topic_id}/replies", response={201: ReplyOut, **ERRORS})
def reply_create(request, topic_id: int, payload: ReplyIn):
    topic = topic_for(request, topic_id)
    parent = None
    if payload.parent_id is not None:
        parent = Reply.objects.filter(pk=payload.parent_id, topic=topic).first()
        if parent is None:
            raise ValidationError({"parent_id": _("You can only reply to a reply of this topic.")})
    with fields_named(parent="parent_id"):
        reply = services.reply_create(
            author=request.user, topic=topic, body=payload.body, parent=parent
        )
    return Status(201, reply_out(reply, topic.accepted_reply_id))


@router.patch("/replies/{reply_id}", response={200: ReplyOut, **ERRORS})
def reply_edit(request, reply_id: int, payload: ReplyEditIn):
    reply = services.reply_edit(
        reply=reply_for(request, reply_id),
        editor=request.user,
        body=payload.body,
        reason=payload.reason,
    )
    return reply_out(reply, reply.topic.accepted_reply_id)


@router.delete("/replies/{reply_id}", response={204: None, **ERRORS})
def reply_delete(request, reply_id: int):
    services.reply_delete(reply=reply_for(request, reply_id), actor=request.user)
    return Status(204, None)


@router.post("/replies/{reply_id}/restore", response={200: ReplyOut, **ERRORS})
def reply_restore(request, reply_id: int):
    reply = services.reply_restore(reply=reply_for(request, reply_id), actor=request.user)
    return reply_out(reply, reply.topic.accepted_reply_id)


@router.post(
    "/replies/{reply_id}/hide",
    response={204: None, **ERRORS},
    summary="Hide a reply pending moderation (members with the flag-and-hide ability)",
)
def reply_flag_hide(request, reply_id: int, payload: FlagHideIn):
    with fields_named(post="reply_id"):
        services.post_flag_hide(
            post=reply_for(request, reply_id), actor=request.user, reason=payload.reason
        )
    return Status(204, None)


@router.get("/replies/{reply_id}/revisions", response={200: list[RevisionOut], **ERRORS})
def reply_revisions(request, reply_id: int):
    reply = reply_for(request, reply_id)
    if not can(request.user, "post.see_history", reply):
        raise Http404
    return [revision_out(r) for r in reply.revisions.select_related("editor")]
