from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import registry


class Source(models.TextChoices):
    RUCHE = "ruche", "Ruche"
    NEWSLETTER = "newsletter", _("Newsletter")
    CHAT = "chat", _("Chat")
    FORUM = "forum", _("Other forum")
    EVENTS = "events", _("Events")
    CSV = "csv", _("CSV import")
    WEBHOOK = "webhook", _("Webhook")


class AppendOnlyError(RuntimeError):
    pass


class ActivityQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("The activity ledger is append-only.")

    def delete(self):
        # Only the erasure of a member (GDPR) may remove rows; it uses ``_raw_delete`` knowingly.
        raise AppendOnlyError("The activity ledger is append-only.")


class Activity(models.Model):
    """One member action, recorded once. Points, levels, badges and analytics read from here."""

    id = models.BigAutoField(primary_key=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    verb = models.CharField(_("action"), max_length=64)
    target_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target_id = models.BigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    # The space the action happened in, so a timeline hides what the reader may not see.
    space = models.ForeignKey(
        "spaces.Space", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occurred_at = models.DateTimeField(_("when"), default=timezone.now)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    source = models.CharField(_("source"), max_length=32, default=Source.RUCHE)
    payload = models.JSONField(_("details"), default=dict, blank=True)
    # NULL (not "") for "no key", so that the partial unique constraint skips these rows.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001

    objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="activity_idempotency_unique",
            )
        ]
        indexes = [
            models.Index(fields=["actor", "-occurred_at", "-id"], name="activity_actor_timeline"),
            models.Index(fields=["verb", "occurred_at"], name="activity_verb_time"),
            models.Index(fields=["occurred_at"], name="activity_time"),
            models.Index(fields=["target_type", "target_id"], name="activity_target"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_id} {self.verb} @ {self.occurred_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs) -> None:
        stored = self.pk is not None and not self._state.adding
        if stored or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError("The activity ledger is append-only.")
        # Always an INSERT: a new instance given the id of a stored row must not overwrite it.
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("The activity ledger is append-only.")

    @property
    def verb_label(self) -> str:
        try:
            return str(registry.get(self.verb).label)
        except registry.UnknownVerb:
            return self.verb

    @property
    def target_model_label(self) -> str | None:
        """``app_label.model`` of the target (``forum.reply``), from the cached content types."""
        if not self.target_type_id:
            return None
        content_type = ContentType.objects.get_for_id(self.target_type_id)
        return f"{content_type.app_label}.{content_type.model}"

    def clean(self) -> None:
        try:
            registry.get(self.verb)
        except registry.UnknownVerb as exc:
            raise ValidationError({"verb": _("Unknown action.")}) from exc


class DeliveryState(models.TextChoices):
    DONE = "done", _("Delivered")
    FAILED = "failed", _("Failed, to be retried")
    PENDING = "pending", _("Waiting to be sent")
    GAVE_UP = "gave_up", _("Given up")


class Delivery(models.Model):
    """One after-commit listener's handling of one ledger row: delivered at most once, retried.

    A row is written when a listener succeeded (so a second delivery of the same task does
    nothing), failed (so the sweeper retries it later), or could not be queued at all (the
    broker was unreachable: the sweeper queues it later). Nothing said after commit is lost.
    """

    id = models.BigAutoField(primary_key=True)
    # Not a foreign key: the ledger is append-only and erasure removes rows underneath.
    activity_id = models.BigIntegerField()
    listener = models.CharField(max_length=200)
    state = models.CharField(max_length=8, choices=DeliveryState.choices)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["activity_id", "listener"], name="delivery_once")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due",
                condition=Q(state__in=["failed", "pending"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.listener} @ {self.activity_id}: {self.state}"
