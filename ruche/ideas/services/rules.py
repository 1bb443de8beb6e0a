"""The rules administrators change: the threshold, the delay to answer, the cap per
organisation, the minimum length of a response's rationale."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.permissions import can

from ..models import IdeaSettings

_UNCHANGED = object()


def settings_update(
    *,
    actor: User,
    threshold: int | None = None,
    response_days: int | None = None,
    organisation_cap=_UNCHANGED,
    rationale_min_chars: int | None = None,
) -> IdeaSettings:
    """Administrators change the global rules (``organisation_cap=None`` turns the cap off)."""
    if not can(actor, "idea_settings.change"):
        raise PermissionDenied
    current = IdeaSettings.current()
    errors = {}
    for name, value in (("threshold", threshold), ("response_days", response_days)):
        if value is not None and value < 1:
            errors[name] = _("At least 1.")
    if organisation_cap not in (_UNCHANGED, None) and organisation_cap < 1:
        errors["organisation_cap"] = _("At least 1, or empty for no limit.")
    if errors:
        raise ValidationError(errors)
    if threshold is not None:
        current.threshold = threshold
    if response_days is not None:
        current.response_days = response_days
    if organisation_cap is not _UNCHANGED:
        current.organisation_cap = organisation_cap
    if rationale_min_chars is not None:
        current.rationale_min_chars = rationale_min_chars
    current.save()
    return current
