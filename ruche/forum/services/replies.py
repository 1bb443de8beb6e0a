"""Replies: writing (also a hosted thread's comments), editing, deleting and restoring them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.events import emit
from ruche.core.markdown import render_markdown
from ruche.core.permissions import Action, can, check_see

from .. import verbs
from ..models import AnsweredBy, Escalation, EscalationState, Reply, Topic
from .posting import (
    author_role,
    check_newcomer_limits,
    clean_text,
    forget_anonymous_pages,
    mentioned_members,
    save_revision,
)


def reply_create(*, author: User, topic: Topic, body: str, parent: Reply | None = None) -> Reply:
    topic = Topic.objects.select_related("space").get(pk=topic.pk)
    check_see(author, topic)
    if not can(author, Action.WRITE, topic):
        if topic.is_locked and author.is_authenticated:
            raise ValidationError({"topic": _("This thread is locked: it takes no new replies.")})
        raise PermissionDenied
    errors = clean_text(body=body)
    if parent is not None and (parent.topic_id != topic.pk or parent.is_deleted):
        errors["parent"] = _("You can only reply to a reply of this topic.")
    if errors:
        raise ValidationError(errors)
    rendered = render_markdown(body)
    check_newcomer_limits(author, rendered)
    now = timezone.now()
    is_staff = author.is_staff_member
    with transaction.atomic():
        reply = Reply.objects.create(
            topic=topic,
            parent=parent,
            author=author,
            author_role=author_role(author),
            is_staff_reply=is_staff,
            body=body.strip(),
            body_html=rendered.html,
            language=author.language,
            created_at=now,
        )
        Topic.objects.filter(pk=topic.pk).update(
            reply_count=F("reply_count") + 1, last_activity_at=now
        )
        if is_staff and author.pk != topic.author_id:
            Topic.objects.filter(pk=topic.pk, first_staff_reply_at__isnull=True).update(
                first_staff_reply_at=now
            )
            Escalation.objects.filter(topic=topic, first_staff_reply_at__isnull=True).update(
                first_staff_reply_at=now
            )
            Escalation.objects.filter(topic=topic, state=EscalationState.OPEN).update(
                state=EscalationState.ANSWERED
            )
        mentions = mentioned_members(rendered.mentions, topic.space, author)
        emit(
            verbs.reply_created(
                reply=reply, space_id=topic.space_id, mentions=[m.pk for m in mentions]
            )
        )
    return reply


def reply_edit(*, reply: Reply, editor: User, body: str, reason: str = "") -> Reply:
    with transaction.atomic():
        reply = Reply.objects.select_for_update().select_related("topic__space").get(pk=reply.pk)
        check_see(editor, reply)
        if not can(editor, "post.edit", reply):
            raise PermissionDenied
        errors = clean_text(body=body)
        if errors:
            raise ValidationError(errors)
        if body.strip() != reply.body:
            save_revision(reply, editor, reason)
            reply.body = body.strip()
            reply.body_html = render_markdown(body).html
            reply.edited_at = timezone.now()
            reply.save(update_fields=["body", "body_html", "edited_at"])
            emit(verbs.reply_edited(reply=reply, editor=editor, space_id=reply.topic.space_id))
            forget_anonymous_pages()  # an edit may take back what was written
    return reply


def reply_delete(*, reply: Reply, actor: User) -> Reply:
    with transaction.atomic():
        reply = Reply.objects.select_for_update().select_related("topic__space").get(pk=reply.pk)
        check_see(actor, reply)
        if not can(actor, "post.edit", reply):
            raise PermissionDenied
        reply.is_deleted = True
        reply.deleted_at = timezone.now()
        reply.deleted_by = actor
        reply.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
        Topic.objects.filter(pk=reply.topic_id, reply_count__gt=0).update(
            reply_count=F("reply_count") - 1
        )
        # A deleted reply cannot stay the accepted answer.
        Topic.objects.filter(pk=reply.topic_id, accepted_reply=reply).update(
            accepted_reply=None, answered_by=AnsweredBy.NONE
        )
        emit(verbs.reply_deleted(reply=reply, actor=actor, space_id=reply.topic.space_id))
        forget_anonymous_pages()
    return reply


def reply_restore(*, reply: Reply, actor: User) -> Reply:
    with transaction.atomic():
        reply = Reply.objects.select_for_update().select_related("topic__space").get(pk=reply.pk)
        if not can(actor, "post.restore", reply):
            raise PermissionDenied
        if reply.is_deleted:
            reply.is_deleted = False
            reply.deleted_at = None
            reply.deleted_by = None
            reply.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
            Topic.objects.filter(pk=reply.topic_id).update(reply_count=F("reply_count") + 1)
            emit(verbs.reply_restored(reply=reply, actor=actor, space_id=reply.topic.space_id))
            forget_anonymous_pages()
    return reply
