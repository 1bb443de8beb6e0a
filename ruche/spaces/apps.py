from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SpacesConfig(AppConfig):
    name = "ruche.spaces"
    label = "spaces"
    verbose_name = _("Spaces and programmes")

    def ready(self) -> None:
        from . import permissions, verbs  # noqa: F401  (rules, events)
