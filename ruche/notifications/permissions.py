"""Who reads which notification, and who hears of escalations: named actions in the registry."""

from __future__ import annotations

from django.db.models import QuerySet

from ruche.accounts.roles import Role
from ruche.core.permissions import Action, queryset_filter, rule

from .models import Notification

HEAR_ESCALATIONS = "notification.hear_escalations"


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


@rule(Notification, Action.SEE)
def may_see_notification(user, notification: Notification) -> bool:
    """A notification is its recipient's only (another member's is a 404)."""
    return _signed_in(user) and notification.recipient_id == user.pk


@queryset_filter(Notification)
def own_notifications(user, queryset: QuerySet[Notification]) -> QuerySet[Notification]:
    return queryset.filter(recipient=user) if _signed_in(user) else queryset.none()


@rule(None, HEAR_ESCALATIONS)
def may_hear_escalations(user) -> bool:
    """Questions escalated to the support team are told to support agents only."""
    return _signed_in(user) and user.has_role(Role.SUPPORT_AGENT)
