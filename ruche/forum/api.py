"""The forum's JSON API: topics, replies, likes, accepted answers, follows, support, uploads.

Handlers stay thin: they find what the visitor may see (404 otherwise), turn ids and slugs into
objects and call the services, which hold every rule (422 for bad input, 403 for a forbidden
action on something visible).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from ruche.accounts.models import User
from ruche.api import ANYONE, ErrorOut
from ruche.core.pagination import paginate_asc, paginate_desc
from ruche.core.permissions import visible
from ruche.core.schemas import MemberRef, TranslatedRef, member_ref, translated_ref
from ruche.products.models import ProductArea
from ruche.spaces.models import Space

from . import selectors, services
from .models import (
    Escalation,
    EscalationReason,
    EscalationState,
    Follow,
    FollowTarget,
    Like,
    Reply,
    Revision,
    Tag,
    Topic,
    TopicKind,
)
from .permissions import (
    may_accept_answer,
    may_edit_post,
    may_escalate,
    may_moderate_space,
    may_see_history,
    may_work_support_queue,
)

router = Router(tags=["forum"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# --- Schemas ----------------------------------------------------------------------------------


class AuthorOut(Schema):
    id: int
    display_name: str
    role: str


class TagOut(Schema):
    slug: str
    name: str


class TopicSummaryOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    space: TranslatedRef
    product_area: TranslatedRef | None
    tags: list[TagOut]
    author: AuthorOut
    created_at: datetime
    last_activity_at: datetime
    reply_count: int
    like_count: int
    answered_by: str
    is_deleted: bool
    url: str


class TopicPage(Schema):
    items: list[TopicSummaryOut]
    next_cursor: str | None


class TocEntry(Schema):
    level: int
    id: str
    text: str


class TopicOut(TopicSummaryOut):
    body: str
    body_html: str
    toc: list[TocEntry]
    language: str
    reading_minutes: int
    edited_at: datetime | None
    accepted_reply_id: int | None
    liked: bool
    helpful_yes: int
    helpful_no: int
    may_edit: bool
    may_accept: bool
    may_escalate: bool
    may_moderate: bool


class TopicIn(Schema):
    space: str = Field(description="The space's slug.")
    kind: str = Field(description="question, testimonial, discussion or article.")
    title: str
    body: str = Field(description="Markdown.")
    product_area: str | None = Field(None, description="Product area slug.")
    tags: list[str] = []
    summary: str = ""


class TopicEditIn(Schema):
    title: str | None = None
    body: str | None = None
    summary: str | None = None
    tags: list[str] | None = None
    reason: str = Field("", max_length=200)


class TopicTagsIn(Schema):
    tags: list[str] = Field(max_length=20)


class TopicMoveIn(Schema):
    space: str = Field(description="Slug of the space to move the topic to")


class FlagHideIn(Schema):
    reason: str = Field(description="Why it is hidden, at most 200 characters")


class ReplyOut(Schema):
    id: int
    topic_id: int
    parent_id: int | None
    in_reply_to: MemberRef | None
    author: AuthorOut
    is_staff_reply: bool
    body: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    like_count: int
    liked: bool
    is_accepted: bool
    is_deleted: bool


class ReplyPage(Schema):
    items: list[ReplyOut]
    next_cursor: str | None


class ReplyIn(Schema):
    body: str = Field(description="Markdown.")
    parent_id: int | None = None


class ReplyEditIn(Schema):
    body: str
    reason: str = Field("", max_length=200)


class RevisionOut(Schema):
    id: int
    created_at: datetime
    editor: MemberRef | None
    title: str
    body: str
    reason: str


class LikeOut(Schema):
    liked: bool
    like_count: int


class AcceptIn(Schema):
    reply_id: int


class AcceptOut(Schema):
    accepted_reply_id: int | None
    answered_by: str


class FollowOut(Schema):
    target_type: str
    target_id: int
    name: str | None = Field(description="Empty when the target is no longer visible to you.")
    created_at: datetime


class FollowPage(Schema):
    items: list[FollowOut]
    next_cursor: str | None


class FollowingOut(Schema):
    following: bool


class EscalationTopicOut(Schema):
    id: int
    title: str
    space: TranslatedRef
    author: MemberRef


class EscalationOut(Schema):
    id: int
    topic: EscalationTopicOut
    reason: str
    state: str
    assigned_to: MemberRef | None
    asked_at: datetime
    escalated_at: datetime
    first_staff_reply_at: datetime | None
    resolved_at: datetime | None


class EscalationPage(Schema):
    items: list[EscalationOut]
    next_cursor: str | None


class EscalationIn(Schema):
    assigned_to: int | None = Field(None, description="A staff member's id, or null to release.")
    state: str | None = Field(None, description="open, answered or resolved.")


class HelpfulIn(Schema):
    helpful: bool


class HelpfulOut(Schema):
    helpful: bool
    helpful_yes: int
    helpful_no: int


class UploadOut(Schema):
    id: int
    url: str
    markdown: str
    width: int
    height: int


# --- Helpers ----------------------------------------------------------------------------------


@contextmanager
def _fields_named(**names: str) -> Iterator[None]:
    """Report a service's field errors under the API's input names (``reply`` → ``reply_id``)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): errors for field, errors in exc.error_dict.items()}
        ) from exc


