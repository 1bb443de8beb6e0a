from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecognitionConfig(AppConfig):
    name = "ruche.recognition"
    label = "recognition"
    verbose_name = _("Recognition")

    def ready(self) -> None:
        # Verbs, permission rules and listeners register themselves when imported.
        from . import listeners, permissions, verbs  # noqa: F401
