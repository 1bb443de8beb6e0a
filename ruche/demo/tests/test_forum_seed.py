"""The demo forum: realistic threads written through the services, and benchmark volumes."""

from __future__ import annotations

from collections import Counter

import pytest
from django.db.models import Count, Q
from django.utils import timezone

from ruche.accounts.models import User
from ruche.activity.models import Activity
from ruche.demo.data import BENCH_DOMAIN
from ruche.demo.large_seed import demo_seed_large
from ruche.demo.services import demo_seed
from ruche.forum.conf import NEWCOMER_UNTIL_POSTS
from ruche.forum.models import (
    AnsweredBy,
    Escalation,
    EscalationReason,
    EscalationState,
    Follow,
    FollowTarget,
    Like,
    Reply,
    Topic,
    TopicKind,
)

pytestmark = pytest.mark.django_db

MEMBERS = 30


def _assert_counters_match_rows() -> None:
    visible = Count("replies", filter=Q(replies__is_deleted=False), distinct=True)
    for topic in Topic.objects.annotate(visible=visible, n_likes=Count("likes", distinct=True)):
        assert topic.reply_count == topic.visible, topic.title
        assert topic.like_count == topic.n_likes, topic.title
    for reply in Reply.objects.annotate(n_likes=Count("likes")):
        assert reply.like_count == reply.n_likes


