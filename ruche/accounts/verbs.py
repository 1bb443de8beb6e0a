"""Members' events: joining, profile changes, roles, invitations, API tokens; one class per verb,
and the functions accounts' services build them with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from ruche.core.events import Event, target_of, verb


@verb("member.joined", _("joined the community"))
@dataclass(frozen=True, kw_only=True)
class MemberJoined(Event):
    invited: bool = False


@verb("member.profile_updated", _("updated their profile"))
@dataclass(frozen=True, kw_only=True)
class MemberProfileUpdated(Event):
    fields: list[str] = field(default_factory=list)
    # Who changed it when it was not the member (a community manager in the admin).
    by: int | None = None

    def payload(self) -> dict[str, Any]:
        # A member's own change is stored as before ``by`` existed: {"fields": […]}.
        data = super().payload()
        if data.get("by") is None:
            data.pop("by", None)
        return data


@verb("member.avatar_changed", _("changed their picture"))
@dataclass(frozen=True, kw_only=True)
class MemberAvatarChanged(Event):
    removed: bool = False


@verb("member.logged_in", _("signed in"), public=False)
@dataclass(frozen=True, kw_only=True)
class MemberLoggedIn(Event):
    pass


# The actor is the member who received the role; ``by`` who granted it.
@verb("member.role_granted", _("received a role"))
@dataclass(frozen=True, kw_only=True)
class MemberRoleGranted(Event):
    role: str = ""
    by: int | None = None


@verb("invitation.sent", _("invited someone"), public=False)
@dataclass(frozen=True, kw_only=True)
class InvitationSent(Event):
    role: str = ""


@verb("invitation.accepted", _("accepted an invitation"))
@dataclass(frozen=True, kw_only=True)
class InvitationAccepted(Event):
    role: str = ""


@verb("api_token.created", _("created an API token"), public=False)
@dataclass(frozen=True, kw_only=True)
class ApiTokenCreated(Event):
    pass


@verb("api_token.revoked", _("revoked an API token"), public=False)
@dataclass(frozen=True, kw_only=True)
class ApiTokenRevoked(Event):
    pass


# The actor is the member who lost the role; ``by`` who took it away.
@verb("member.role_revoked", _("lost a role"), public=False)
@dataclass(frozen=True, kw_only=True)
class MemberRoleRevoked(Event):
    role: str = ""
    by: int | None = None


# --- Builders ----------------------------------------------------------------------------------


def _pk(user: Any) -> int | None:
    return user.pk if user is not None else None


def member_joined(*, member: Any, invited: bool) -> MemberJoined:
    return MemberJoined(actor_id=member.pk, **target_of(member), invited=invited)


def profile_updated(*, member: Any, fields: list[str], by: Any = None) -> MemberProfileUpdated:
    by_id = _pk(by) if by is not None and by.pk != member.pk else None
    return MemberProfileUpdated(
        actor_id=member.pk, **target_of(member), fields=sorted(fields), by=by_id
    )


def avatar_changed(*, member: Any, removed: bool = False) -> MemberAvatarChanged:
    return MemberAvatarChanged(actor_id=member.pk, **target_of(member), removed=removed)


def logged_in(*, member: Any) -> MemberLoggedIn:
    return MemberLoggedIn(actor_id=member.pk)


def role_granted(*, member: Any, role: str, by: Any) -> MemberRoleGranted:
    return MemberRoleGranted(actor_id=member.pk, **target_of(member), role=role, by=_pk(by))


def role_revoked(*, member: Any, role: str, by: Any) -> MemberRoleRevoked:
    return MemberRoleRevoked(actor_id=member.pk, **target_of(member), role=role, by=_pk(by))


def invitation_sent(*, invitation: Any, inviter: Any) -> InvitationSent:
    return InvitationSent(actor_id=inviter.pk, **target_of(invitation), role=invitation.role)


def invitation_accepted(*, invitation: Any, member: Any) -> InvitationAccepted:
    return InvitationAccepted(actor_id=member.pk, **target_of(invitation), role=invitation.role)


def api_token_created(*, token: Any) -> ApiTokenCreated:
    return ApiTokenCreated(actor_id=token.user_id, **target_of(token))


def api_token_revoked(*, token: Any) -> ApiTokenRevoked:
    return ApiTokenRevoked(actor_id=token.user_id, **target_of(token))
