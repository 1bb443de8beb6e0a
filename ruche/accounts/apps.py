from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ruche.accounts"
    label = "accounts"
    verbose_name = _("Members")

    def ready(self) -> None:
        # Settings, rules, allauth's signal adapters and events are registered on import.
        from . import conf, permissions, signals, verbs  # noqa: F401
        from .setup import ensure_role_groups

        post_migrate.connect(ensure_role_groups, sender=self)
