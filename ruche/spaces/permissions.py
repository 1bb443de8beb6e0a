"""Who may see, write in and moderate a space; the matching queryset filter sits beside it."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ruche.accounts.permissions import admin_rules_from_roles
from ruche.core.permissions import Action, queryset_filter, rule

from .models import PostingPolicy, Programme, ProgrammeMembership, Space, Visibility


def _is_member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rule(Space, Action.SEE)
def may_see_space(user, space: Space) -> bool:
    if space.visibility == Visibility.PUBLIC:
        return True
    if not _is_member(user):
        return False
    if user.is_staff_member:
        return True
    if space.visibility == Visibility.MEMBERS:
        return True
    if space.visibility == Visibility.PROGRAMME:
        return space.programme_id in user.programme_ids
    return False


@rule(Space, Action.WRITE)
def may_write_in_space(user, space: Space) -> bool:
    if not _is_member(user) or space.is_archived:
        return False
    if space.posting == PostingPolicy.STAFF:
        return user.is_staff_member
    return may_see_space(user, space)


@rule(Space, Action.MODERATE)
def may_moderate_space(user, space: Space) -> bool:
    if not _is_member(user):
        return False
    if user.is_moderator:
        return True
    return space.pk in user.moderated_space_ids


@queryset_filter(Space)
def visible_spaces(user, queryset: QuerySet[Space]) -> QuerySet[Space]:
    condition = Q(visibility=Visibility.PUBLIC)
    if _is_member(user):
        if user.is_staff_member:
            return queryset
        condition |= Q(visibility=Visibility.MEMBERS)
        condition |= Q(visibility=Visibility.PROGRAMME, programme_id__in=list(user.programme_ids))
    return queryset.filter(condition)


@rule(Programme, Action.SEE)
def may_see_programme(user, programme: Programme) -> bool:
    # A programme is known to its members and to staff; others learn of it when invited.
    if not _is_member(user):
        return False
    return user.is_staff_member or programme.pk in user.programme_ids


@rule(Programme, Action.WRITE)
@rule(Programme, "programme.manage")
def may_manage_programme(user, programme: Programme) -> bool:
    """Change a programme and who belongs to it: community managers and administrators."""
    return _is_member(user) and user.may_manage_members


@rule(Programme, Action.MODERATE)
def may_moderate_programme(user, programme: Programme) -> bool:
    return _is_member(user) and user.may_manage_members


@queryset_filter(Programme)
def visible_programmes(user, queryset: QuerySet[Programme]) -> QuerySet[Programme]:
    if not _is_member(user):
        return queryset.none()
    if user.is_staff_member:
        return queryset
    return queryset.filter(pk__in=list(user.programme_ids))


@queryset_filter(Programme, "programme.manage")
def manageable_programmes(user, queryset: QuerySet[Programme]) -> QuerySet[Programme]:
    return queryset if _is_member(user) and user.may_manage_members else queryset.none()


admin_rules_from_roles(Space, Programme, ProgrammeMembership)
