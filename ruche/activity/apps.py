from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "ruche.activity"
    label = "activity"
    verbose_name = _("Activity ledger")

    def ready(self) -> None:
        from . import permissions  # noqa: F401