def _author(member: User, role: str) -> dict:
    return {"id": member.pk, "display_name": member.public_name, "role": role or "member"}


def _topic_summary(topic: Topic) -> dict:
    return {
        "id": topic.pk,
        "kind": topic.kind,
        "title": topic.title,
        "summary": topic.summary,
        "space": translated_ref(topic.space),
        "product_area": translated_ref(topic.product_area),
        "tags": [{"slug": t.slug, "name": t.name} for t in topic.tags.all()],
        "author": _author(topic.author, topic.author_role),
        "created_at": topic.created_at,
        "last_activity_at": topic.last_activity_at,
        "reply_count": topic.reply_count,
        "like_count": topic.like_count,
        "answered_by": topic.answered_by,
        "is_deleted": topic.is_deleted,
        "url": topic.get_absolute_url(),
    }


def _topic_out(topic: Topic, viewer) -> dict:
    return _topic_summary(topic) | {
        "body": topic.body,
        "body_html": topic.body_html,
        "toc": topic.toc,
        "language": topic.language,
        "reading_minutes": topic.reading_minutes,
        "edited_at": topic.edited_at,
        "accepted_reply_id": topic.accepted_reply_id,
        "liked": bool(getattr(topic, "liked", False)),
        "helpful_yes": topic.helpful_yes,
        "helpful_no": topic.helpful_no,
        "may_edit": may_edit_post(viewer, topic),
        "may_accept": may_accept_answer(viewer, topic),
        "may_escalate": may_escalate(viewer, topic),
        "may_moderate": may_moderate_space(viewer, topic.space),
    }


def _reply_out(reply: Reply, accepted_reply_id: int | None) -> dict:
    parent = reply.parent
    return {
        "id": reply.pk,
        "topic_id": reply.topic_id,
        "parent_id": reply.parent_id,
        "in_reply_to": member_ref(parent.author) if parent is not None else None,
        "author": _author(reply.author, reply.author_role),
        "is_staff_reply": reply.is_staff_reply,
        "body": reply.body,
        "body_html": reply.body_html,
        "created_at": reply.created_at,
        "edited_at": reply.edited_at,
        "like_count": reply.like_count,
        "liked": bool(getattr(reply, "liked", False)),
        "is_accepted": reply.pk == accepted_reply_id,
        "is_deleted": reply.is_deleted,
    }


def _revision_out(revision: Revision) -> dict:
    return {
        "id": revision.pk,
        "created_at": revision.created_at,
        "editor": member_ref(revision.editor) if revision.editor else None,
        "title": revision.title,
        "body": revision.body,
        "reason": revision.reason,
    }


def _escalation_out(escalation: Escalation) -> dict:
    topic = escalation.topic
    return {
        "id": escalation.pk,
        "topic": {
            "id": topic.pk,
            "title": topic.title,
            "space": translated_ref(topic.space),
            "author": member_ref(topic.author),
        },
        "reason": escalation.reason,
        "state": escalation.state,
        "assigned_to": member_ref(escalation.assigned_to) if escalation.assigned_to else None,
        "asked_at": escalation.asked_at,
        "escalated_at": escalation.escalated_at,
        "first_staff_reply_at": escalation.first_staff_reply_at,
        "resolved_at": escalation.resolved_at,
    }


