from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ruche.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # The kernel's settings, and the check that names unknown or malformed ones.
        from . import conf  # noqa: F401
