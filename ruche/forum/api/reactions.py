"""Likes of topics and replies, and accepted answers."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.permissions import visible

from .. import services
from ..models import Like, Reply, Topic
from .common import ERRORS, fields_named, reply_for, router, topic_for
from .schemas import AcceptIn, AcceptOut, LikeOut


def _like_state(post: Topic | Reply, member: User) -> dict:
    model = type(post)
    target = {"topic": post} if model is Topic else {"reply": post}
    return {
        "liked": Like.objects.filter(member=member, **target).exists(),
        "like_count": model.objects.values_list("like_count", flat=True).get(pk=post.pk),
    }


@router.put("/topics/{topic_id}/like", response={200: LikeOut, **ERRORS}, summary="Like a topic")
def topic_like(request, topic_id: int):
    topic = topic_for(request, topic_id)
    services.like_add(member=request.user, post=topic)
    return _like_state(topic, request.user)


@router.delete("/topics/{topic_id}/like", response={200: LikeOut, **ERRORS})
def topic_unlike(request, topic_id: int):
    topic = topic_for(request, topic_id)
    services.like_remove(member=request.user, post=topic)
    return _like_state(topic, request.user)


@router.put("/replies/{reply_id}/like", response={200: LikeOut, **ERRORS}, summary="Like a reply")
def reply_like(request, reply_id: int):
    reply = reply_for(request, reply_id)
    services.like_add(member=request.user, post=reply)
    return _like_state(reply, request.user)


@router.delete("/replies/{reply_id}/like", response={200: LikeOut, **ERRORS})
def reply_unlike(request, reply_id: int):
    reply = reply_for(request, reply_id)
    services.like_remove(member=request.user, post=reply)
    return _like_state(reply, request.user)


# --- Accepted answers -------------------------------------------------------------------------


@router.post(
    "/topics/{topic_id}/accept",
    response={200: AcceptOut, **ERRORS},
    summary="Accept a reply as the answer (the asker or staff)",
)
def answer_accept(request, topic_id: int, payload: AcceptIn):
    topic = topic_for(request, topic_id)
    reply = visible(request.user, Reply.objects.all()).filter(pk=payload.reply_id).first()
    if reply is None:
        raise ValidationError({"reply_id": _("This reply does not belong to the question.")})
    with fields_named(reply="reply_id"):
        topic = services.answer_accept(topic=topic, reply=reply, actor=request.user)
    return {"accepted_reply_id": topic.accepted_reply_id, "answered_by": topic.answered_by}


@router.delete("/topics/{topic_id}/accept", response={200: AcceptOut, **ERRORS})
def answer_unaccept(request, topic_id: int):
    topic = services.answer_unaccept(topic=topic_for(request, topic_id), actor=request.user)
    return {"accepted_reply_id": topic.accepted_reply_id, "answered_by": topic.answered_by}
