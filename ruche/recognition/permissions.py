"""Who manages recognition, and what each level unlocks (registered as abilities)."""

from __future__ import annotations

from ruche.accounts.roles import Role
from ruche.core.permissions import Ability, ability_memo, ability_rule


def may_manage_recognition(user) -> bool:
    """Community managers and administrators edit rules, grant badges, run challenges."""
    return bool(
        user
        and user.is_authenticated
        and (user.has_role(Role.COMMUNITY_MANAGER) or user.has_role(Role.ADMINISTRATOR))
    )


def may_welcome(user, newcomer_id: int) -> bool:
    """Any signed-in member may welcome a newcomer other than themselves."""
    return bool(user and user.is_authenticated and user.pk != newcomer_id)


def may_see_candidates(user) -> bool:
    return bool(user and user.is_authenticated and user.may_manage_members)


def _level_at_least(user, number: int) -> bool:
    from .selectors import member_level

    if not (user and user.is_authenticated and user.is_active):
        return False
    memo = ability_memo()
    if memo is None:
        return member_level(user) >= number
    key = ("level", user.pk)
    if key not in memo:
        memo[key] = member_level(user)
    return memo[key] >= number


def ability_level(name: str) -> int:
    from django.conf import settings

    return int(settings.RUCHE.get("RECOGNITION_ABILITY_LEVELS", {}).get(name, DEFAULTS[name]))


# The level from which each ability is open to members (staff have them by role).
DEFAULTS = {
    Ability.POST_FREELY: 1,
    Ability.RETAG: 3,
    Ability.FLAG_HIDE: 3,
    Ability.MOVE: 4,
}


@ability_rule(Ability.POST_FREELY)
def may_post_freely(user) -> bool:
    if user.is_authenticated and user.is_staff_member:
        return True
    return _level_at_least(user, ability_level(Ability.POST_FREELY))


@ability_rule(Ability.RETAG)
def may_retag(user) -> bool:
    if user.is_authenticated and user.is_moderator:
        return True
    return _level_at_least(user, ability_level(Ability.RETAG))


@ability_rule(Ability.FLAG_HIDE)
def may_flag_hide(user) -> bool:
    if user.is_authenticated and user.is_moderator:
        return True
    return _level_at_least(user, ability_level(Ability.FLAG_HIDE))


@ability_rule(Ability.MOVE)
def may_move(user) -> bool:
    if user.is_authenticated and user.is_moderator:
        return True
    return _level_at_least(user, ability_level(Ability.MOVE))
