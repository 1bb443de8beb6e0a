"""The one place that answers "may this visitor see / write / moderate this object".

Each capability registers, in its own ``permissions.py``, a rule per (model, action) and a queryset
filter per model, side by side. Pages, API endpoints, search, feeds and counts call ``can`` /
``check_*`` for one object and ``visible`` for lists, so every reader goes through the same rules.

A denial of something the visitor may not know exists is a 404 (``check_see``); a denial of an
action on something they can see is a 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404


class Action(StrEnum):
    SEE = "see"
    WRITE = "write"
    MODERATE = "moderate"


Rule = Callable[[Any, Any], bool]
QuerysetFilter = Callable[[Any, QuerySet], QuerySet]
M = TypeVar("M", bound=Model)

_rules: dict[tuple[type, Action], Rule] = {}
_filters: dict[type, QuerysetFilter] = {}


def rule(model: type, action: Action) -> Callable[[Rule], Rule]:
    """Register the rule deciding ``action`` on instances of ``model``."""

    def register(func: Rule) -> Rule:
        _rules[(model, Action(action))] = func
        return func

    return register


def queryset_filter(model: type) -> Callable[[QuerysetFilter], QuerysetFilter]:
    """Register the filter that narrows a queryset of ``model`` to what a visitor may see."""

    def register(func: QuerysetFilter) -> QuerysetFilter:
        _filters[model] = func
        return func

    return register


def _find(registry: dict, model: type, action: Action | None = None):
    for klass in model.__mro__:
        key = klass if action is None else (klass, action)
        if key in registry:
            return registry[key]
    return None


def can(user, action: Action | str, obj: Any) -> bool:
    """True when ``user`` (possibly anonymous) may do ``action`` on ``obj``.

    Objects without a registered rule are denied: forgetting a rule must not open access.
    """
    func = _find(_rules, type(obj), Action(action))
    if func is None:
        return False
    return bool(func(user, obj))


def can_see(user, obj: Any) -> bool:
    return can(user, Action.SEE, obj)


def can_write(user, obj: Any) -> bool:
    return can(user, Action.SEE, obj) and can(user, Action.WRITE, obj)


def can_moderate(user, obj: Any) -> bool:
    return can(user, Action.SEE, obj) and can(user, Action.MODERATE, obj)


def check_see(user, obj: Any) -> None:
    """Raise 404 when the visitor may not know ``obj`` exists."""
    if not can_see(user, obj):
        raise Http404


def check_write(user, obj: Any) -> None:
    check_see(user, obj)
    if not can(user, Action.WRITE, obj):
        raise PermissionDenied


def check_moderate(user, obj: Any) -> None:
    check_see(user, obj)
    if not can(user, Action.MODERATE, obj):
        raise PermissionDenied


def visible(user, queryset: QuerySet[M]) -> QuerySet[M]:
    """Narrow ``queryset`` to the rows ``user`` may see; unknown models yield nothing."""
    func = _find(_filters, queryset.model)
    if func is None:
        return queryset.none()
    return func(user, queryset)


# --- Abilities ---------------------------------------------------------------------------------
# What a member may do beyond reading and writing, unlocked by their level (recognition) or role:
# post without the newcomer limits, retag others' topics, hide a post pending moderation…


class Ability(StrEnum):
    POST_FREELY = "post_freely"
    RETAG = "retag"
    FLAG_HIDE = "flag_hide"
    MOVE = "move"


AbilityRule = Callable[[Any], bool]
_abilities: dict[str, AbilityRule] = {}


def ability_rule(name: Ability | str) -> Callable[[AbilityRule], AbilityRule]:
    """Register the rule that decides whether a member has ``name``."""

    def register(func: AbilityRule) -> AbilityRule:
        _abilities[str(name)] = func
        return func

    return register


def has_ability(user, name: Ability | str) -> bool:
    """True when ``user`` has the ability; anonymous visitors and unknown abilities: never."""
    if user is None or not user.is_authenticated:
        return False
    func = _abilities.get(str(name))
    return bool(func and func(user))


_ability_memo: ContextVar[dict | None] = ContextVar("ability_memo", default=None)


@contextmanager
def abilities_asked_together() -> Iterator[None]:
    """Within the block, the rules may remember what they read (a member's level): a page that
    asks one reader several abilities reads the level once. Only for reads: a write in the
    block could change the level."""
    token = _ability_memo.set({})
    try:
        yield
    finally:
        _ability_memo.reset(token)


def ability_memo() -> dict | None:
    """The memo of the current ``abilities_asked_together`` block, or None outside one."""
    return _ability_memo.get()


def check_ability(user, name: Ability | str) -> None:
    if not has_ability(user, name):
        raise PermissionDenied