def _topic(request, topic_id: int) -> Topic:
    """The topic for a write, or 404 when the visitor may not know it exists."""
    return get_object_or_404(
        visible(request.user, Topic.objects.select_related("space")), pk=topic_id
    )


def _reply(request, reply_id: int) -> Reply:
    return get_object_or_404(
        visible(request.user, Reply.objects.select_related("topic__space")), pk=reply_id
    )


def _slug_lookup(queryset, slug: str | None, field: str):
    """A filter or input given by slug; an unknown (or invisible) one is a 422 on ``field``."""
    if not slug:
        return None
    found = queryset.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: _("Unknown %(field)s.") % {"field": field}})
    return found


# --- Topics -----------------------------------------------------------------------------------


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
    if kind and kind not in TopicKind.values:
        raise ValidationError({"kind": _("Unknown kind of topic.")})
    page = selectors.topic_list_page(
        viewer=request.user,
        order=order,
        period=period,
        space=_slug_lookup(visible(request.user, Space.objects.all()), space, "space"),
        tag=_slug_lookup(Tag.objects.all(), tag, "tag"),
        product_area=_slug_lookup(
            visible(request.user, ProductArea.objects.all()), product_area, "product_area"
        ),
        kind=kind or None,
        cursor=cursor,
        size=limit,
    )
    return {"items": [_topic_summary(t) for t in page.items], "next_cursor": page.next_cursor}


@router.post("/topics", response={201: TopicOut, **ERRORS}, summary="Start a topic")
def topic_create(request, payload: TopicIn):
    space = _slug_lookup(visible(request.user, Space.objects.all()), payload.space, "space")
    if space is None:
        raise ValidationError({"space": _("Choose a space.")})
    area = _slug_lookup(
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
        201, _topic_out(selectors.topic_get(viewer=request.user, topic_id=topic.pk), request.user)
    )


@router.get("/topics/{topic_id}", response={200: TopicOut, **ERRORS}, auth=ANYONE)
def topic_detail(request, topic_id: int):
    return _topic_out(selectors.topic_get(viewer=request.user, topic_id=topic_id), request.user)


@router.patch("/topics/{topic_id}", response={200: TopicOut, **ERRORS}, summary="Edit a topic")
def topic_edit(request, topic_id: int, payload: TopicEditIn):
    changes = payload.model_dump(exclude_unset=True)
    services.topic_edit(topic=_topic(request, topic_id), editor=request.user, **changes)
    return _topic_out(selectors.topic_get(viewer=request.user, topic_id=topic_id), request.user)


@router.delete(
    "/topics/{topic_id}", response={204: None, **ERRORS}, summary="Delete a topic (restorable)"
)
def topic_delete(request, topic_id: int):
    services.topic_delete(topic=_topic(request, topic_id), actor=request.user)
    return Status(204, None)


@router.post(
    "/topics/{topic_id}/restore",
    response={200: TopicOut, **ERRORS},
    summary="Restore a deleted topic (moderators)",
)
def topic_restore(request, topic_id: int):
    services.topic_restore(topic=_topic(request, topic_id), actor=request.user)
    return _topic_out(selectors.topic_get(viewer=request.user, topic_id=topic_id), request.user)


@router.put(
    "/topics/{topic_id}/tags",
    response={200: TopicOut, **ERRORS},
    summary="Replace a topic's tags (its author, moderators, members with the retag ability)",
)
def topic_retag(request, topic_id: int, payload: TopicTagsIn):
    services.topic_retag(topic=_topic(request, topic_id), actor=request.user, tags=payload.tags)
    return _topic_out(selectors.topic_get(viewer=request.user, topic_id=topic_id), request.user)


