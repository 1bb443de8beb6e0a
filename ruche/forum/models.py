"""Forum and resource centre: topics (question, testimonial, discussion, article) and replies."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import kinds
from .kinds import TopicKind, kind_choices


class AnsweredBy(models.TextChoices):
    NONE = "", _("Not answered")
    PEER = "peer", _("A fellow member")
    STAFF = "staff", _("The staff")


class Tag(models.Model):
    slug = models.SlugField(_("identifier"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=50)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self) -> str:
        return self.name


class Topic(models.Model):
    space = models.ForeignKey(
        "spaces.Space", verbose_name=_("space"), on_delete=models.PROTECT, related_name="topics"
    )
    # A registered thread kind: the forum's own, or one an app hosts here (see ``kinds``).
    kind = models.CharField(_("kind"), max_length=kinds.MAX_NAME_LENGTH, choices=kind_choices)
    title = models.CharField(_("title"), max_length=200)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="topics",
    )
    # The role the author held when posting, so staff posts carry it even after a role change.
    author_role = models.CharField(_("author's role"), max_length=32, blank=True)
    product_area = models.ForeignKey(
        "products.ProductArea",
        verbose_name=_("product area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="topics",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="topics")
    body = models.TextField(_("text"))
    body_html = models.TextField(editable=False)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=8, default="fr")
    reading_minutes = models.PositiveSmallIntegerField(default=1, editable=False)
    toc = models.JSONField(default=list, blank=True, editable=False)

    created_at = models.DateTimeField(_("created"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    # Exact counters kept with F() updates in the same transaction as the row they count.
    reply_count = models.PositiveIntegerField(default=0)
    like_count = models.PositiveIntegerField(default=0)
    helpful_yes = models.PositiveIntegerField(default=0)
    helpful_no = models.PositiveIntegerField(default=0)

    accepted_reply = models.OneToOneField(
        "Reply", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_by = models.CharField(
        _("answered by"), max_length=5, choices=AnsweredBy.choices, blank=True, default=""
    )
    first_staff_reply_at = models.DateTimeField(null=True, blank=True)

    # A locked thread is read-only: it takes no new replies (its host decides). The database
    # default lets the bulk seeds COPY rows without the column.
    is_locked = models.BooleanField(_("locked"), default=False, db_default=False)
    is_deleted = models.BooleanField(_("deleted"), default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        indexes = [
            models.Index(fields=["space", "-last_activity_at", "-id"], name="topic_space_latest"),
            models.Index(fields=["-last_activity_at", "-id"], name="topic_latest"),
            models.Index(fields=["kind", "-last_activity_at"], name="topic_kind_latest"),
            models.Index(fields=["product_area", "-last_activity_at"], name="topic_area_latest"),
            models.Index(fields=["author", "-created_at"], name="topic_author"),
            models.Index(
                fields=["-created_at"],
                name="topic_unanswered",
                condition=Q(kind="question", answered_by="", is_deleted=False),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # The kind says which page shows the thread (a hosted thread's is its host's page).
        return self.thread_kind.url(self)

    @property
    def thread_kind(self) -> kinds.ThreadKind:
        return kinds.get(self.kind)

    @property
    def is_question(self) -> bool:
        return self.kind == TopicKind.QUESTION


class Reply(models.Model):
    topic = models.ForeignKey(
        Topic, verbose_name=_("topic"), on_delete=models.CASCADE, related_name="replies"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="replies",
    )
    author_role = models.CharField(_("author's role"), max_length=32, blank=True)
    is_staff_reply = models.BooleanField(default=False)
    body = models.TextField(_("text"))
    body_html = models.TextField(editable=False)
    language = models.CharField(_("language"), max_length=8, default="fr")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    like_count = models.PositiveIntegerField(default=0)
    is_deleted = models.BooleanField(_("deleted"), default=False)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        indexes = [
            models.Index(fields=["topic", "created_at", "id"], name="reply_topic_order"),
            models.Index(fields=["author", "-created_at"], name="reply_author"),
        ]

    def __str__(self) -> str:
        return f"{self.topic_id}#{self.pk}"

    def get_absolute_url(self) -> str:
        return f"{reverse('forum:topic', args=[self.topic_id])}#reply-{self.pk}"


class Revision(models.Model):
    """The text of a post before an edit: nothing a member wrote is lost."""

    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="revisions"
    )
    editor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(topic__isnull=False, reply__isnull=True)
                | Q(topic__isnull=True, reply__isnull=False),
                name="revision_one_target",
            )
        ]

    def __str__(self) -> str:
        return f"revision {self.pk}"


class Like(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes"
    )
    topic = models.ForeignKey(
        Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="likes"
    )
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.CASCADE, related_name="likes"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("like")
        verbose_name_plural = _("likes")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "topic"], condition=Q(topic__isnull=False), name="like_topic_once"
            ),
            models.UniqueConstraint(
                fields=["member", "reply"], condition=Q(reply__isnull=False), name="like_reply_once"
            ),
            models.CheckConstraint(
                condition=Q(topic__isnull=False, reply__isnull=True)
                | Q(topic__isnull=True, reply__isnull=False),
                name="like_one_target",
            ),
        ]
        indexes = [models.Index(fields=["topic", "created_at"], name="like_topic_time")]

    def __str__(self) -> str:
        return f"like {self.pk}"


class HelpfulVote(models.Model):
    """ "Was this article helpful?" One vote per member, changeable."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="helpful_votes")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    helpful = models.BooleanField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "member"], name="helpful_once")]

    def __str__(self) -> str:
        return f"helpful {self.pk}"


class FollowTarget(models.TextChoices):
    TOPIC = "topic", _("Topic")
    SPACE = "space", _("Space")
    TAG = "tag", _("Tag")
    PRODUCT_AREA = "product_area", _("Product area")


class Follow(models.Model):
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    target_type = models.CharField(max_length=16, choices=FollowTarget.choices)
    target_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["member", "target_type", "target_id"], name="follow_once"
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="follow_target")]

    def __str__(self) -> str:
        return f"{self.member_id} follows {self.target_type}:{self.target_id}"


class EscalationState(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered by staff")
    RESOLVED = "resolved", _("Resolved")


class EscalationReason(models.TextChoices):
    MEMBER = "member", _("The member cannot get it to work")
    MODERATOR = "moderator", _("Escalated by a moderator")
    AUTOMATIC = "automatic", _("Unanswered for too long")


class Escalation(models.Model):
    """A question handed to the support team, with the times support targets are measured on."""

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="escalation")
    reason = models.CharField(max_length=10, choices=EscalationReason.choices)
    state = models.CharField(
        max_length=10, choices=EscalationState.choices, default=EscalationState.OPEN
    )
    escalated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_escalations",
    )
    asked_at = models.DateTimeField()
    escalated_at = models.DateTimeField(default=timezone.now)
    first_staff_reply_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        indexes = [models.Index(fields=["state", "escalated_at"], name="escalation_queue")]

    def __str__(self) -> str:
        return f"escalation {self.topic_id}"


class Upload(models.Model):
    """A picture uploaded to be shown in a post."""

    uploader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    file = models.ImageField(upload_to="uploads/%Y/%m/")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.file.name
