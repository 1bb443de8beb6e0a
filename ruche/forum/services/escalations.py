"""Questions handed to the support team: by the asker, a moderator, or the scheduler (never while
a page is read: ``escalate_unanswered`` runs from Celery beat and its command)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.events import emit
from ruche.core.permissions import can, check_see

from .. import verbs
from ..conf import ESCALATION_DELAY_HOURS
from ..models import (
    AnsweredBy,
    Escalation,
    EscalationReason,
    EscalationState,
    Topic,
    TopicKind,
)


def escalation_raise(*, topic: Topic, actor: User | None, reason: str) -> Escalation:
    """Hand a question to the support team; raising it twice keeps the first escalation."""
    if reason not in EscalationReason.values:
        raise ValidationError({"reason": _("Unknown reason.")})
    with transaction.atomic():
        topic = Topic.objects.select_for_update().select_related("space").get(pk=topic.pk)
        if actor is not None:
            check_see(actor, topic)
            if not can(actor, "topic.escalate", topic):
                raise PermissionDenied
        if topic.kind != TopicKind.QUESTION:
            raise ValidationError({"topic": _("Only questions go to the support team.")})
        escalation, created = Escalation.objects.get_or_create(
            topic=topic,
            defaults={
                "reason": reason,
                "escalated_by": actor,
                "asked_at": topic.created_at,
                "first_staff_reply_at": topic.first_staff_reply_at,
            },
        )
        if created:
            actor_id = actor.pk if actor is not None else topic.author_id
            emit(verbs.escalated(escalation=escalation, topic=topic, actor_id=actor_id))
    return escalation


def _check_support_staff(actor: User) -> None:
    if not can(actor, "support_queue.work"):
        raise PermissionDenied


def escalation_assign(*, escalation: Escalation, agent: User | None, actor: User) -> Escalation:
    _check_support_staff(actor)
    if agent is not None and not agent.is_staff_member:
        raise ValidationError({"agent": _("Only staff can take a support request.")})
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
        escalation.assigned_to = agent
        escalation.save(update_fields=["assigned_to"])
        emit(verbs.escalation_assigned(topic=escalation.topic, actor=actor, agent=agent))
    return escalation


def escalation_set_state(*, escalation: Escalation, state: str, actor: User) -> Escalation:
    _check_support_staff(actor)
    if state not in EscalationState.values:
        raise ValidationError({"state": _("Unknown state.")})
    with transaction.atomic():
        escalation = Escalation.objects.select_for_update().get(pk=escalation.pk)
        escalation.state = state
        escalation.resolved_at = timezone.now() if state == EscalationState.RESOLVED else None
        escalation.save(update_fields=["state", "resolved_at"])
        if state == EscalationState.RESOLVED:
            emit(verbs.escalation_resolved(topic=escalation.topic, actor=actor))
    return escalation


def escalate_unanswered(*, now: datetime | None = None) -> int:
    """Escalate questions left without any reply for longer than the configured delay."""
    now = now or timezone.now()
    cutoff = now - timedelta(hours=ESCALATION_DELAY_HOURS.value)
    waiting = Topic.objects.filter(
        kind=TopicKind.QUESTION,
        is_deleted=False,
        reply_count=0,
        answered_by=AnsweredBy.NONE,
        created_at__lte=cutoff,
        escalation__isnull=True,
    ).values_list("pk", flat=True)[:500]
    count = 0
    for topic_id in list(waiting):
        topic = Topic.objects.get(pk=topic_id)
        escalation_raise(topic=topic, actor=None, reason=EscalationReason.AUTOMATIC)
        count += 1
    return count
