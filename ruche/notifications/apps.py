from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "ruche.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from . import receivers  # noqa: F401  (connects to the forum's signals)
