from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    name = "ruche.forum"
    label = "forum"
    verbose_name = _("Forum")

    def ready(self) -> None:
        from . import permissions, receivers, verbs  # noqa: F401  (rules, cache, verbs)
