"""The rebuild from the ledger alone equals what the incremental updates produced."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.http import Http404
from django.utils import timezone

from ruche.accounts.tests.factories import UserFactory
from ruche.activity.services import activity_record
from ruche.forum import services as forum
from ruche.forum.models import Reply, Topic
from ruche.recognition import services
from ruche.recognition.models import (
    Badge,
    BadgeAward,
    ChallengeCompletion,
    Credit,
    MemberEngagement,
    PointRule,
    Sanction,
    Score,
)

pytestmark = pytest.mark.usefixtures("defaults")


def snapshot() -> dict:
    return {
        "credits": set(
            Credit.objects.values_list(
                "activity_id",
                "member_id",
                "key",
                "points",
                "active",
                "valid",
                "reason",
                "withdrawn",
                "area_id",
                "context_key",
            )
        ),
        "scores": set(
            Score.objects.exclude(points=0).values_list(
                "member_id", "period", "start", "area_id", "points"
            )
        ),
        "sanctions": set(Sanction.objects.values_list("activity_id", "member_id")),
        "badges": set(
            BadgeAward.objects.values_list("badge_id", "member_id", "activity_id", "awarded_at")
        ),
        "completions": set(
            ChallengeCompletion.objects.values_list("challenge_id", "member_id", "activity_id")
        ),
        "levels": {
            pk: level
            for pk, level in MemberEngagement.objects.values_list("member_id", "level")
            if level
        },
    }


def _history(rng: random.Random, space, moderator, members: list) -> None:
    """A random community history through the real services (and a few raw ledger rows);
    steps the services refuse (a deleted topic, a double like…) are simply skipped."""
    topics: list[Topic] = []
    replies: list[Reply] = []
    now = timezone.now()
    for step in range(260):
        try:
            _step(rng, step, space, moderator, members, topics, replies, now)
        except (ValidationError, PermissionDenied, Http404):
            continue


def _step(rng, step, space, moderator, members, topics, replies, now) -> None:
    actor = rng.choice(members)
    roll = rng.random()
    if roll < 0.15 or not topics:
        topics.append(
            forum.topic_create(
                author=actor,
                space=space,
                kind="question",
                title=f"Question number {step} here",
                body="How do I do this and that?",
            )
        )
    elif roll < 0.45:
        topic = rng.choice(topics)
        if not topic.is_deleted:
            topic.refresh_from_db()
            if not topic.is_deleted:
                replies.append(
                    forum.reply_create(author=actor, topic=topic, body=f"Answer {step} text.")
                )
    elif roll < 0.65:
        post = rng.choice(topics + replies)
        post.refresh_from_db()
        if post.author_id != actor.pk and not post.is_deleted:
            forum.like_add(member=actor, post=post)
    elif roll < 0.70:
        post = rng.choice(topics + replies)
        forum.like_remove(member=actor, post=post)
    elif roll < 0.78 and replies:
        answer = rng.choice(replies)
        answer.refresh_from_db()
        topic = Topic.objects.get(pk=answer.topic_id)
        if not answer.is_deleted and answer.author_id != topic.author_id:
            forum.answer_accept(topic=topic, reply=answer, actor=topic.author)
    elif roll < 0.81 and topics:
        topic = rng.choice(topics)
        forum.answer_unaccept(topic=topic, actor=Topic.objects.get(pk=topic.pk).author)
    elif roll < 0.85 and replies:
        forum.reply_delete(reply=rng.choice(replies), actor=moderator)
    elif roll < 0.88 and replies:
        forum.reply_restore(reply=rng.choice(replies), actor=moderator)
    elif roll < 0.90 and topics:
        topic = rng.choice(topics)
        forum.topic_delete(topic=topic, actor=Topic.objects.get(pk=topic.pk).author)
    elif roll < 0.95:
        # Outside events, some in the past (other days, other periods).
        activity_record(
            actor=actor,
            verb="event.attended",
            occurred_at=now - timedelta(days=rng.randint(0, 500)),
        )
    else:
        # A like given between two members directly in the ledger, self-likes included.
        other = rng.choice(members)
        activity_record(actor=actor, verb="forum.like_given", payload={"author": other.pk})


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_recompute_equals_the_incremental_result(settings, space, moderator, seed):
    settings.RUCHE = {
        **settings.RUCHE,
        "RECOGNITION_RECIPROCAL_LIMIT": 2,
        "NEWCOMER_UNTIL_POSTS": 2,
    }
    PointRule.objects.filter(verb="forum.reply_created").update(daily_cap=9)
    # A badge over a period with a condition, and a running challenge with a reward.
    Badge.objects.create(
        slug="busy-month",
        names={"en": "Busy month"},
        kind="rule",
        verb="forum.reply_created",
        count=3,
        period="month",
    )
    badge = Badge.objects.get(slug="helper-10")
    from ruche.recognition.models import Challenge

    Challenge.objects.create(
        title="Answer questions",
        verb="forum.reply_created",
        goal=4,
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1),
        reward_badge=badge,
        reward_points=10,
    )
    services.rules_changed()
    members = [UserFactory() for _ in range(8)]
    _history(random.Random(seed), space, moderator, members)
    incremental = snapshot()
    # The history exercised every part that is compared.
    for part in ("credits", "scores", "sanctions", "badges", "levels"):
        assert incremental[part], part

    call_command("recompute_engagement", stdout=open("/dev/null", "w"))  # noqa: SIM115
    rebuilt = snapshot()
    for part in incremental:
        assert rebuilt[part] == incremental[part], part


def test_recompute_keeps_hand_granted_badges(member, community_manager):
    badge = Badge.objects.get(slug="recognised")
    services.badge_grant(
        badge=badge, member=member, granted_by=community_manager, reason="Ran the user day"
    )
    services.engagement_recompute()
    award = BadgeAward.objects.get(badge=badge, member=member)
    assert (award.granted_by, award.reason) == (community_manager, "Ran the user day")