@router.post(
    "/topics/{topic_id}/move",
    response={200: TopicOut, **ERRORS},
    summary="Move a topic to another space (moderators, members with the move ability)",
)
def topic_move(request, topic_id: int, payload: TopicMoveIn):
    topic = _topic(request, topic_id)
    space = _slug_lookup(visible(request.user, Space.objects.all()), payload.space, "space")
    if space is None:
        raise ValidationError({"space": _("Choose a space.")})
    services.topic_move(topic=topic, actor=request.user, space=space)
    return _topic_out(selectors.topic_get(viewer=request.user, topic_id=topic_id), request.user)


@router.post(
    "/topics/{topic_id}/hide",
    response={204: None, **ERRORS},
    summary="Hide a topic pending moderation (members with the flag-and-hide ability)",
)
def topic_flag_hide(request, topic_id: int, payload: FlagHideIn):
    with _fields_named(post="topic_id"):
        services.post_flag_hide(
            post=_topic(request, topic_id), actor=request.user, reason=payload.reason
        )
    return Status(204, None)


@router.get(
    "/topics/{topic_id}/revisions",
    response={200: list[RevisionOut], **ERRORS},
    summary="Earlier versions of a topic (its author and moderators)",
)
def topic_revisions(request, topic_id: int):
    topic = _topic(request, topic_id)
    if not may_see_history(request.user, topic):
        raise Http404
    return [_revision_out(r) for r in topic.revisions.select_related("editor")]


# --- Replies ----------------------------------------------------------------------------------


@router.get("/topics/{topic_id}/replies", response={200: ReplyPage, **ERRORS}, auth=ANYONE)
def reply_list(
    request, topic_id: int, cursor: str | None = None, limit: int = Query(100, ge=1, le=100)
):
    topic = _topic(request, topic_id)
    page = selectors.reply_page(viewer=request.user, topic=topic, cursor=cursor, size=limit)
    return {
        "items": [_reply_out(r, topic.accepted_reply_id) for r in page.items],
        "next_cursor": page.next_cursor,
    }


@router.post("/topics/{topic_id}/replies", response={201: ReplyOut, **ERRORS})
def reply_create(request, topic_id: int, payload: ReplyIn):
    topic = _topic(request, topic_id)
    parent = None
    if payload.parent_id is not None:
        parent = Reply.objects.filter(pk=payload.parent_id, topic=topic).first()
        if parent is None:
            raise ValidationError({"parent_id": _("You can only reply to a reply of this topic.")})
    with _fields_named(parent="parent_id"):
        reply = services.reply_create(
            author=request.user, topic=topic, body=payload.body, parent=parent
        )
    return Status(201, _reply_out(reply, topic.accepted_reply_id))


@router.patch("/replies/{reply_id}", response={200: ReplyOut, **ERRORS})
def reply_edit(request, reply_id: int, payload: ReplyEditIn):
    reply = services.reply_edit(
        reply=_reply(request, reply_id),
        editor=request.user,
        body=payload.body,
        reason=payload.reason,
    )
    return _reply_out(reply, reply.topic.accepted_reply_id)


@router.delete("/replies/{reply_id}", response={204: None, **ERRORS})
def reply_delete(request, reply_id: int):
    services.reply_delete(reply=_reply(request, reply_id), actor=request.user)
    return Status(204, None)


@router.post("/replies/{reply_id}/restore", response={200: ReplyOut, **ERRORS})
def reply_restore(request, reply_id: int):
    reply = services.reply_restore(reply=_reply(request, reply_id), actor=request.user)
    return _reply_out(reply, reply.topic.accepted_reply_id)


@router.post(
    "/replies/{reply_id}/hide",
    response={204: None, **ERRORS},
    summary="Hide a reply pending moderation (members with the flag-and-hide ability)",
)
def reply_flag_hide(request, reply_id: int, payload: FlagHideIn):
    with _fields_named(post="reply_id"):
        services.post_flag_hide(
            post=_reply(request, reply_id), actor=request.user, reason=payload.reason
        )
    return Status(204, None)


@router.get("/replies/{reply_id}/revisions", response={200: list[RevisionOut], **ERRORS})
def reply_revisions(request, reply_id: int):
    reply = _reply(request, reply_id)
    if not may_see_history(request.user, reply):
        raise Http404
    return [_revision_out(r) for r in reply.revisions.select_related("editor")]


