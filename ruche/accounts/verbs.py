"""Members' events: joining, profile changes, roles, invitations, API tokens."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from ruche.core.events import Event, verb


@verb("member.joined", _("joined the community"))
@dataclass(frozen=True, kw_only=True)
class MemberJoined(Event):
    invited: bool = False


@verb("member.profile_updated", _("updated their profile"))
@dataclass(frozen=True, kw_only=True)
class MemberProfileUpdated(Event):
    fields: list[str] = field(default_factory=list)


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
