"""Who may see a member's profile and who may change it; the queryset filter sits beside it."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ruche.core.permissions import Action, queryset_filter, rule

from .models import Invitation, ProfileVisibility, User


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


@rule(User, Action.SEE)
def may_see_member(viewer, member: User) -> bool:
    if _signed_in(viewer) and (viewer.pk == member.pk or viewer.is_staff_member):
        return True
    if not member.is_active:
        return False
    if member.profile_visibility == ProfileVisibility.PUBLIC:
        return True
    if member.profile_visibility == ProfileVisibility.MEMBERS:
        return _signed_in(viewer)
    return False


@rule(User, Action.WRITE)
def may_edit_member(viewer, member: User) -> bool:
    return _signed_in(viewer) and (viewer.pk == member.pk or viewer.may_manage_members)


@rule(User, Action.MODERATE)
def may_moderate_member(viewer, member: User) -> bool:
    return _signed_in(viewer) and viewer.is_moderator and not member.is_superuser


@queryset_filter(User)
def visible_members(viewer, queryset: QuerySet[User]) -> QuerySet[User]:
    if _signed_in(viewer) and viewer.is_staff_member:
        return queryset
    allowed = [ProfileVisibility.PUBLIC]
    if _signed_in(viewer):
        allowed.append(ProfileVisibility.MEMBERS)
        return queryset.filter(Q(is_active=True, profile_visibility__in=allowed) | Q(pk=viewer.pk))
    return queryset.filter(is_active=True, profile_visibility__in=allowed)


def may_see_private_details(viewer, member: User) -> bool:
    """E-mail address and account settings: the member and the staff only."""
    return _signed_in(viewer) and (viewer.pk == member.pk or viewer.is_staff_member)


def may_invite(viewer) -> bool:
    return _signed_in(viewer) and viewer.may_manage_members


@rule(Invitation, Action.SEE)
def may_see_invitation(viewer, invitation: Invitation) -> bool:
    return may_invite(viewer)


@rule(Invitation, Action.WRITE)
def may_change_invitation(viewer, invitation: Invitation) -> bool:
    return may_invite(viewer)


@queryset_filter(Invitation)
def visible_invitations(viewer, queryset: QuerySet[Invitation]) -> QuerySet[Invitation]:
    return queryset if may_invite(viewer) else queryset.none()
