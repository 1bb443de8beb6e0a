"""Simultaneous likes of one member's posts: the daily cap and the scores stay exact."""

from __future__ import annotations

import pytest
from django.db import connection

from ruche.accounts.models import User
from ruche.accounts.tests.factories import UserFactory
from ruche.forum import services as forum
from ruche.forum.models import Topic
from ruche.forum.tests.test_services import _in_parallel
from ruche.recognition.defaults import ensure_defaults
from ruche.recognition.models import Credit, PointRule, Score
from ruche.recognition.services import rules_changed

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real concurrent transactions"
)


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_simultaneous_likes_respect_the_daily_cap_exactly(space, member):
    ensure_defaults()
    PointRule.objects.filter(verb="forum.like_given", beneficiary="author").update(
        points=1, daily_cap=5
    )
    rules_changed()
    topic = forum.topic_create(
        author=member, space=space, kind="question", title="A popular question", body="Who knows?"
    )
    likers = [UserFactory().pk for _ in range(8)]

    def like(index: int) -> bool:
        post = Topic.objects.select_related("space").get(pk=topic.pk)
        return forum.like_add(member=User.objects.get(pk=likers[index]), post=post)

    assert _in_parallel(like, 8) == [True] * 8
    received = Credit.objects.filter(member=member, key="forum.like_given>author")
    assert received.count() == 8
    assert sum(received.values_list("points", flat=True)) == 5
    # 2 for the question, 5 from the likes: in every period, never more.
    for period in ("week", "month", "year", "all"):
        assert Score.objects.get(member=member, period=period, area_id=0).points == 7
