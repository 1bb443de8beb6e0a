"""Accepted answers of questions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.events import emit
from ruche.core.permissions import can, check_see

from .. import verbs
from ..models import AnsweredBy, Escalation, EscalationState, Reply, Topic


def answer_accept(*, topic: Topic, reply: Reply, actor: User) -> Topic:
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        check_see(actor, topic)
        if not can(actor, "topic.accept_answer", topic):
            raise PermissionDenied
        if reply.topic_id != topic.pk or reply.is_deleted:
            raise ValidationError({"reply": _("This reply does not belong to the question.")})
        if reply.author_id == topic.author_id:
            raise ValidationError({"reply": _("The asker's own reply cannot be the answer.")})
        topic.accepted_reply = reply
        topic.answered_by = AnsweredBy.STAFF if reply.is_staff_reply else AnsweredBy.PEER
        topic.save(update_fields=["accepted_reply", "answered_by"])
        Escalation.objects.filter(topic=topic).exclude(state=EscalationState.RESOLVED).update(
            state=EscalationState.RESOLVED, resolved_at=timezone.now()
        )
        emit(verbs.answer_accepted(topic=topic, reply=reply, actor=actor))
    return topic


def answer_unaccept(*, topic: Topic, actor: User) -> Topic:
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        check_see(actor, topic)
        if not can(actor, "topic.accept_answer", topic):
            raise PermissionDenied
        if topic.accepted_reply_id:
            topic.accepted_reply = None
            topic.answered_by = AnsweredBy.NONE
            topic.save(update_fields=["accepted_reply", "answered_by"])
            emit(verbs.answer_unaccepted(topic=topic, actor=actor))
    return topic
