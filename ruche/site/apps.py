from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The composition layer: pages that gather several apps (home, a space, a member)."""

    name = "ruche.site"
    label = "site"
    verbose_name = _("Site")
