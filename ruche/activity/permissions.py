"""An activity is visible to whoever may see its member's timeline entry (see selectors)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ruche.accounts.models import User
from ruche.accounts.permissions import admin_rules_from_roles
from ruche.core.permissions import Action, can_see, queryset_filter, rule, visible
from ruche.spaces.selectors import visible_space_ids

from . import registry
from .models import Activity


def _staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff_member)


@rule(Activity, Action.SEE)
def may_see_activity(user, activity: Activity) -> bool:
    if _staff(user):
        return True
    is_self = bool(user and user.is_authenticated and user.pk == activity.actor_id)
    hidden = activity.verb in registry.private_verb_names() or not can_see(user, activity.actor)
    if not is_self and hidden:
        return False
    return activity.space is None or can_see(user, activity.space)


@rule(Activity, Action.WRITE)
@rule(None, "activity.import")
def may_import_activity(user, activity: Activity | None = None) -> bool:
    """Importing outside events for any member is a community manager's job."""
    return bool(user and user.is_authenticated and user.is_active and user.may_manage_members)


@queryset_filter(Activity)
def visible_activities(user, queryset: QuerySet[Activity]) -> QuerySet[Activity]:
    if _staff(user):
        return queryset
    own = Q(actor_id=user.pk) if user and user.is_authenticated else Q(pk__in=[])
    others = Q(actor_id__in=visible(user, User.objects.all()).values("id")) & ~Q(
        verb__in=registry.private_verb_names()
    )
    return queryset.filter(own | others).filter(
        Q(space__isnull=True) | Q(space_id__in=visible_space_ids(user))
    )


admin_rules_from_roles(Activity)
