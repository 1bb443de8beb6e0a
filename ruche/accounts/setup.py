from django.contrib.auth.models import Group, Permission

from .roles import GROUP_MODEL_PERMISSIONS, Role


def ensure_role_groups(**kwargs) -> None:
    """Create one group per role with its admin permissions (idempotent, after each migrate)."""
    for role in Role.values:
        group, _created = Group.objects.get_or_create(name=role)
        wanted = []
        for app_label, model, actions in GROUP_MODEL_PERMISSIONS.get(role, []):
            codenames = [f"{action}_{model}" for action in actions]
            wanted.extend(
                Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
            )
        if role == Role.ADMINISTRATOR:
            wanted = list(Permission.objects.all())
        if wanted:
            group.permissions.set(wanted)
