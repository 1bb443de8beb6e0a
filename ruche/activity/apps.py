from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivityConfig(AppConfig):
    name = "ruche.activity"
    label = "activity"
    verbose_name = _("Activity ledger")

    def ready(self) -> None:
        from ruche.core.events import install_ledger

        from . import permissions  # noqa: F401  (rules)
        from .bus import ActivityLedger

        install_ledger(ActivityLedger())
