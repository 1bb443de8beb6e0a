from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProductsConfig(AppConfig):
    name = "ruche.products"
    label = "products"
    verbose_name = _("Product")

    def ready(self) -> None:
        from . import permissions, verbs  # noqa: F401  (rules, events)