def test_the_demo_forum_reads_like_a_real_community():
    newcomer_limit = NEWCOMER_UNTIL_POSTS.value
    before = timezone.now()

    result = demo_seed(members=MEMBERS)

    topics = Topic.objects.exclude(kind="idea")  # ideas (ruche.ideas) have topics too
    assert 60 <= topics.count() <= 80
    assert set(topics.values_list("kind", flat=True)) == set(TopicKind.values)
    assert {"fr", "de", "it", "en"} <= set(topics.values_list("language", flat=True))
    assert topics.filter(language="fr").count() > topics.count() / 2
    assert topics.filter(title__contains="télésecrétariat").exists()
    # Questions answered by members and by staff, accepted, with the staff answer timed.
    peer = topics.filter(answered_by=AnsweredBy.PEER)
    staff = topics.filter(answered_by=AnsweredBy.STAFF)
    assert peer.exists()
    assert staff.exists()
    for topic in peer.select_related("accepted_reply"):
        assert not topic.accepted_reply.is_staff_reply
        assert topic.accepted_reply.author_id != topic.author_id
    for topic in staff.select_related("accepted_reply"):
        assert topic.accepted_reply.is_staff_reply
        assert topic.first_staff_reply_at is not None
    assert topics.filter(kind=TopicKind.QUESTION, reply_count=0).exists()
    # Escalations of every origin, in every state, some taken by an agent.
    escalations = Escalation.objects.all()
    assert set(escalations.values_list("reason", flat=True)) == set(EscalationReason.values)
    assert set(escalations.values_list("state", flat=True)) == set(EscalationState.values)
    assert escalations.filter(assigned_to__is_staff=True).exists()
    for escalation in escalations.filter(state=EscalationState.RESOLVED):
        assert escalation.resolved_at is not None
        assert escalation.topic.answered_by
    # Articles: a summary, sections for the table of contents, votes.
    articles = topics.filter(kind=TopicKind.ARTICLE)
    assert 6 <= articles.count() <= 8
    for article in articles:
        assert article.summary
        assert len(article.toc) >= 2
        assert article.helpful_yes + article.helpful_no > 0
    assert articles.filter(space__slug="resource-centre").count() >= 5
    # Conversations: replies to replies, quotes, mentions, staff in their spaces.
    replies = Reply.objects.all()
    assert replies.filter(parent__isnull=False).exists()
    assert replies.filter(body__startswith="> ").exists()
    assert replies.filter(body__contains="@").exists()
    assert topics.filter(space__slug="staff-room").exclude(author__is_staff=True).count() == 0
    assert topics.filter(space__visibility="programme").exists()
    # Dates over the last year, ledger included.
    assert not topics.filter(created_at__gt=before).exists()
    assert topics.filter(created_at__lt=before - timezone.timedelta(days=300)).exists()
    assert not replies.filter(created_at__gt=before).exists()
    for reply in replies.select_related("topic")[:50]:
        assert reply.created_at >= reply.topic.created_at
    created = Activity.objects.filter(verb="forum.topic_created")
    assert created.count() == topics.count()
    for row in created[:20]:
        assert row.occurred_at == Topic.objects.get(pk=row.target_id).created_at
    assert Activity.objects.filter(verb="forum.like_given").count() == Like.objects.count()
    assert Activity.objects.count() == result.activities
    # Likes are skewed: a few posts get many, most get few.
    like_counts = sorted(topics.values_list("like_count", flat=True))
    assert like_counts[-1] >= 3 * max(1, like_counts[len(like_counts) // 2])
    _assert_counters_match_rows()
    # Follows: members follow spaces and tags, product managers their areas.
    follows = Follow.objects.values_list("target_type", flat=True)
    assert {FollowTarget.SPACE, FollowTarget.TAG, FollowTarget.PRODUCT_AREA} <= set(follows)
    pm = User.objects.get(email="pm@medora.example")
    assert Follow.objects.filter(member=pm, target_type=FollowTarget.PRODUCT_AREA).count() == 2
    # Everyone can be @mentioned, and the newcomer limit is back.
    assert not User.objects.filter(handle__isnull=True).exists()
    assert NEWCOMER_UNTIL_POSTS.value == newcomer_limit


def test_the_same_seed_writes_the_same_threads():
    def snapshot() -> list[tuple]:
        return list(
            Topic.objects.order_by("title").values_list(
                "title", "author__email", "reply_count", "answered_by"
            )
        )

    demo_seed(members=MEMBERS, seed=11)
    first = snapshot()

    demo_seed(members=MEMBERS, seed=11, reset=True)
    assert snapshot() == first

    demo_seed(members=MEMBERS, seed=12, reset=True)
    assert [row[0] for row in snapshot()] == [row[0] for row in first]
    assert snapshot() != first


def test_large_mode_writes_exactly_the_requested_forum_volumes():
    result = demo_seed_large(members=60, activities=100, topics=150, replies=2100, seed=5)

    bench = User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")
    assert (result.topics, result.replies) == (150, 2100)
    assert Topic.objects.exclude(kind="idea").count() == 150  # ideas have topics too
    assert Reply.objects.count() == 2100
    assert not Topic.objects.exclude(author__in=bench).exists()
    assert not Reply.objects.exclude(author__in=bench).exists()
    per_topic = Counter(Topic.objects.values_list("reply_count", flat=True))
    assert per_topic[100] == 2
    assert Topic.objects.filter(reply_count=100, space__visibility="public").count() == 2
    _assert_counters_match_rows()
    assert Like.objects.exists()
    for topic in Topic.objects.filter(accepted_reply__isnull=False).select_related(
        "accepted_reply"
    ):
        assert topic.accepted_reply.topic_id == topic.pk
        assert topic.accepted_reply.author_id != topic.author_id
        assert topic.answered_by == AnsweredBy.PEER
    for topic in Topic.objects.filter(reply_count__gt=0)[:20]:
        latest = topic.replies.order_by("-created_at").first()
        assert topic.last_activity_at == latest.created_at
        assert topic.replies.filter(created_at__lt=topic.created_at).count() == 0
    lengths = [len(body) for body in Reply.objects.values_list("body", flat=True)[:500]]
    assert min(lengths) >= 200
    assert max(lengths) <= 1500
    handles = list(bench.values_list("handle", flat=True))
    assert all(handles)
    assert len(set(handles)) == len(handles)
