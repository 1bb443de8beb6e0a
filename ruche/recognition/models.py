"""Recognition: points, levels, badges, leaderboards and challenges, all derived from the ledger.

The activity ledger is the only source of truth. ``Credit`` rows say what one ledger row meant for
one member (points earned, or nothing and why); ``Score`` rows are the per-period sums that the
leaderboards read; ``MemberEngagement`` keeps the level. ``ruche recompute-engagement`` rebuilds
all of them from the ledger alone. Rules (``PointRule``, ``Badge``, ``Challenge``) are data that
administrators edit.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruche.core.translation import pick, validate_translations

ACTOR = "actor"


class Beneficiary(models.TextChoices):
    """Who a ledger row credits: the member who acted, or a member named in its details."""

    ACTOR = ACTOR, _("The member who acted")
    AUTHOR = "author", _("The author of the liked post")
    ANSWERER = "answerer", _("The author of the accepted answer")
    MEMBER = "member", _("The member named in the details")


def rule_key(verb: str, beneficiary: str) -> str:
    """The name under which credits of (verb, beneficiary) are stored: ``forum.like_given>author``."""
    return verb if beneficiary == ACTOR else f"{verb}>{beneficiary}"


class PointRule(models.Model):
    """How many points one ledger verb earns, to whom, with a daily cap."""

    verb = models.CharField(_("action"), max_length=64)
    beneficiary = models.CharField(
        _("credited to"), max_length=16, choices=Beneficiary.choices, default=ACTOR
    )
    points = models.IntegerField(_("points"), default=0)
    daily_cap = models.PositiveIntegerField(
        _("daily cap"),
        default=0,
        help_text=_("Most points a member earns from this rule in one day; 0 for no cap."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["verb", "beneficiary"]
        verbose_name = _("point rule")
        verbose_name_plural = _("point rules")
        constraints = [
            models.UniqueConstraint(fields=["verb", "beneficiary"], name="point_rule_once")
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.points}"

    @property
    def key(self) -> str:
        return rule_key(self.verb, self.beneficiary)


class Withdrawal(models.TextChoices):
    NONE = "", _("Counted")
    REMOVED = "removed", _("Content removed")
    UNDONE = "undone", _("Undone")


class Credit(models.Model):
    """What one ledger row meant for one member: the points it earned (maybe 0, and why)."""

    # No database constraint: the ledger's erasure of a member deletes rows without cascading.
    activity = models.ForeignKey(
        "activity.Activity", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="credits"
    )
    # The member who acted (the liker of a like received).
    from_member_id = models.BigIntegerField()
    key = models.CharField(max_length=100)
    points = models.IntegerField(default=0)
    occurred_at = models.DateTimeField()
    day = models.DateField()
    area_id = models.BigIntegerField(null=True, blank=True)
    target_key = models.CharField(max_length=64, blank=True)
    # What an undo refers to (the question of an accepted answer).
    context_key = models.CharField(max_length=64, blank=True)
    # False for what counts for nothing at all (liking oneself, reciprocal likes).
    valid = models.BooleanField(default=True)
    reason = models.CharField(max_length=16, blank=True)
    active = models.BooleanField(default=True)
    withdrawn = models.CharField(max_length=8, choices=Withdrawal.choices, blank=True)
    payload = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("credit")
        verbose_name_plural = _("credits")
        constraints = [
            models.UniqueConstraint(fields=["activity", "member", "key"], name="credit_once")
        ]
        indexes = [
            models.Index(fields=["member", "key", "day"], name="credit_member_key_day"),
            models.Index(fields=["member", "from_member_id", "key"], name="credit_pair"),
            models.Index(fields=["target_key"], name="credit_target"),
            models.Index(
                fields=["context_key"], name="credit_context", condition=~Q(context_key="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.key} {self.points}"


class Period(models.TextChoices):
    WEEK = "week", _("This week")
    MONTH = "month", _("This month")
    YEAR = "year", _("This year")
    ALL = "all", _("All time")


ALL_TIME_START = date(1970, 1, 1)


def period_start(period: str, day: date) -> date:
    if period == Period.WEEK:
        return date.fromordinal(day.toordinal() - day.weekday())
    if period == Period.MONTH:
        return day.replace(day=1)
    if period == Period.YEAR:
        return day.replace(month=1, day=1)
    return ALL_TIME_START


class Score(models.Model):
    """A member's points in one period (week, month, year, all time), overall (area 0) or in one
    product area: what the leaderboards sort.

    The member's specialty, country and whether they are listed (active, showing their points)
    and staff are copied here, kept in step by the listeners of members' events, so that a
    leaderboard is one index scan on (period, start, area[, segment | country], points); the
    members' profile visibility is joined per row read (the page's few rows), not copied.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scores"
    )
    period = models.CharField(max_length=5, choices=Period.choices)
    start = models.DateField()
    area_id = models.BigIntegerField(default=0)
    points = models.IntegerField(default=0)
    segment_id = models.BigIntegerField(null=True, blank=True)
    country = models.CharField(max_length=2, blank=True)
    shown = models.BooleanField(default=True)
    staff = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "period", "start", "area_id"], name="score_once"
            )
        ]
        indexes = [
            models.Index(
                fields=["period", "start", "area_id", "-points", "member"],
                name="board",
                condition=Q(shown=True, staff=False),
            ),
            models.Index(
                fields=["period", "start", "area_id", "segment_id", "-points"],
                name="board_segment",
                condition=Q(shown=True, staff=False),
            ),
            models.Index(
                fields=["period", "start", "area_id", "country", "-points"],
                name="board_country",
                condition=Q(shown=True, staff=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.period} {self.start}: {self.points}"


class Sanction(models.Model):
    """A moderator removed a member's content: derived from the ledger's deletion rows."""

    activity = models.ForeignKey(
        "activity.Activity", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    occurred_at = models.DateTimeField()

    class Meta:
        verbose_name = _("sanction")
        verbose_name_plural = _("sanctions")
        constraints = [models.UniqueConstraint(fields=["activity", "member"], name="sanction_once")]
        indexes = [models.Index(fields=["member", "occurred_at"], name="sanction_member")]

    def __str__(self) -> str:
        return f"sanction {self.member_id}"


class MemberEngagement(models.Model):
    """A member's level and what the community chose to show about them."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="engagement",
    )
    level = models.PositiveSmallIntegerField(_("level"), default=0)
    level_since = models.DateTimeField(_("level since"), default=timezone.now)
    featured = models.BooleanField(_("featured"), default=False)
    featured_note = models.CharField(_("why featured"), max_length=200, blank=True)
    # What the member shows on their public profile (visibility of the profile itself is
    # ``User.profile_visibility``).
    show_points = models.BooleanField(_("show my points and level"), default=True)
    show_badges = models.BooleanField(_("show my badges"), default=True)
    show_activity = models.BooleanField(_("show my contributions"), default=True)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagement")
        indexes = [models.Index(fields=["level"], name="engagement_level")]

    def __str__(self) -> str:
        return f"{self.member_id}: level {self.level}"


class Tier(models.TextChoices):
    BRONZE = "bronze", _("Bronze")
    SILVER = "silver", _("Silver")
    GOLD = "gold", _("Gold")


class BadgeKind(models.TextChoices):
    RULE = "rule", _("Earned by a rule over the activity")
    ANNIVERSARY = "anniversary", _("Years since joining")
    MANUAL = "manual", _("Granted by hand only")


class BadgePeriod(models.TextChoices):
    ALL = "all", _("Ever")
    YEAR = "year", _("In one calendar year")
    MONTH = "month", _("In one month")
    WEEK = "week", _("In one week")


class Badge(models.Model):
    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    names = models.JSONField(_("names"), default=dict, validators=[validate_translations])
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    tier = models.CharField(_("tier"), max_length=8, choices=Tier.choices, default=Tier.BRONZE)
    kind = models.CharField(_("kind"), max_length=12, choices=BadgeKind.choices)
    verb = models.CharField(_("action"), max_length=64, blank=True)
    beneficiary = models.CharField(
        _("credited to"), max_length=16, choices=Beneficiary.choices, default=ACTOR
    )
    count = models.PositiveIntegerField(_("count"), default=1)
    period = models.CharField(
        _("period"), max_length=5, choices=BadgePeriod.choices, default=BadgePeriod.ALL
    )
    condition = models.JSONField(
        _("condition"),
        default=dict,
        blank=True,
        help_text=_('Details the action must carry, e.g. {"kind": "question"}.'),
    )
    years = models.PositiveSmallIntegerField(_("years"), default=0)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("badge")
        verbose_name_plural = _("badges")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("recognition:badge", args=[self.slug])

    @property
    def name(self) -> str:
        return pick(self.names) or self.slug

    @property
    def description(self) -> str:
        return pick(self.descriptions)

    @property
    def key(self) -> str:
        return rule_key(self.verb, self.beneficiary)


class BadgeAward(models.Model):
    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="awards")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="badge_awards"
    )
    awarded_at = models.DateTimeField(_("awarded"), default=timezone.now)
    activity_id = models.BigIntegerField(null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("badge award")
        verbose_name_plural = _("badge awards")
        constraints = [models.UniqueConstraint(fields=["badge", "member"], name="badge_once")]
        indexes = [models.Index(fields=["member", "-awarded_at"], name="award_member")]

    def __str__(self) -> str:
        return f"{self.badge_id} → {self.member_id}"

    @property
    def by_hand(self) -> bool:
        return self.granted_by_id is not None


class Challenge(models.Model):
    """A goal for a period set by a community manager: an action, how many times, for whom."""

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    verb = models.CharField(_("action"), max_length=64)
    beneficiary = models.CharField(
        _("credited to"), max_length=16, choices=Beneficiary.choices, default=ACTOR
    )
    condition = models.JSONField(_("condition"), default=dict, blank=True)
    goal = models.PositiveIntegerField(_("goal"), default=1)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    segment = models.ForeignKey(
        "accounts.Segment",
        verbose_name=_("only for the segment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    min_level = models.PositiveSmallIntegerField(_("from level"), default=0)
    reward_badge = models.ForeignKey(
        Badge,
        verbose_name=_("reward badge"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="challenges",
    )
    reward_points = models.PositiveIntegerField(_("reward points"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("recognition:challenge", args=[self.pk])

    @property
    def key(self) -> str:
        return rule_key(self.verb, self.beneficiary)

    @property
    def reward_key(self) -> str:
        return f"challenge:{self.pk}"

    def is_running(self, now=None) -> bool:
        now = now or timezone.now()
        return self.starts_at <= now < self.ends_at


class ChallengeCompletion(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="completions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField()
    activity_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["challenge", "member"], name="challenge_once")
        ]

    def __str__(self) -> str:
        return f"{self.challenge_id} done by {self.member_id}"
