from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from functools import cached_property

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import MaxLengthValidator, RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from ruche.core.translation import pick, validate_translations

from .roles import MEMBER_MANAGEMENT_ROLES, MODERATION_ROLES, ROLE_PRECEDENCE, STAFF_ROLES, Role


class Segment(models.Model):
    """A specialty or profile of member (general practitioner, nurse, medical secretary…)."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    names = models.JSONField(_("names"), default=dict, validators=[validate_translations])
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("segment")
        verbose_name_plural = _("segments")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names) or self.slug


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.setdefault("is_staff", True)
        fields.setdefault("is_superuser", True)
        return self._create(email, password, **fields)


HANDLE_MAX_LENGTH = 30
HANDLE_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"


def handle_base(display_name: str) -> str:
    """``Élodie Rousseau`` → ``elodie.rousseau``: ASCII, lowercase, dots between words."""
    ascii_name = unicodedata.normalize("NFKD", display_name).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_name.lower())
    return ".".join(words)[: HANDLE_MAX_LENGTH - 4] or "member"


class ProfileVisibility(models.TextChoices):
    PUBLIC = "public", _("Everyone, including visitors")
    MEMBERS = "members", _("Signed-in members")
    PRIVATE = "private", _("Only me and the staff")


def avatar_upload_to(instance: User, filename: str) -> str:
    # A fresh name each time so caches and CDNs never serve a stale picture.
    return f"avatars/{instance.pk or 'new'}/{uuid.uuid4().hex}.webp"


class User(AbstractBaseUser, PermissionsMixin):
    """A member of the community; staff are members with staff roles (groups)."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    # The name used in @mentions; generated from the display name when empty.
    handle = models.CharField(
        _("handle"),
        max_length=HANDLE_MAX_LENGTH,
        unique=True,
        null=True,
        blank=True,
        validators=[
            RegexValidator(HANDLE_PATTERN, _("Letters, digits, dots, dashes, underscores."))
        ],
    )
    segment = models.ForeignKey(
        Segment,
        verbose_name=_("segment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.MEMBER_LANGUAGES,
        default="fr",
        help_text=_("The language you speak and write in."),
    )
    ui_language = models.CharField(
        _("interface language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("Leave empty to follow your browser."),
    )
    bio = models.TextField(_("short bio"), blank=True, validators=[MaxLengthValidator(500)])
    avatar = models.ImageField(_("avatar"), upload_to=avatar_upload_to, blank=True)
    profile_visibility = models.CharField(
        _("profile visible to"),
        max_length=10,
        choices=ProfileVisibility.choices,
        default=ProfileVisibility.MEMBERS,
    )
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("admin site access"),
        default=False,
        help_text=_("Kept in step with staff roles; gives access to the administration site."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]
        indexes = [
            models.Index(fields=["segment", "country"], name="user_segment_country"),
            models.Index(fields=["date_joined"], name="user_date_joined"),
            models.Index(fields=["display_name", "id"], name="user_display_name_idx"),
        ]

    def __str__(self) -> str:
        return self.public_name

    def save(self, *args, **kwargs) -> None:
        if not self.handle:
            self.handle = self._free_handle()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "handle"}
        super().save(*args, **kwargs)

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def _free_handle(self) -> str:
        base = handle_base(self.display_name or self.email.split("@")[0])
        taken = set(
            User.objects.filter(handle__startswith=base)
            .exclude(pk=self.pk)
            .values_list("handle", flat=True)
        )
        if base not in taken:
            return base
        number = 2
        while f"{base}{number}" in taken:
            number += 1
        return f"{base}{number}"

    @property
    def public_name(self) -> str:
        return self.display_name or self.email.split("@")[0]

    @property
    def initials(self) -> str:
        words = [w for w in self.public_name.replace(".", " ").split() if w]
        letters = "".join(w[0] for w in words[:2]) or "?"
        return letters.upper()

    @cached_property
    def role_slugs(self) -> frozenset[str]:
        """Role slugs from the member's groups (uses a ``prefetch_related("groups")`` cache)."""
        slugs = {group.name for group in self.groups.all()}
        if self.is_superuser:
            slugs.add(Role.ADMINISTRATOR)
        slugs.add(Role.MEMBER)
        return frozenset(slugs)

    def has_role(self, role: str) -> bool:
        return role in self.role_slugs

    @property
    def is_staff_member(self) -> bool:
        return bool(self.role_slugs & STAFF_ROLES)

    @property
    def is_moderator(self) -> bool:
        return bool(self.role_slugs & MODERATION_ROLES)

    @property
    def may_manage_members(self) -> bool:
        return bool(self.role_slugs & MEMBER_MANAGEMENT_ROLES)

    @property
    def primary_role(self) -> str:
        for role in ROLE_PRECEDENCE:
            if role in self.role_slugs:
                return role
        return Role.MEMBER

    @property
    def primary_role_label(self) -> str:
        return Role(self.primary_role).label

    @cached_property
    def moderated_space_ids(self) -> frozenset[int]:
        return frozenset(self.moderated_spaces.values_list("id", flat=True))

    @cached_property
    def programme_ids(self) -> frozenset[int]:
        return frozenset(self.programme_memberships.values_list("programme_id", flat=True))


def _token_hash(raw: str) -> str:
    # Tokens carry 256 bits of randomness, so a fast hash is enough (no brute force possible).
    return hashlib.sha256(raw.encode()).hexdigest()


class Invitation(models.Model):
    """An invitation by e-mail, with the role and segment the person will get on accepting it."""

    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.MEMBER)
    segment = models.ForeignKey(
        Segment, verbose_name=_("segment"), null=True, blank=True, on_delete=models.SET_NULL
    )
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.MEMBER_LANGUAGES, default="fr"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_accepted",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        indexes = [models.Index(Lower("email"), name="invitation_email_lower")]

    def __str__(self) -> str:
        return self.email

    @staticmethod
    def hash_token(raw: str) -> str:
        return _token_hash(raw)

    @property
    def status(self) -> str:
        if self.accepted_at:
            return "accepted"
        if self.revoked_at:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "pending"

    @property
    def status_label(self) -> str:
        return {
            "accepted": _("Accepted"),
            "revoked": _("Revoked"),
            "expired": _("Expired"),
            "pending": _("Pending"),
        }[self.status]


class ApiToken(models.Model):
    """A personal API token. Only its hash is stored; the token is shown once at creation."""

    PREFIX = "ruche_"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=80)
    key_prefix = models.CharField(_("starts with"), max_length=16, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @staticmethod
    def hash_key(raw: str) -> str:
        return _token_hash(raw)

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
