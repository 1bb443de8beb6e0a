"""Challenges set by the community team."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ruche.accounts.models import Segment, User
from ruche.core.events import find_event_type
from ruche.core.permissions import can

from .. import levels
from ..models import ACTOR, Badge, Beneficiary, Challenge
from ..permissions import CHALLENGE_MANAGE
from .rules import rules_changed


def challenge_create(
    *,
    actor: User,
    title: str,
    description: str = "",
    verb: str,
    beneficiary: str = ACTOR,
    condition: dict | None = None,
    goal: int,
    starts_at: datetime,
    ends_at: datetime,
    segment: Segment | None = None,
    min_level: int = 0,
    reward_badge: Badge | None = None,
    reward_points: int = 0,
) -> Challenge:
    """Set a challenge: an action (any declared verb), a goal, a period, an audience, a reward."""
    if not can(actor, CHALLENGE_MANAGE):
        raise PermissionDenied
    errors = {}
    if not title.strip() or len(title) > 120:
        errors["title"] = _("A title of 1 to 120 characters is required.")
    if find_event_type(verb) is None:
        errors["verb"] = _("Unknown action.")
    if beneficiary not in Beneficiary.values:
        errors["beneficiary"] = _("Unknown choice.")
    if goal < 1:
        errors["goal"] = _("The goal is at least 1.")
    if ends_at <= starts_at:
        errors["ends_at"] = _("The end must come after the start.")
    if not (0 <= min_level <= levels.top_level()):
        errors["min_level"] = _("Unknown level.")
    if reward_points < 0:
        errors["reward_points"] = _("Points cannot be negative.")
    if condition is not None and not isinstance(condition, dict):
        errors["condition"] = _("The condition is an object of detail → value.")
    if errors:
        raise ValidationError(errors)
    challenge = Challenge.objects.create(
        title=title.strip(),
        description=description.strip(),
        verb=verb,
        beneficiary=beneficiary,
        condition=condition or {},
        goal=goal,
        starts_at=starts_at,
        ends_at=ends_at,
        segment=segment,
        min_level=min_level,
        reward_badge=reward_badge,
        reward_points=reward_points,
        created_by=actor,
    )
    rules_changed()
    return challenge
