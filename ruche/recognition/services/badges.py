"""Badges: created from rules without code, granted by hand with a reason."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.events import emit
from ruche.core.permissions import can

from .. import verbs
from ..models import ACTOR, Badge, BadgeAward, BadgeKind, BadgePeriod
from ..permissions import BADGE_GRANT, MANAGE
from .rules import rules_changed


def badge_grant(*, badge: Badge, member: User, granted_by: User, reason: str) -> BadgeAward:
    """Give a badge by hand, with a reason; it is kept through every recompute."""
    if not can(granted_by, BADGE_GRANT):
        raise PermissionDenied
    reason = (reason or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Say why this member receives the badge.")
    elif len(reason) > 300:
        errors["reason"] = _("At most 300 characters.")
    if BadgeAward.objects.filter(badge=badge, member=member).exists():
        errors["member"] = _("This member already has this badge.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        award = BadgeAward.objects.create(
            badge=badge, member=member, granted_by=granted_by, reason=reason
        )
        # The member hears of it through this event (notifications listen after commit).
        emit(verbs.badge_granted(badge=badge, member=member, granted_by=granted_by))
    return award


def badge_save(
    *,
    actor: User,
    badge: Badge | None = None,
    slug: str,
    names: dict,
    descriptions: dict | None = None,
    tier: str,
    kind: str,
    verb: str = "",
    beneficiary: str = ACTOR,
    count: int = 1,
    period: str = BadgePeriod.ALL,
    condition: dict | None = None,
    years: int = 0,
) -> Badge:
    """Create or edit a badge from a rule, without code. Earned from the next action on."""
    if not can(actor, MANAGE):
        raise PermissionDenied
    badge = badge or Badge()
    badge.slug, badge.names, badge.descriptions = slug, names, descriptions or {}
    badge.tier, badge.kind, badge.verb, badge.beneficiary = tier, kind, verb, beneficiary
    badge.count, badge.period, badge.condition, badge.years = count, period, condition or {}, years
    errors = {}
    if kind == BadgeKind.RULE and not verb:
        errors["verb"] = _("A rule badge needs an action.")
    if kind == BadgeKind.ANNIVERSARY and years < 1:
        errors["years"] = _("An anniversary is at least one year.")
    if not isinstance(badge.condition, dict):
        errors["condition"] = _("The condition is an object of detail → value.")
    if errors:
        raise ValidationError(errors)
    badge.full_clean()
    badge.save()
    rules_changed()
    return badge
