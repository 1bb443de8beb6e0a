"""The registry of activity verbs. A verb must be registered before it is recorded.

Capabilities register their own verbs (``forum.topic_created``…) in their AppConfig.ready. A verb
says whether others may see it on a member's timeline (``public``) and carries a translatable label.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Verb:
    name: str
    label: str | Promise
    public: bool = True
    # True for verbs that come from outside sources (newsletter, chat…), not from Ruche itself.
    external: bool = False


_verbs: dict[str, Verb] = {}


class UnknownVerb(KeyError):
    pass


def register(
    name: str, label: str | Promise, *, public: bool = True, external: bool = False
) -> Verb:
    verb = Verb(name=name, label=label, public=public, external=external)
    existing = _verbs.get(name)
    if existing is not None and existing != verb:
        raise ValueError(f"Activity verb {name!r} is already registered differently.")
    _verbs[name] = verb
    return verb


def get(name: str) -> Verb:
    try:
        return _verbs[name]
    except KeyError as exc:
        raise UnknownVerb(name) from exc


def all_verbs() -> list[Verb]:
    return sorted(_verbs.values(), key=lambda verb: verb.name)


def private_verb_names() -> list[str]:
    return [verb.name for verb in _verbs.values() if not verb.public]


# Verbs of the foundation itself, and of outside sources any community imports.
MEMBER_JOINED = register("member.joined", _("joined the community"))
MEMBER_PROFILE_UPDATED = register("member.profile_updated", _("updated their profile"))
MEMBER_AVATAR_CHANGED = register("member.avatar_changed", _("changed their picture"))
MEMBER_LOGGED_IN = register("member.logged_in", _("signed in"), public=False)
MEMBER_ROLE_GRANTED = register("member.role_granted", _("received a role"))
INVITATION_SENT = register("invitation.sent", _("invited someone"), public=False)
INVITATION_ACCEPTED = register("invitation.accepted", _("accepted an invitation"))
PROGRAMME_JOINED = register("programme.joined", _("joined a programme"))
API_TOKEN_CREATED = register("api_token.created", _("created an API token"), public=False)
API_TOKEN_REVOKED = register("api_token.revoked", _("revoked an API token"), public=False)
NEWSLETTER_OPENED = register(
    "newsletter.opened", _("opened the newsletter"), public=False, external=True
)
NEWSLETTER_CLICKED = register(
    "newsletter.clicked", _("clicked a link in the newsletter"), public=False, external=True
)
CHAT_MESSAGE_POSTED = register("chat.message_posted", _("posted in the chat"), external=True)
EVENT_ATTENDED = register("event.attended", _("attended an event"), external=True)
EXTERNAL_POST_CREATED = register(
    "external.post_created", _("posted on another forum"), external=True
)
SURVEY_ANSWERED = register("survey.answered", _("answered a survey"), public=False, external=True)


def find(name: str) -> Verb | None:
    return _verbs.get(name)
