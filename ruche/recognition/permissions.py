"""Who manages recognition, who may welcome whom, and what each level unlocks: named actions in
the one permission registry (pages, the API, services and templates ask ``can``/``check``)."""

from __future__ import annotations

from django.db.models import QuerySet

from ruche.accounts.roles import Role
from ruche.core.permissions import Ability, ability_memo, ability_rule, queryset_filter, rule

from .conf import ABILITY_LEVELS
from .models import Challenge
from .selectors import member_level

# Edit point rules and badges, feature members.
MANAGE = "recognition.manage"
BADGE_GRANT = "badge.grant"
CHALLENGE_MANAGE = "challenge.manage"
CANDIDATES_SEE = "ambassador_candidates.see"
AMBASSADOR_INVITE = "ambassador.invite"
WELCOME = "recognition.welcome"


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated)


def _community_team(user) -> bool:
    """Community managers and administrators run recognition."""
    return _signed_in(user) and (
        user.has_role(Role.COMMUNITY_MANAGER) or user.has_role(Role.ADMINISTRATOR)
    )


@rule(None, MANAGE)
def may_manage_recognition(user) -> bool:
    """Edit the weights of actions and the badges, feature members."""
    return _community_team(user)


@rule(None, BADGE_GRANT)
def may_grant_badges(user) -> bool:
    """Grant a badge by hand, with a reason."""
    return _community_team(user)


@rule(None, CHALLENGE_MANAGE)
def may_manage_challenges(user) -> bool:
    """Set challenges and see every challenge, past and future."""
    return _community_team(user)


@queryset_filter(Challenge, CHALLENGE_MANAGE)
def manageable_challenges(user, queryset: QuerySet[Challenge]) -> QuerySet[Challenge]:
    return queryset if _community_team(user) else queryset.none()


@rule(None, WELCOME)
def may_welcome(user, *, newcomer_id: int) -> bool:
    """Any signed-in member may welcome a newcomer other than themselves."""
    return _signed_in(user) and user.pk != newcomer_id


@rule(None, CANDIDATES_SEE)
def may_see_candidates(user) -> bool:
    """The list of ambassador candidates (staff who manage members)."""
    return _signed_in(user) and user.may_manage_members


@rule(None, AMBASSADOR_INVITE)
def may_invite_ambassadors(user) -> bool:
    """Until the programmes exist, inviting a candidate grants the ambassador role."""
    return _signed_in(user) and user.may_manage_members


# --- Abilities: what each level unlocks -----------------------------------------------------


def _level_at_least(user, number: int) -> bool:
    if not (user and user.is_authenticated and user.is_active):
        return False
    memo = ability_memo()
    if memo is None:
        return member_level(user) >= number
    key = ("level", user.pk)
    if key not in memo:
        memo[key] = member_level(user)
    return memo[key] >= number


# The level from which each ability is open to members (staff have them by role).
DEFAULTS = {
    Ability.POST_FREELY: 1,
    Ability.RETAG: 3,
    Ability.FLAG_HIDE: 3,
    Ability.MOVE: 4,
}


def ability_level(name: str) -> int:
    return int(ABILITY_LEVELS.value.get(name, DEFAULTS[name]))


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
