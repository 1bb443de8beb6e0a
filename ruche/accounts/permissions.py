"""Who may see a member's profile and who may change it, invite, give roles and passwords; each
rule with its queryset filter beside it. Also the admin's rules for the models listed in the roles
table (``roles.GROUP_MODEL_PERMISSIONS``), which apps above register for their own models with
:func:`admin_rules_from_roles`."""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from ruche.core.admin import admin_rule
from ruche.core.permissions import Action, can, queryset_filter, rule

from .models import ApiToken, Invitation, ProfileVisibility, Segment, User
from .roles import Role, admin_grants


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _administrator(user) -> bool:
    """Administrators and superusers (a superuser's roles include administrator)."""
    return _signed_in(user) and user.has_role(Role.ADMINISTRATOR)


def _administrator_account(member: User) -> bool:
    return member.is_superuser or member.has_role(Role.ADMINISTRATOR)


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
    if not _signed_in(viewer):
        return False
    if viewer.pk == member.pk:
        return True
    # Nobody but an administrator changes an administrator's account.
    if _administrator_account(member) and not _administrator(viewer):
        return False
    return viewer.may_manage_members


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


@rule(User, "member.see_private_details")
def may_see_private_details(viewer, member: User) -> bool:
    """E-mail address and account settings: the member and the staff only."""
    return _signed_in(viewer) and (viewer.pk == member.pk or viewer.is_staff_member)


@queryset_filter(User, "member.see_private_details")
def members_with_visible_details(viewer, queryset: QuerySet[User]) -> QuerySet[User]:
    if not _signed_in(viewer):
        return queryset.none()
    return queryset if viewer.is_staff_member else queryset.filter(pk=viewer.pk)


@rule(None, "member.invite")
def may_invite(viewer) -> bool:
    """Invite people and manage members: community managers and administrators."""
    return _signed_in(viewer) and viewer.may_manage_members


@rule(None, "role.grant")
def may_give_role(viewer, role: str = "") -> bool:
    """Give ``role`` to someone (an invitation carries one): member managers give every role but
    administrator, which only administrators give."""
    if role == Role.ADMINISTRATOR:
        return _administrator(viewer)
    return may_invite(viewer)


@rule(User, "member.grant_role")
def may_grant_role(viewer, member: User, role: str = "") -> bool:
    return may_give_role(viewer, role=role) and (
        not _administrator_account(member) or _administrator(viewer)
    )


@rule(User, "member.revoke_role")
def may_revoke_role(viewer, member: User, role: str = "") -> bool:
    return may_grant_role(viewer, member, role=role)


@rule(User, "member.change_access")
def may_change_access(viewer, member: User) -> bool:
    """Superuser and staff status, groups and permissions, as the admin edits them: only
    administrators."""
    return _administrator(viewer)


@rule(User, "member.set_password")
def may_set_password(viewer, member: User) -> bool:
    """Set another account's password (the admin's form): only administrators. Members change
    their own through the sign-in pages, which ask for the current one."""
    return _administrator(viewer)


@rule(Invitation, Action.SEE)
def may_see_invitation(viewer, invitation: Invitation) -> bool:
    return may_invite(viewer)


@rule(Invitation, Action.WRITE)
def may_change_invitation(viewer, invitation: Invitation) -> bool:
    return may_invite(viewer)


@queryset_filter(Invitation)
def visible_invitations(viewer, queryset: QuerySet[Invitation]) -> QuerySet[Invitation]:
    return queryset if may_invite(viewer) else queryset.none()


# --- The admin ---------------------------------------------------------------------------------


def admin_rules_from_roles(*models: type[Model]) -> None:
    """Register the admin's view/add/change/delete rules of ``models`` from the roles table."""
    for model in models:
        for perm in ("view", "add", "change", "delete"):
            admin_rule(model, perm)(_table_rule(model, perm))


def _table_rule(model: type[Model], perm: str):
    app_label, model_name = model._meta.app_label, model._meta.model_name

    def allowed(user, obj=None) -> bool:
        return _signed_in(user) and admin_grants(user.role_slugs, app_label, model_name, perm)

    allowed.__doc__ = f"{perm} {model._meta.label_lower} in the admin (roles table)."
    return allowed


admin_rules_from_roles(Segment, ApiToken)
for _perm in ("view", "add", "delete"):
    admin_rule(Invitation, _perm)(_table_rule(Invitation, _perm))


@admin_rule(Invitation, "change")
def may_change_invitation_in_admin(user, invitation: Invitation | None = None) -> bool:
    """Change invitations in the admin: as the roles table says, and one offering a role only if
    they may give that role themselves."""
    if not _signed_in(user) or not admin_grants(
        user.role_slugs, "accounts", "invitation", "change"
    ):
        return False
    return invitation is None or may_give_role(user, role=invitation.role)


for _perm in ("view", "add"):
    admin_rule(User, _perm)(_table_rule(User, _perm))


@admin_rule(User, "change")
def may_change_member_in_admin(user, member: User | None = None) -> bool:
    """Change members in the admin: as the roles table says, and an administrator's account only
    by an administrator."""
    if not _signed_in(user) or not admin_grants(user.role_slugs, "accounts", "user", "change"):
        return False
    return member is None or can(user, Action.WRITE, member)


@admin_rule(User, "delete")
def may_delete_member_in_admin(user, member: User | None = None) -> bool:
    if not _signed_in(user) or not admin_grants(user.role_slugs, "accounts", "user", "delete"):
        return False
    return member is None or not _administrator_account(member) or _administrator(user)
