from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "ruche.forum"
    label = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        # Rules, events, listeners and settings register themselves when imported.
        from . import conf, listeners, permissions, verbs  # noqa: F401