# --- Likes ------------------------------------------------------------------------------------


def _like_state(post: Topic | Reply, member: User) -> dict:
    model = type(post)
    target = {"topic": post} if model is Topic else {"reply": post}
    return {
        "liked": Like.objects.filter(member=member, **target).exists(),
        "like_count": model.objects.values_list("like_count", flat=True).get(pk=post.pk),
    }


@router.put("/topics/{topic_id}/like", response={200: LikeOut, **ERRORS}, summary="Like a topic")
def topic_like(request, topic_id: int):
    topic = _topic(request, topic_id)
    services.like_add(member=request.user, post=topic)
    return _like_state(topic, request.user)


@router.delete("/topics/{topic_id}/like", response={200: LikeOut, **ERRORS})
def topic_unlike(request, topic_id: int):
    topic = _topic(request, topic_id)
    services.like_remove(member=request.user, post=topic)
    return _like_state(topic, request.user)


@router.put("/replies/{reply_id}/like", response={200: LikeOut, **ERRORS}, summary="Like a reply")
def reply_like(request, reply_id: int):
    reply = _reply(request, reply_id)
    services.like_add(member=request.user, post=reply)
    return _like_state(reply, request.user)


@router.delete("/replies/{reply_id}/like", response={200: LikeOut, **ERRORS})
def reply_unlike(request, reply_id: int):
    reply = _reply(request, reply_id)
    services.like_remove(member=request.user, post=reply)
    return _like_state(reply, request.user)


# --- Accepted answers -------------------------------------------------------------------------


@router.post(
    "/topics/{topic_id}/accept",
    response={200: AcceptOut, **ERRORS},
    summary="Accept a reply as the answer (the asker or staff)",
)
def answer_accept(request, topic_id: int, payload: AcceptIn):
    topic = _topic(request, topic_id)
    reply = visible(request.user, Reply.objects.all()).filter(pk=payload.reply_id).first()
    if reply is None:
        raise ValidationError({"reply_id": _("This reply does not belong to the question.")})
    with _fields_named(reply="reply_id"):
        topic = services.answer_accept(topic=topic, reply=reply, actor=request.user)
    return {"accepted_reply_id": topic.accepted_reply_id, "answered_by": topic.answered_by}


@router.delete("/topics/{topic_id}/accept", response={200: AcceptOut, **ERRORS})
def answer_unaccept(request, topic_id: int):
    topic = services.answer_unaccept(topic=_topic(request, topic_id), actor=request.user)
    return {"accepted_reply_id": topic.accepted_reply_id, "answered_by": topic.answered_by}


# --- Follows ----------------------------------------------------------------------------------


@router.put("/follows/{target_type}/{target_id}", response={200: FollowingOut, **ERRORS})
def follow(request, target_type: str, target_id: int):
    services.follow_add(member=request.user, target_type=target_type, target_id=target_id)
    return {"following": True}


@router.delete("/follows/{target_type}/{target_id}", response={200: FollowingOut, **ERRORS})
def unfollow(request, target_type: str, target_id: int):
    services.follow_remove(member=request.user, target_type=target_type, target_id=target_id)
    return {"following": False}


_FOLLOW_MODELS = {
    FollowTarget.TOPIC: (Topic, "title"),
    FollowTarget.SPACE: (Space, "name"),
    FollowTarget.TAG: (Tag, "name"),
    FollowTarget.PRODUCT_AREA: (ProductArea, "name"),
}


def _follow_names(follows: list[Follow], viewer) -> dict[tuple[str, int], str]:
    """Names of what is followed, one query per kind of target, only for what is still visible."""
    names: dict[tuple[str, int], str] = {}
    for target_type, (model, attribute) in _FOLLOW_MODELS.items():
        ids = [f.target_id for f in follows if f.target_type == target_type]
        if not ids:
            continue
        queryset = model.objects.all() if model is Tag else visible(viewer, model.objects.all())
        for obj in queryset.filter(pk__in=ids):
            names[(target_type, obj.pk)] = str(getattr(obj, attribute))
    return names


