from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdeasConfig(AppConfig):
    name = "ruche.ideas"
    label = "ideas"
    verbose_name = _("Ideas and roadmap")

    def ready(self) -> None:
        from . import permissions, verbs  # noqa: F401  (registers rules and activity verbs)
