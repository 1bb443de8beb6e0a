"""The rules administrators edit (point rules, badges, challenges), cached per process.

Whoever writes a rule calls ``rules_changed`` (the services, the admin, the API): this process
forgets its copy at once, the others reload theirs within ``RULES_TTL`` seconds.
"""

from __future__ import annotations

import time

from django.core.exceptions import PermissionDenied

from ruche.accounts.models import User
from ruche.core.permissions import can
from ruche.spaces.models import Space

from .. import engine
from ..models import PointRule
from ..permissions import MANAGE

RULES_TTL = 60.0
_rules_cache: tuple[float, engine.Rules] | None = None
_space_areas: dict[int, int | None] = {}


def rules_changed() -> None:
    """Forget the cached rules (called wherever a rule, badge or challenge is written)."""
    global _rules_cache
    _rules_cache = None
    _space_areas.clear()


def current_rules() -> engine.Rules:
    global _rules_cache
    now = time.monotonic()
    if _rules_cache is None or now - _rules_cache[0] > RULES_TTL:
        _rules_cache = (now, engine.load_rules())
    return _rules_cache[1]


def space_area(space_id: int) -> int | None:
    """The product area of a space (cached with the rules: spaces rarely change area)."""
    if space_id not in _space_areas:
        _space_areas[space_id] = (
            Space.objects.filter(pk=space_id).values_list("product_area_id", flat=True).first()
        )
    return _space_areas[space_id]


def point_rule_set(
    *, actor: User, rule: PointRule, points: int, daily_cap: int, is_active: bool
) -> PointRule:
    """Change the weight of a ledger action (from the next action on)."""
    if not can(actor, MANAGE):
        raise PermissionDenied
    rule.points, rule.daily_cap, rule.is_active = points, daily_cap, is_active
    rule.save(update_fields=["points", "daily_cap", "is_active"])
    rules_changed()
    return rule
