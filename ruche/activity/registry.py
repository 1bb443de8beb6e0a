"""The verbs the ledger knows: the event classes apps declare (``ruche.core.events``).

Verbs of Ruche's own actions are declared as classes in each app's ``verbs.py``. Verbs of outside
sources (newsletter, chat, other forums, events) are declared here, as plain events carrying their
source's details; ``register`` declares another one at run time (an import naming a new verb).
"""

from __future__ import annotations

from dataclasses import dataclass, field, make_dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ruche.core.events import (
    Event,
    UnknownVerb,
    all_event_types,
    event_type,
    find_event_type,
    private_verb_names,
    verb,
)

__all__ = [
    "ExternalEvent",
    "UnknownVerb",
    "all_verbs",
    "find",
    "get",
    "private_verb_names",
    "register",
]


@dataclass(frozen=True, kw_only=True)
class ExternalEvent(Event):
    """An action recorded by an outside source: its details are kept as they came."""

    details: dict[str, Any] = field(default_factory=dict)

    def payload(self) -> dict[str, Any]:
        return dict(self.details)

    @classmethod
    def from_record(cls, *, payload: dict[str, Any], **fields: Any) -> Event:
        return cls(details=dict(payload or {}), **fields)


def register(
    name: str, label: str | Promise, *, public: bool = True, external: bool = False
) -> type[Event]:
    """Declare a verb without a class of its own (outside sources, imports).

    Registering the same name again with the same description returns the known class.
    """
    known = find_event_type(name)
    if known is not None:
        if (known.public, known.external) != (public, external):
            raise ValueError(f"Activity verb {name!r} is already registered differently.")
        return known
    cls = make_dataclass(
        "".join(part.title() for part in name.replace(".", "_").split("_")),
        [],
        bases=(ExternalEvent,),
        frozen=True,
        kw_only=True,
    )
    return verb(name, label, public=public, external=external)(cls)


def get(name: str) -> type[Event]:
    return event_type(name)


def find(name: str) -> type[Event] | None:
    return find_event_type(name)


def all_verbs() -> list[type[Event]]:
    return all_event_types()


# Verbs of outside sources any community imports.
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
