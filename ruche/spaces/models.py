from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruche.core.translation import pick, validate_translations


class Programme(models.Model):
    """A programme for the most engaged members: ambassadors, a beta test, a focus group…"""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    names = models.JSONField(_("names"), default=dict, validators=[validate_translations])
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="ProgrammeMembership",
        related_name="programmes",
        verbose_name=_("members"),
    )

    class Meta:
        ordering = ["slug"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names) or self.slug

    @property
    def description(self) -> str:
        return pick(self.descriptions)


class ProgrammeMembership(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("programme")
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="programme_memberships",
        verbose_name=_("member"),
    )
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("programme membership")
        verbose_name_plural = _("programme memberships")
        constraints = [
            models.UniqueConstraint(fields=["programme", "member"], name="programme_member_unique")
        ]
        indexes = [models.Index(fields=["member", "programme"], name="programme_member_idx")]

    def __str__(self) -> str:
        return f"{self.member} - {self.programme}"


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: readable without an account")
    MEMBERS = "members", _("Members: signed-in members")
    PROGRAMME = "programme", _("Programme: members of one programme")
    STAFF = "staff", _("Staff only")


class PostingPolicy(models.TextChoices):
    READERS = "readers", _("Everyone who can read it")
    STAFF = "staff", _("Staff only (announcements, resources)")


class Space(models.Model):
    """A category of the community. Everything in a space obeys its visibility."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    names = models.JSONField(_("names"), default=dict, validators=[validate_translations])
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="spaces",
        help_text=_("Required when the visibility is a programme."),
    )
    posting = models.CharField(
        _("who may post"),
        max_length=10,
        choices=PostingPolicy.choices,
        default=PostingPolicy.READERS,
    )
    product_area = models.ForeignKey(
        "products.ProductArea",
        verbose_name=_("product area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spaces",
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderators"),
        blank=True,
        related_name="moderated_spaces",
        help_text=_("Members who moderate this space besides the moderation staff."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_archived = models.BooleanField(_("archived"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        constraints = [
            models.CheckConstraint(
                condition=(Q(visibility="programme") & Q(programme__isnull=False))
                | (~Q(visibility="programme") & Q(programme__isnull=True)),
                name="space_programme_iff_programme_visibility",
            )
        ]
        indexes = [models.Index(fields=["visibility", "programme"], name="space_visibility_idx")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("spaces:detail", args=[self.slug])

    @property
    def name(self) -> str:
        return pick(self.names) or self.slug

    @property
    def description(self) -> str:
        return pick(self.descriptions)
