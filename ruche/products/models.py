from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ruche.core.translation import pick, validate_translations


class ProductArea(models.Model):
    """A part of the product (Agenda, Teleconsultation, Billing…) with its product managers."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    names = models.JSONField(_("names"), default=dict, validators=[validate_translations])
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    product_managers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("product managers"),
        blank=True,
        related_name="managed_product_areas",
    )

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("product area")
        verbose_name_plural = _("product areas")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names) or self.slug

    @property
    def description(self) -> str:
        return pick(self.descriptions)
