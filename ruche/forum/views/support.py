"""The support team's queue of escalated questions (staff only)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruche.accounts.models import User
from ruche.accounts.roles import STAFF_ROLES
from ruche.core.permissions import can, visible

from .. import selectors, services
from ..models import Escalation, EscalationState
from .common import back


def _staff_agents(viewer):
    """The staff a request may be assigned to: a list of members, so through their visibility."""
    return visible(
        viewer,
        User.objects.filter(is_active=True, groups__name__in=STAFF_ROLES)
        .distinct()
        .order_by("display_name", "id"),
    )


def support_queue(request: HttpRequest) -> HttpResponse:
    # Only reads here: questions left unanswered are escalated by the scheduler (Celery beat)
    # and the ``escalate_unanswered`` command, never while a page is read.
    if not can(request.user, "support_queue.work"):
        raise Http404
    state = request.GET.get("state", EscalationState.OPEN)
    if state not in EscalationState.values:
        state = EscalationState.OPEN
    mine = request.GET.get("mine") == "1"
    assigned_to = request.user if mine else None
    queue = selectors.escalation_queue(state=state, assigned_to=assigned_to)[:200]
    return render(
        request,
        "forum/support_queue.html",
        {
            "escalations": queue,
            "state": state,
            "states": EscalationState.choices,
            "mine": mine,
            "agents": list(_staff_agents(request.user)),
        },
    )


@require_POST
def support_update(request: HttpRequest, escalation_id: int) -> HttpResponse:
    if not can(request.user, "support_queue.work"):
        raise Http404
    escalation = get_object_or_404(Escalation, pk=escalation_id)
    try:
        if "take" in request.POST:
            services.escalation_assign(
                escalation=escalation, agent=request.user, actor=request.user
            )
        elif "agent" in request.POST:
            agent_id = request.POST.get("agent", "")
            agent = (
                get_object_or_404(_staff_agents(request.user), pk=agent_id) if agent_id else None
            )
            services.escalation_assign(escalation=escalation, agent=agent, actor=request.user)
        if request.POST.get("state"):
            services.escalation_set_state(
                escalation=escalation, state=request.POST["state"], actor=request.user
            )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The support request was updated."))
    return back(request, reverse("forum:support"))
