"""The one place that answers "may this visitor do this action (on this object)".

Each capability registers, in its own ``permissions.py``, a rule per (action, model) and, for
actions that narrow lists, the matching queryset filter, side by side. Actions are ``see``,
``write`` and ``moderate`` for every model, and named ones for the rest (``topic.retag``,
``idea.respond``, ``member.invite``, ``ability.post_freely``). Pages, API endpoints, the admin,
search, feeds and counts call ``can`` / ``check`` for one object and ``visible`` / ``allowed`` for
lists, so every reader goes through the same rules.

A denial of something the visitor may not know exists is a 404 (``check_see``); a denial of an
action on something they can see is a 403.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404


class Action(StrEnum):
    """The three actions every model answers; any other action is named (``idea.respond``)."""

    SEE = "see"
    WRITE = "write"
    MODERATE = "moderate"


Rule = Callable[..., bool]
QuerysetFilter = Callable[[Any, QuerySet], QuerySet]
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class NamedAction:
    """An action with its object rule and, when lists depend on it, the matching filter."""

    name: str
    model: type | None
    rule: Rule
    description: str = ""


# (action name, model or None) → rule. ``None`` is for actions about no object (``member.invite``).
_rules: dict[tuple[str, type | None], NamedAction] = {}
# (action name, model) → queryset filter; "see" filters are what ``visible`` applies.
_filters: dict[tuple[str, type], QuerysetFilter] = {}


def rule(
    model: type | None, action: Action | str = Action.SEE, *, description: str = ""
) -> Callable[[Rule], Rule]:
    """Register the rule deciding ``action`` on instances of ``model``.

    ``rule(Topic, Action.SEE)`` for the three common actions, ``rule(Topic, "topic.retag")`` for
    a named one, ``rule(None, "member.invite")`` for an action about no object. The rule is
    called ``rule(user, obj, **context)`` (``rule(user, **context)`` without a model).
    """

    def register(func: Rule) -> Rule:
        name = str(action)
        _rules[(name, model)] = NamedAction(
            name=name, model=model, rule=func, description=description or (func.__doc__ or "")
        )
        return func

    return register


def queryset_filter(model: type, action: Action | str = Action.SEE):
    """Register the filter that narrows a queryset of ``model`` to the rows ``action`` allows."""

    def register(func: QuerysetFilter) -> QuerysetFilter:
        _filters[(str(action), model)] = func
        return func

    return register


def _find_rule(name: str, obj: Any) -> NamedAction | None:
    if obj is None:
        return _rules.get((name, None))
    # ``__class__``, not ``type()``: ``request.user`` is a lazy object standing for a member.
    for klass in obj.__class__.__mro__:
        found = _rules.get((name, klass))
        if found is not None:
            return found
    return None


def _find_filter(name: str, model: type) -> QuerysetFilter | None:
    for klass in model.__mro__:
        found = _filters.get((name, klass))
        if found is not None:
            return found
    return None


def registered_actions() -> list[NamedAction]:
    """Every registered rule (the permission matrix tests walk them)."""
    return sorted(_rules.values(), key=lambda a: (a.name, a.model.__name__ if a.model else ""))


def can(user, action: Action | str, obj: Any = None, **context: Any) -> bool:
    """True when ``user`` (possibly anonymous) may do ``action`` on ``obj``.

    Unknown actions and objects without a registered rule are denied: forgetting a rule must not
    open access.
    """
    found = _find_rule(str(action), obj)
    if found is None:
        return False
    if obj is None:
        return bool(found.rule(user, **context))
    return bool(found.rule(user, obj, **context))


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


def check(user, action: Action | str, obj: Any = None, **context: Any) -> None:
    """Raise unless ``user`` may do ``action``: 404 when they may not even see ``obj``, else 403."""
    if obj is not None:
        check_see(user, obj)
    if str(action) != Action.SEE and not can(user, action, obj, **context):
        raise PermissionDenied


def check_write(user, obj: Any) -> None:
    check(user, Action.WRITE, obj)


def check_moderate(user, obj: Any) -> None:
    check(user, Action.MODERATE, obj)


def visible(user, queryset: QuerySet[M]) -> QuerySet[M]:
    """Narrow ``queryset`` to the rows ``user`` may see; unknown models yield nothing."""
    return allowed(user, Action.SEE, queryset)


def allowed(user, action: Action | str, queryset: QuerySet[M]) -> QuerySet[M]:
    """Narrow ``queryset`` to the rows on which ``user`` may do ``action`` (none if unknown)."""
    func = _find_filter(str(action), queryset.model)
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


def ability_action(name: Ability | str) -> str:
    """The named action of an ability (``ability.retag``): abilities live in the same registry."""
    return f"ability.{name}"


def ability_rule(name: Ability | str) -> Callable[[AbilityRule], AbilityRule]:
    """Register the rule that decides whether a member has ``name``."""
    return rule(None, ability_action(name))


def has_ability(user, name: Ability | str) -> bool:
    """True when ``user`` has the ability; anonymous visitors and unknown abilities: never."""
    if user is None or not user.is_authenticated:
        return False
    return can(user, ability_action(name))


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
