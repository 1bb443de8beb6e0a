"""Spaces' and programmes' events."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from ruche.core.events import Event, verb


@verb("programme.joined", _("joined a programme"))
@dataclass(frozen=True, kw_only=True)
class ProgrammeJoined(Event):
    programme: str = ""  # the programme's slug
