from django.apps import AppConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from ruche.core.cache import anonymous_cache_invalidate


def _space_saved(sender, instance, **kwargs) -> None:
    # Spaces change in the admin (no service of their own): a new visibility or an archived
    # space may hide topics, so visitors' cached pages are forgotten once the change commits.
    transaction.on_commit(anonymous_cache_invalidate)


class SpacesConfig(AppConfig):
    name = "ruche.spaces"
    label = "spaces"
    verbose_name = _("Spaces and programmes")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from . import permissions, verbs  # noqa: F401  (rules, events)
        from .models import Space

        post_save.connect(_space_saved, sender=Space, dispatch_uid="spaces_anonymous_cache")
