"""Roles are Django groups named by these slugs; staff roles give access to the staff tools."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    AMBASSADOR = "ambassador", _("Ambassador")
    EXPERT = "expert", _("Expert")
    PRODUCT_MANAGER = "product_manager", _("Product manager")
    SUPPORT_AGENT = "support_agent", _("Support agent")
    MODERATOR = "moderator", _("Moderator")
    COMMUNITY_MANAGER = "community_manager", _("Community manager")
    ADMINISTRATOR = "administrator", _("Administrator")


STAFF_ROLES = frozenset(
    {
        Role.PRODUCT_MANAGER,
        Role.SUPPORT_AGENT,
        Role.MODERATOR,
        Role.COMMUNITY_MANAGER,
        Role.ADMINISTRATOR,
    }
)
# Roles that moderate every space (other staff moderate only where named moderator).
MODERATION_ROLES = frozenset({Role.MODERATOR, Role.COMMUNITY_MANAGER, Role.ADMINISTRATOR})
# Roles that may invite people and manage members.
MEMBER_MANAGEMENT_ROLES = frozenset({Role.COMMUNITY_MANAGER, Role.ADMINISTRATOR})
# Shown first when a member has several roles.
ROLE_PRECEDENCE = [
    Role.ADMINISTRATOR,
    Role.COMMUNITY_MANAGER,
    Role.MODERATOR,
    Role.PRODUCT_MANAGER,
    Role.SUPPORT_AGENT,
    Role.AMBASSADOR,
    Role.EXPERT,
    Role.MEMBER,
]

# Model permissions each staff group gets in the Django admin: (app_label, model, actions).
_ALL = ("view", "add", "change", "delete")
GROUP_MODEL_PERMISSIONS: dict[str, list[tuple[str, str, tuple[str, ...]]]] = {
    Role.COMMUNITY_MANAGER: [
        ("accounts", "user", ("view", "change")),
        ("accounts", "segment", _ALL),
        ("accounts", "invitation", _ALL),
        ("products", "productarea", _ALL),
        ("spaces", "space", _ALL),
        ("spaces", "programme", _ALL),
        ("spaces", "programmemembership", _ALL),
        ("activity", "activity", ("view",)),
        ("recognition", "pointrule", _ALL),
        ("recognition", "badge", _ALL),
        ("recognition", "badgeaward", _ALL),
        ("recognition", "challenge", _ALL),
        ("recognition", "memberengagement", ("view", "change")),
    ],
    Role.MODERATOR: [
        ("accounts", "user", ("view",)),
        ("spaces", "space", ("view",)),
        ("activity", "activity", ("view",)),
    ],
    Role.PRODUCT_MANAGER: [
        ("products", "productarea", ("view", "change")),
        ("activity", "activity", ("view",)),
    ],
    Role.SUPPORT_AGENT: [
        ("accounts", "user", ("view",)),
        ("activity", "activity", ("view",)),
    ],
}


def admin_grants(roles: frozenset[str] | set[str], app_label: str, model: str, perm: str) -> bool:
    """True when one of ``roles`` is given ``perm`` on ``app_label.model`` by the table above
    (administrators: everything). Viewing is implied by changing, as in Django's admin."""
    if Role.ADMINISTRATOR in roles:
        return True
    wanted = {perm, "change"} if perm == "view" else {perm}
    return any(
        entry_app == app_label and entry_model == model and wanted & set(actions)
        for role in roles
        for entry_app, entry_model, actions in GROUP_MODEL_PERMISSIONS.get(role, ())
    )
