from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "ruche.recognition"
    label = "recognition"
    verbose_name = _("Recognition")

    def ready(self) -> None:
        from ruche.activity.services import ledger_listener

        from . import permissions, receivers, verbs  # noqa: F401  (rules, signals, verbs)
        from .services import on_activities_recorded

        ledger_listener(on_activities_recorded)
        receivers.connect_groups()
