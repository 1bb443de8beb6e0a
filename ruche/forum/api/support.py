"""Escalation of questions to the support team, and its queue (staff)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query

from ruche.accounts.models import User
from ruche.core.pagination import paginate_asc
from ruche.core.permissions import can, visible

from .. import selectors, services
from ..models import Escalation, EscalationReason, EscalationState
from .common import ERRORS, escalation_out, fields_named, router, topic_for
from .schemas import EscalationIn, EscalationOut, EscalationPage


@router.post(
    "/topics/{topic_id}/escalate",
    response={200: EscalationOut, **ERRORS},
    summary="Hand a question to the support team (the asker or a moderator)",
)
def escalate(request, topic_id: int):
    topic = topic_for(request, topic_id)
    # The asker asks for help; anyone else allowed to do it does so as a moderator.
    reason = (
        EscalationReason.MEMBER
        if topic.author_id == request.user.pk
        else EscalationReason.MODERATOR
    )
    escalation = services.escalation_raise(topic=topic, actor=request.user, reason=reason)
    return escalation_out(selectors.escalation_queue(state="").get(pk=escalation.pk))


def _check_support_staff(user) -> None:
    if not can(user, "support_queue.work"):
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
    return {"items": [escalation_out(e) for e in page.items], "next_cursor": page.next_cursor}


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
            agent = (
                visible(request.user, User.objects.filter(is_active=True))
                .filter(pk=changes["assigned_to"])
                .first()
            )
            if agent is None:
                raise ValidationError({"assigned_to": _("Unknown member.")})
        with fields_named(agent="assigned_to"):
            services.escalation_assign(escalation=escalation, agent=agent, actor=request.user)
    if "state" in changes:
        services.escalation_set_state(
            escalation=escalation, state=changes["state"] or "", actor=request.user
        )
    return escalation_out(selectors.escalation_queue(state="").get(pk=escalation.pk))
