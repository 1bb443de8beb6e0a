"""What members are told about: in-app notifications and each member's choice of channel."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    REPLY = "reply", _("Replies to your topics and to topics you follow")
    MENTION = "mention", _("Mentions of you (@handle)")
    LIKE = "like", _("Likes of your posts")
    ACCEPTED = "accepted", _("Your reply accepted as the answer")
    NEW_TOPIC = "new_topic", _("New topics in the spaces, tags and product areas you follow")
    ESCALATION = "escalation", _("Questions escalated to the support team")
    BADGE = "badge", _("Badges you earn and challenges you complete")
    LEVEL = "level", _("Your level in the community")
    WELCOME = "welcome", _("Welcome and first steps")
    IDEA_THRESHOLD = "idea_threshold", _("Ideas you like or follow reaching their threshold")
    IDEA_RESPONSE = "idea_response", _("Official responses to ideas you like or follow")
    IDEA_SHIPPED = "idea_shipped", _("Ideas you like or follow shipped in a release")
    IDEA_MERGED = "idea_merged", _("Your idea merged into another one")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In the community")
    EMAIL = "email", _("By e-mail and in the community")
    OFF = "off", _("Off")


# What a member gets before choosing anything.
DEFAULT_CHANNELS: dict[str, str] = {
    NotificationKind.REPLY: Channel.EMAIL,
    NotificationKind.MENTION: Channel.EMAIL,
    NotificationKind.LIKE: Channel.IN_APP,
    NotificationKind.ACCEPTED: Channel.EMAIL,
    NotificationKind.NEW_TOPIC: Channel.IN_APP,
    NotificationKind.ESCALATION: Channel.IN_APP,
    NotificationKind.BADGE: Channel.IN_APP,
    NotificationKind.LEVEL: Channel.IN_APP,
    NotificationKind.WELCOME: Channel.IN_APP,
    NotificationKind.IDEA_THRESHOLD: Channel.IN_APP,
    NotificationKind.IDEA_RESPONSE: Channel.EMAIL,
    NotificationKind.IDEA_SHIPPED: Channel.EMAIL,
    NotificationKind.IDEA_MERGED: Channel.EMAIL,
}
# Kinds about the member themselves (recognition), with no topic: their link is in ``data``.
PERSONAL_KINDS = frozenset(
    {NotificationKind.BADGE, NotificationKind.LEVEL, NotificationKind.WELCOME}
)


class Notification(models.Model):
    """One thing to tell one member. Likes of a post are grouped in one row while it is unread."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    # The latest member who acted (grouped likes: the latest liker); null for automatic events.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_count = models.PositiveIntegerField(default=1)
    # Null for personal notifications (a badge earned, a new level, the welcome).
    topic = models.ForeignKey(
        "forum.Topic",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("topic"),
    )
    reply = models.ForeignKey(
        "forum.Reply",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("reply"),
    )
    data = models.JSONField(default=dict, blank=True)
    # The event this row tells about ("reply:12", "like:topic:5"…): one unread row per member.
    group_key = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "group_key"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_once",
            )
        ]
        indexes = [
            models.Index(fields=["recipient", "-updated_at", "-id"], name="notification_latest"),
            models.Index(
                fields=["recipient", "-updated_at", "-id"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"

    @property
    def is_unread(self) -> bool:
        return self.read_at is None

    @property
    def target_url(self) -> str:
        target = self.reply or self.topic
        if target is None:
            return self.data.get("url") or "/"
        return target.get_absolute_url()


class NotificationPreference(models.Model):
    """A member's channel for one kind of notification; no row means the default."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="notification_preference_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.kind}: {self.channel}"
