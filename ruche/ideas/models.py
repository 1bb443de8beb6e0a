"""Ideas: proposals members like; past a threshold of likes the product team owes a formal answer.

An idea shares its primary key with a forum topic of kind ``idea``: the topic carries the idea's
comments (forum replies: Markdown, likes, mentions, edit history, moderation) and its followers
(forum follows of the topic), and it makes the idea findable in the community search.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ruche.core.translation import pick, validate_translations


class StatusKind(models.TextChoices):
    """What the code relies on; administrators name and colour the statuses of each kind."""

    OPEN = "open", _("Open")
    AWAITING_RESPONSE = "awaiting_response", _("Awaiting response")
    UNDER_REVIEW = "under_review", _("Under review")
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    RELEASED = "released", _("Released")
    DECLINED = "declined", _("Declined")
    ALREADY_POSSIBLE = "already_possible", _("Already possible")
    MERGED = "merged", _("Merged")


# Kinds that take no new likes: the matter is closed or lives elsewhere.
CLOSED_KINDS = frozenset({StatusKind.RELEASED, StatusKind.DECLINED, StatusKind.MERGED})
# Kinds a published official response may decide.
DECISION_KINDS = frozenset(
    {
        StatusKind.UNDER_REVIEW,
        StatusKind.PLANNED,
        StatusKind.IN_PROGRESS,
        StatusKind.RELEASED,
        StatusKind.DECLINED,
        StatusKind.ALREADY_POSSIBLE,
    }
)
ROADMAP_KINDS = (StatusKind.PLANNED, StatusKind.IN_PROGRESS, StatusKind.RELEASED)

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour like #1f6feb."))


class IdeaStatus(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=StatusKind.choices)
    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    names = models.JSONField(_("names"), default=dict, validators=[validate_translations])
    colour = models.CharField(
        _("colour"), max_length=7, default="#6e7781", validators=[colour_validator]
    )
    on_roadmap = models.BooleanField(_("shown on the roadmap"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("idea status")
        verbose_name_plural = _("idea statuses")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.names) or self.get_kind_display()


class IdeaSettings(models.Model):
    """The global rules administrators change (one row, created on first read)."""

    threshold = models.PositiveIntegerField(
        _("likes that oblige an answer"), default=50, validators=[MinValueValidator(1)]
    )
    response_days = models.PositiveIntegerField(
        _("days to answer"), default=30, validators=[MinValueValidator(1)]
    )
    organisation_cap = models.PositiveIntegerField(
        _("likes counted per organisation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_(
            "Empty: no limit. Otherwise at most this many likes of one organisation count."
        ),
    )
    rationale_min_chars = models.PositiveIntegerField(
        _("minimum length of a response's rationale"), default=120
    )

    class Meta:
        verbose_name = _("idea settings")
        verbose_name_plural = _("idea settings")

    def __str__(self) -> str:
        return str(_("Idea settings"))

    @classmethod
    def current(cls) -> IdeaSettings:
        found = cls.objects.order_by("pk").first()
        return found if found is not None else cls.objects.create()


class AreaIdeaSettings(models.Model):
    """A product area's own threshold and delay; empty fields take the global ones."""

    product_area = models.OneToOneField(
        "products.ProductArea",
        verbose_name=_("product area"),
        on_delete=models.CASCADE,
        related_name="idea_settings",
    )
    threshold = models.PositiveIntegerField(
        _("likes that oblige an answer"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    response_days = models.PositiveIntegerField(
        _("days to answer"), null=True, blank=True, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("product area idea settings")
        verbose_name_plural = _("product area idea settings")

    def __str__(self) -> str:
        return str(self.product_area)


class Idea(models.Model):
    topic = models.OneToOneField(
        "forum.Topic",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="idea",
        verbose_name=_("comment thread"),
    )
    space = models.ForeignKey(
        "spaces.Space", verbose_name=_("space"), on_delete=models.PROTECT, related_name="ideas"
    )
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem it solves"))
    problem_html = models.TextField(editable=False)
    solution = models.TextField(_("the proposed solution"), blank=True)
    solution_html = models.TextField(editable=False, blank=True)
    segments = models.ManyToManyField(
        "accounts.Segment", verbose_name=_("who benefits"), blank=True, related_name="ideas"
    )
    product_area = models.ForeignKey(
        "products.ProductArea",
        verbose_name=_("product area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="ideas",
    )
    tags = models.ManyToManyField("forum.Tag", verbose_name=_("tags"), blank=True, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="ideas",
    )
    status = models.ForeignKey(
        IdeaStatus, verbose_name=_("status"), on_delete=models.PROTECT, related_name="ideas"
    )
    language = models.CharField(_("language"), max_length=8, default="fr")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)

    # Exact counters, moved in the transaction that adds or removes a like, under the row lock.
    like_count = models.PositiveIntegerField(_("likes"), default=0)
    # What counts toward the threshold: like_count, or less with a cap per organisation.
    counted_like_count = models.PositiveIntegerField(_("counted likes"), default=0)
    last_liked_at = models.DateTimeField(null=True, blank=True)

    # The commitment: set once, when the threshold is first reached; it never goes away.
    threshold_reached_at = models.DateTimeField(_("threshold reached"), null=True, blank=True)
    response_due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    first_response_at = models.DateTimeField(_("first answered"), null=True, blank=True)
    target_quarter = models.CharField(_("target quarter"), max_length=7, blank=True)

    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="duplicates",
    )

    class Meta:
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        indexes = [
            models.Index(fields=["-like_count", "-topic"], name="idea_top"),
            models.Index(fields=["product_area", "-like_count", "-topic"], name="idea_area_top"),
            models.Index(fields=["space", "-like_count", "-topic"], name="idea_space_top"),
            models.Index(fields=["status", "-like_count"], name="idea_status_top"),
            models.Index(fields=["-created_at", "-topic"], name="idea_latest"),
            models.Index(
                fields=["response_due_at"],
                name="idea_awaiting",
                condition=Q(threshold_reached_at__isnull=False, first_response_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:detail", args=[self.pk])

    @property
    def id(self) -> int:
        return self.topic_id

    @property
    def is_closed(self) -> bool:
        return self.status.kind in CLOSED_KINDS

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.response_due_at
            and self.first_response_at is None
            and self.response_due_at < timezone.now()
        )


class StatusEvent(models.TextChoices):
    THRESHOLD = "threshold", _("Threshold reached")
    RESPONSE = "response", _("Official response")
    MERGED = "merged", _("Merged")
    UNMERGED = "unmerged", _("Merge undone")
    RELEASED = "released", _("Released")


class IdeaStatusChange(models.Model):
    """The public history of an idea's status: who, when, why."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.ForeignKey(
        IdeaStatus, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_status = models.ForeignKey(IdeaStatus, on_delete=models.PROTECT, related_name="+")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.CharField(_("why"), max_length=300, blank=True)
    # What caused an automatic change, told in the reader's language (not the writer's).
    event = models.CharField(max_length=12, blank=True, choices=StatusEvent.choices)
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.idea_id}: {self.to_status_id}"

    @property
    def why(self) -> str:
        """The reason as a reader sees it: a staff member's words, or the event in their language."""
        details = self.details or {}
        if self.reason or not self.event:
            return self.reason
        if self.event == StatusEvent.THRESHOLD:
            return gettext("%(count)d likes: the product team owes an answer.") % {
                "count": details.get("threshold", 0)
            }
        if self.event == StatusEvent.RESPONSE:
            return gettext("Official response #%(version)d") % {
                "version": details.get("version", 0)
            }
        if self.event == StatusEvent.MERGED:
            return gettext("Merged into “%(title)s”.") % {"title": details.get("title", "")}
        if self.event == StatusEvent.UNMERGED:
            return gettext("The merge was undone.")
        return gettext("Shipped in “%(title)s”.") % {"title": details.get("title", "")}


class IdeaLike(models.Model):
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="likes")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idea_likes"
    )
    # A staff member who recorded this like for a customer met on a call.
    on_behalf_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set on the likes a merge copied from a duplicate, so that undoing the merge removes them.
    merged_from = models.ForeignKey(
        Idea, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("idea like")
        verbose_name_plural = _("idea likes")
        constraints = [models.UniqueConstraint(fields=["idea", "member"], name="idea_like_once")]
        indexes = [
            models.Index(fields=["idea", "created_at"], name="idea_like_time"),
            models.Index(fields=["member", "-created_at"], name="idea_like_member"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} likes {self.idea_id}"


class ReasonCategory(models.TextChoices):
    NONE = "", _("No particular reason")
    STRATEGY = "strategy", _("Product strategy")
    TECHNICAL = "technical", _("Technical")
    REGULATORY = "regulatory", _("Regulatory")
    ALREADY_POSSIBLE = "already_possible", _("Already possible")
    DEMAND = "demand", _("Demand and priorities")


quarter_validator = RegexValidator(r"^\d{4}-Q[1-4]$", _("A quarter like 2027-Q1."))


class Release(models.Model):
    """A changelog entry: what shipped, when, in which product areas, delivering which ideas."""

    title = models.CharField(_("title"), max_length=200)
    notes = models.TextField(_("release notes"))
    notes_html = models.TextField(editable=False)
    released_on = models.DateField(_("release date"))
    product_areas = models.ManyToManyField(
        "products.ProductArea", verbose_name=_("product areas"), blank=True, related_name="+"
    )
    ideas = models.ManyToManyField(
        Idea, verbose_name=_("ideas delivered"), blank=True, related_name="releases"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-released_on", "-id"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("ideas:release", args=[self.pk])


class OfficialResponse(models.Model):
    """The product team's formal answer. Drafts are staff's; published ones form a timeline."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="responses")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    decision = models.ForeignKey(
        IdeaStatus, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="+"
    )
    rationale = models.TextField(_("why"))
    rationale_html = models.TextField(editable=False)
    reason_category = models.CharField(
        _("reason"), max_length=20, choices=ReasonCategory.choices, blank=True, default=""
    )
    workaround = models.TextField(_("workaround"), blank=True)
    reconsider_conditions = models.TextField(_("when we would reconsider"), blank=True)
    target_quarter = models.CharField(
        _("target quarter"), max_length=7, blank=True, validators=[quarter_validator]
    )
    release = models.ForeignKey(
        Release,
        verbose_name=_("release"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    # 1, 2, 3… among the idea's published responses; null while a draft.
    version = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["published_at", "id"]
        verbose_name = _("official response")
        verbose_name_plural = _("official responses")
        constraints = [
            models.UniqueConstraint(
                fields=["idea", "version"],
                condition=Q(version__isnull=False),
                name="response_version_once",
            )
        ]

    def __str__(self) -> str:
        return f"response {self.pk} to {self.idea_id}"

    @property
    def is_draft(self) -> bool:
        return self.published_at is None


class ResponseTemplate(models.Model):
    """A reusable start for an official response (e.g. "Regulatory: not allowed in Germany")."""

    name = models.CharField(_("name"), max_length=120)
    decision = models.ForeignKey(
        IdeaStatus,
        verbose_name=_("decision"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason_category = models.CharField(
        _("reason"), max_length=20, choices=ReasonCategory.choices, blank=True, default=""
    )
    rationale = models.TextField(_("why"))
    workaround = models.TextField(_("workaround"), blank=True)
    reconsider_conditions = models.TextField(_("when we would reconsider"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("response template")
        verbose_name_plural = _("response templates")

    def __str__(self) -> str:
        return self.name


class IdeaMerge(models.Model):
    """A duplicate merged into an original, with what the merge changed so it can be undone."""

    duplicate = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="merges_out")
    original = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="merges_in")
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_at = models.DateTimeField(default=timezone.now)
    reason = models.CharField(_("why"), max_length=300, blank=True)
    previous_status = models.ForeignKey(IdeaStatus, on_delete=models.PROTECT, related_name="+")
    moved_reply_ids = models.JSONField(default=list, blank=True)
    added_follow_ids = models.JSONField(default=list, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-merged_at"]
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        constraints = [
            models.UniqueConstraint(
                fields=["duplicate"], condition=Q(undone_at__isnull=True), name="merge_active_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.duplicate_id} -> {self.original_id}"
