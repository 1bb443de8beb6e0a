"""What the forum's API handlers share: turning rows into responses, finding what the visitor
may see (404 otherwise), naming a service's field errors after the API's inputs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.api import ErrorOut
from ruche.core.permissions import Action, can, visible
from ruche.core.schemas import member_ref, translated_ref

from ..models import Escalation, Reply, Revision, Topic
from .router import OperationIdsRouter

router = OperationIdsRouter(operation_prefix="ruche_forum_api", tags=["forum"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


@contextmanager
def fields_named(**names: str) -> Iterator[None]:
    """Report a service's field errors under the API's input names (``reply`` → ``reply_id``)."""
    try:
        yield
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise
        raise ValidationError(
            {names.get(field, field): errors for field, errors in exc.error_dict.items()}
        ) from exc


def author_out(member: User, role: str) -> dict:
    return {"id": member.pk, "display_name": member.public_name, "role": role or "member"}


def topic_summary(topic: Topic) -> dict:
    return {
        "id": topic.pk,
        "kind": topic.kind,
        "title": topic.title,
        "summary": topic.summary,
        "space": translated_ref(topic.space),
        "product_area": translated_ref(topic.product_area),
        "tags": [{"slug": t.slug, "name": t.name} for t in topic.tags.all()],
        "author": author_out(topic.author, topic.author_role),
        "created_at": topic.created_at,
        "last_activity_at": topic.last_activity_at,
        "reply_count": topic.reply_count,
        "like_count": topic.like_count,
        "answered_by": topic.answered_by,
        "is_deleted": topic.is_deleted,
        "url": topic.get_absolute_url(),
    }


def topic_out(topic: Topic, viewer) -> dict:
    return topic_summary(topic) | {
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
        "may_edit": can(viewer, "post.edit", topic),
        "may_accept": can(viewer, "topic.accept_answer", topic),
        "may_escalate": can(viewer, "topic.escalate", topic),
        "may_moderate": can(viewer, Action.MODERATE, topic),
    }


def reply_out(reply: Reply, accepted_reply_id: int | None) -> dict:
    parent = reply.parent
    return {
        "id": reply.pk,
        "topic_id": reply.topic_id,
        "parent_id": reply.parent_id,
        "in_reply_to": member_ref(parent.author) if parent is not None else None,
        "author": author_out(reply.author, reply.author_role),
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


def revision_out(revision: Revision) -> dict:
    return {
        "id": revision.pk,
        "created_at": revision.created_at,
        "editor": member_ref(revision.editor) if revision.editor else None,
        "title": revision.title,
        "body": revision.body,
        "reason": revision.reason,
    }


def escalation_out(escalation: Escalation) -> dict:
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


def topic_for(request, topic_id: int) -> Topic:
    """The topic for a write, or 404 when the visitor may not know it exists."""
    return get_object_or_404(
        visible(request.user, Topic.objects.select_related("space")), pk=topic_id
    )


def reply_for(request, reply_id: int) -> Reply:
    return get_object_or_404(
        visible(request.user, Reply.objects.select_related("topic__space")), pk=reply_id
    )


def slug_lookup(queryset, slug: str | None, field: str):
    """A filter or input given by slug; an unknown (or invisible) one is a 422 on ``field``."""
    if not slug:
        return None
    found = queryset.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: _("Unknown %(field)s.") % {"field": field}})
    return found