@router.get("/me/follows", response={200: FollowPage, **ERRORS}, summary="What I follow")
def my_follows(request, cursor: str | None = None, limit: int = Query(50, ge=1, le=100)):
    page = paginate_desc(
        Follow.objects.filter(member=request.user),
        field="created_at",
        cursor=cursor,
        size=limit,
        tiebreak="id",
    )
    names = _follow_names(page.items, request.user)
    return {
        "items": [
            {
                "target_type": f.target_type,
                "target_id": f.target_id,
                "name": names.get((f.target_type, f.target_id)),
                "created_at": f.created_at,
            }
            for f in page.items
        ],
        "next_cursor": page.next_cursor,
    }


# --- Support escalation -----------------------------------------------------------------------


@router.post(
    "/topics/{topic_id}/escalate",
    response={200: EscalationOut, **ERRORS},
    summary="Hand a question to the support team (the asker or a moderator)",
)
def escalate(request, topic_id: int):
    topic = _topic(request, topic_id)
    # The asker asks for help; anyone else allowed to do it does so as a moderator.
    reason = (
        EscalationReason.MEMBER
        if topic.author_id == request.user.pk
        else EscalationReason.MODERATOR
    )
    escalation = services.escalation_raise(topic=topic, actor=request.user, reason=reason)
    return _escalation_out(selectors.escalation_queue(state="").get(pk=escalation.pk))


def _check_support_staff(user) -> None:
    if not may_work_support_queue(user):
        raise PermissionDenied


@router.get(
    "/support/queue",
    response={200: EscalationPage, **ERRORS},
    summary="Escalated questions, oldest first (staff)",
)
def support_queue(
    request,
    state: str = "open",
    assigned_to: int | None = None,
    cursor: str | None = None,
    limit: int = Query(50, ge=1, le=100),
):
    _check_support_staff(request.user)
    if state and state not in EscalationState.values:
        raise ValidationError({"state": _("Unknown state.")})
    queryset = selectors.escalation_queue(state=state)
    if assigned_to is not None:
        queryset = queryset.filter(assigned_to_id=assigned_to)
    page = paginate_asc(queryset, field="escalated_at", cursor=cursor, size=limit, tiebreak="id")
    return {"items": [_escalation_out(e) for e in page.items], "next_cursor": page.next_cursor}


@router.patch(
    "/support/escalations/{escalation_id}",
    response={200: EscalationOut, **ERRORS},
    summary="Assign or change the state of a support request (staff)",
)
def support_update(request, escalation_id: int, payload: EscalationIn):
    _check_support_staff(request.user)
    escalation = get_object_or_404(Escalation, pk=escalation_id)
    changes = payload.model_dump(exclude_unset=True)
    if "assigned_to" in changes:
        agent = None
        if changes["assigned_to"] is not None:
            agent = User.objects.filter(pk=changes["assigned_to"], is_active=True).first()
            if agent is None:
                raise ValidationError({"assigned_to": _("Unknown member.")})
        with _fields_named(agent="assigned_to"):
            services.escalation_assign(escalation=escalation, agent=agent, actor=request.user)
    if "state" in changes:
        services.escalation_set_state(
            escalation=escalation, state=changes["state"] or "", actor=request.user
        )
    return _escalation_out(selectors.escalation_queue(state="").get(pk=escalation.pk))


# --- Articles and uploads ---------------------------------------------------------------------


@router.put(
    "/topics/{topic_id}/helpful",
    response={200: HelpfulOut, **ERRORS},
    summary="Say whether an article helped you (changeable)",
)
def article_vote(request, topic_id: int, payload: HelpfulIn):
    topic = services.article_vote(
        topic=_topic(request, topic_id), member=request.user, helpful=payload.helpful
    )
    return {
        "helpful": payload.helpful,
        "helpful_yes": topic.helpful_yes,
        "helpful_no": topic.helpful_no,
    }


@router.post("/uploads", response={201: UploadOut, **ERRORS}, summary="Upload a picture for a post")
def upload(request, file: File[UploadedFile]):
    stored = services.upload_image(uploader=request.user, upload=file)
    url = stored.file.url
    return Status(
        201,
        {
            "id": stored.pk,
            "url": url,
            "markdown": f"![]({url})",
            "width": stored.width,
            "height": stored.height,
        },
    )
