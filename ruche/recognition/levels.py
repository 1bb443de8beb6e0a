"""Levels, in the spirit of Discourse's trust levels: criteria over the ledger, read from settings.

The setting ``RECOGNITION_LEVELS`` (``conf.LEVELS``) lists the levels above newcomer (level 0), each with criteria
(statistic → minimum; ``sanctions`` is a maximum) and a rolling window in days, or ``None`` for
all time. A member holds the highest level whose criteria, and those of every level below it,
they meet *now*: a level with a window is lost when the member stops meeting it (long
inactivity) or is sanctioned, which is how the top levels demote. The value
``"NEWCOMER_UNTIL_POSTS"`` stands for that forum setting, so that level 1 is exactly "no longer
held to the newcomer limits".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ruche.accounts import verbs as account_verbs
from ruche.activity.models import Activity
from ruche.core.conf import declared
from ruche.forum import verbs as forum_verbs

from . import verbs
from .conf import LEVELS
from .models import Credit, Sanction, rule_key

POST_KEYS = (forum_verbs.TopicCreated.name, forum_verbs.ReplyCreated.name)
REPLY_KEY = forum_verbs.ReplyCreated.name
LIKE_GIVEN_KEY = forum_verbs.LikeGiven.name
LIKE_RECEIVED_KEY = rule_key(forum_verbs.LikeGiven.name, "author")
ACCEPTED_KEY = rule_key(forum_verbs.AnswerAccepted.name, "answerer")
VISIT_VERBS = (verbs.Visited.name, account_verbs.MemberLoggedIn.name)
TOPIC_READ_VERB = verbs.TopicRead.name

STAT_LABELS = {
    "posts": _("posts (topics and replies)"),
    "replies": _("replies"),
    "days_visited": _("days visited"),
    "topics_read": _("topics read"),
    "likes_given": _("likes given"),
    "likes_received": _("likes received"),
    "distinct_likers": _("members who liked your posts"),
    "like_days": _("different days your posts were liked"),
    "accepted_answers": _("accepted answers"),
    "sanctions": _("posts removed by a moderator (at most)"),
}
STATS = tuple(STAT_LABELS)

DEFAULT_LEVELS: list[dict] = [
    {"name": _("Newcomer"), "criteria": {}, "window_days": None},
    {
        "name": _("Member"),
        "criteria": {"posts": "NEWCOMER_UNTIL_POSTS"},
        "window_days": None,
    },
    {
        "name": _("Contributor"),
        "criteria": {"posts": 10, "days_visited": 5, "likes_received": 5, "distinct_likers": 3},
        "window_days": None,
    },
    {
        "name": _("Regular"),
        "criteria": {
            "days_visited": 20,
            "replies": 10,
            "likes_given": 10,
            "likes_received": 10,
            "distinct_likers": 5,
            "like_days": 5,
            "accepted_answers": 1,
            "sanctions": 0,
        },
        "window_days": 100,
    },
    {
        "name": _("Leader"),
        "criteria": {
            "days_visited": 40,
            "replies": 30,
            "likes_given": 30,
            "likes_received": 40,
            "distinct_likers": 15,
            "like_days": 15,
            "accepted_answers": 5,
            "sanctions": 0,
        },
        "window_days": 100,
    },
]


@dataclass
class Level:
    number: int
    name: str
    criteria: dict[str, int]
    window_days: int | None


def _setting_named(name: str) -> int:
    """A criterion given as a setting's name (``"NEWCOMER_UNTIL_POSTS"``): that setting's value,
    declared by the app that owns it."""
    setting = declared().get(name)
    if setting is not None:
        return int(setting.value)
    return int(settings.RUCHE.get(name, 0))


def levels() -> list[Level]:
    configured = LEVELS.value or DEFAULT_LEVELS
    result = []
    for number, spec in enumerate(configured):
        criteria = {}
        for stat, minimum in (spec.get("criteria") or {}).items():
            if isinstance(minimum, str):
                minimum = _setting_named(minimum)
            criteria[stat] = int(minimum)
        result.append(Level(number, str(spec["name"]), criteria, spec.get("window_days")))
    return result


def level_name(number: int) -> str:
    all_levels = levels()
    return all_levels[min(number, len(all_levels) - 1)].name


def top_level() -> int:
    return len(levels()) - 1


@dataclass
class Stats:
    values: dict[str, int] = field(default_factory=dict)

    def get(self, stat: str) -> int:
        return self.values.get(stat, 0)


def _credit_stats(credits: QuerySet, since: datetime | None) -> dict[int, dict[str, int]]:
    if since is not None:
        credits = credits.filter(occurred_at__gte=since)
    ok = Q(active=True, valid=True)
    rows = credits.values("member_id").annotate(
        posts=Count("pk", filter=ok & Q(key__in=POST_KEYS)),
        replies=Count("pk", filter=ok & Q(key=REPLY_KEY)),
        likes_given=Count("pk", filter=ok & Q(key=LIKE_GIVEN_KEY)),
        likes_received=Count("pk", filter=ok & Q(key=LIKE_RECEIVED_KEY)),
        distinct_likers=Count(
            "from_member_id", filter=ok & Q(key=LIKE_RECEIVED_KEY), distinct=True
        ),
        like_days=Count("day", filter=ok & Q(key=LIKE_RECEIVED_KEY), distinct=True),
        accepted_answers=Count("pk", filter=ok & Q(key=ACCEPTED_KEY)),
    )
    return {row.pop("member_id"): row for row in rows}


def _activity_stats(activities: QuerySet, since: datetime | None) -> dict[int, dict[str, int]]:
    if since is not None:
        activities = activities.filter(occurred_at__gte=since)
    rows = (
        activities.filter(verb__in=(*VISIT_VERBS, TOPIC_READ_VERB))
        .values("actor_id")
        .annotate(
            days_visited=Count(
                TruncDate("occurred_at"), filter=Q(verb__in=VISIT_VERBS), distinct=True
            ),
            topics_read=Count("target_id", filter=Q(verb=TOPIC_READ_VERB), distinct=True),
        )
    )
    return {row.pop("actor_id"): row for row in rows}


ACTIVITY_STATS = {"days_visited", "topics_read"}


def member_stats(
    member_ids: list[int] | None,
    *,
    now: datetime | None = None,
    windows: set[int | None] | None = None,
) -> dict[int | None, dict[int, Stats]]:
    """Statistics per window (None = all time) per member, in a few grouped queries; only the
    statistics the levels of each window need are computed.

    ``member_ids`` None means every member (the recompute).
    """
    now = now or timezone.now()
    all_levels = levels()
    if windows is None:
        windows = {lvl.window_days for lvl in all_levels}
    credits = Credit.objects.all()
    activities = Activity.objects.all()
    sanctions = Sanction.objects.all()
    if member_ids is not None:
        credits = credits.filter(member_id__in=member_ids)
        activities = activities.filter(actor_id__in=member_ids)
        sanctions = sanctions.filter(member_id__in=member_ids)
    result: dict[int | None, dict[int, Stats]] = {}
    for window in windows:
        needed = {stat for lvl in all_levels if lvl.window_days == window for stat in lvl.criteria}
        since = now - timedelta(days=window) if window else None
        per_member: dict[int, Stats] = {}
        sources = []
        if needed - ACTIVITY_STATS - {"sanctions"}:
            sources.append(_credit_stats(credits, since))
        if needed & ACTIVITY_STATS:
            sources.append(_activity_stats(activities, since))
        for source in sources:
            for member_id, values in source.items():
                per_member.setdefault(member_id, Stats()).values.update(values)
        if "sanctions" in needed:
            recent = sanctions.filter(occurred_at__gte=since) if since else sanctions
            for row in recent.values("member_id").annotate(n=Count("pk")):
                per_member.setdefault(row["member_id"], Stats()).values["sanctions"] = row["n"]
        result[window] = per_member
    return result


def levels_of(member_ids: list[int], *, now: datetime | None = None) -> dict[int, int]:
    """The level of each member now; the statistics of a window are read only for the members
    who reached the levels below it (most members stop at the first levels)."""
    reached = dict.fromkeys(member_ids, 0)
    pending = set(member_ids)
    cache: dict[int | None, dict[int, Stats]] = {}
    for level in levels()[1:]:
        if not pending:
            break
        if level.window_days not in cache:
            cache.update(member_stats(sorted(pending), now=now, windows={level.window_days}))
        stats = cache[level.window_days]
        for member_id in list(pending):
            if meets(level, stats.get(member_id, Stats())):
                reached[member_id] = level.number
            else:
                pending.discard(member_id)
    return reached


def meets(level: Level, stats: Stats) -> bool:
    for stat, minimum in level.criteria.items():
        value = stats.get(stat)
        if stat == "sanctions":
            if value > minimum:
                return False
        elif value < minimum:
            return False
    return True


def level_from(stats_by_window: dict[int | None, dict[int, Stats]], member_id: int) -> int:
    reached = 0
    for level in levels()[1:]:
        stats = stats_by_window.get(level.window_days, {}).get(member_id, Stats())
        if not meets(level, stats):
            break
        reached = level.number
    return reached


def progress(member_id: int, current: int, *, now: datetime | None = None) -> dict | None:
    """What the member needs for the next level: each criterion with their value."""
    all_levels = levels()
    if current + 1 >= len(all_levels):
        return None
    target = all_levels[current + 1]
    by_window = member_stats([member_id], now=now, windows={target.window_days})
    stats = by_window.get(target.window_days, {}).get(member_id, Stats())
    items = []
    for stat, minimum in target.criteria.items():
        value = stats.get(stat)
        done = value <= minimum if stat == "sanctions" else value >= minimum
        percent = 100 if done else (0 if stat == "sanctions" else int(100 * value / minimum))
        items.append(
            {
                "stat": stat,
                "label": str(STAT_LABELS.get(stat, stat)),
                "value": value,
                "required": minimum,
                "done": done,
                "percent": percent,
            }
        )
    return {
        "level": target.number,
        "name": target.name,
        "window_days": target.window_days,
        "criteria": items,
        "percent": int(sum(i["percent"] for i in items) / len(items)) if items else 100,
    }
