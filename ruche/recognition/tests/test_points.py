"""Points from the ledger: weights, anti-gaming rules, withdrawals, periods and areas."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ruche.accounts.tests.factories import UserFactory
from ruche.activity.services import activity_record
from ruche.forum import services as forum
from ruche.recognition.models import Credit, PointRule, Sanction, Score
from ruche.recognition.services import rules_changed

from .helpers import points, question, reply

pytestmark = pytest.mark.usefixtures("defaults")


def test_default_weights(space, member, other_member, area):
    topic = question(member, space)  # 2 for the asker
    answer = reply(other_member, topic)  # 2 for the reply
    forum.like_add(member=member, post=answer)  # 1 to the author, 0 to the liker
    forum.answer_accept(topic=topic, reply=answer, actor=member)  # 15 to the answerer

    assert points(other_member) == 2 + 1 + 15
    assert points(member) == 2
    like_given = Credit.objects.get(member=member, key="forum.like_given")
    assert like_given.points == 0
    # Every period and the product area of the space get the same points.
    for period in ("week", "month", "year", "all"):
        assert points(other_member, period) == 18
        assert points(other_member, period, area.pk) == 18


def test_administrators_edit_the_weights(space, member, other_member):
    PointRule.objects.filter(verb="forum.reply_created").update(points=7)
    rules_changed()
    reply(other_member, question(member, space))
    assert points(other_member) == 7


def test_liking_ones_own_content_earns_nothing(member):
    # The forum refuses it; an imported or another capability's like must still earn nothing.
    activity_record(actor=member, verb="forum.like_given", payload={"author": member.pk})
    credit = Credit.objects.get(member=member, key="forum.like_given>author")
    assert (credit.points, credit.valid, credit.reason) == (0, False, "self")
    assert points(member) == 0


def test_reciprocal_likes_beyond_the_limit_earn_nothing(settings, space, member, other_member):
    settings.RUCHE = {**settings.RUCHE, "RECOGNITION_RECIPROCAL_LIMIT": 2}
    mine = [question(member, space, f"My question number {n}") for n in range(4)]
    theirs = [question(other_member, space, f"Their question number {n}") for n in range(4)]
    base_member, base_other = points(member), points(other_member)
    # Two likes each way count; from then on both keep liking each other back: nothing more.
    for n in range(4):
        forum.like_add(member=member, post=theirs[n])
        forum.like_add(member=other_member, post=mine[n])
    received = Credit.objects.filter(member=other_member, key="forum.like_given>author")
    assert [c.reason for c in received.order_by("activity_id")] == [
        "",
        "",
        "reciprocal",
        "reciprocal",
    ]
    assert points(other_member) - base_other == 2
    assert points(member) - base_member == 2
    # A third member liking is not affected.
    third = UserFactory()
    forum.like_add(member=third, post=mine[0])
    assert points(member) - base_member == 3


def test_likes_one_way_are_not_reciprocal(settings, space, member, other_member):
    settings.RUCHE = {**settings.RUCHE, "RECOGNITION_RECIPROCAL_LIMIT": 1}
    theirs = [question(other_member, space, f"Their question number {n}") for n in range(3)]
    before = points(other_member)
    for topic in theirs:
        forum.like_add(member=member, post=topic)
    assert points(other_member) - before == 3


def test_daily_cap_per_rule(space, member, other_member):
    PointRule.objects.filter(verb="forum.reply_created").update(points=2, daily_cap=5)
    rules_changed()
    topic = question(member, space)
    for n in range(4):
        reply(other_member, topic, f"Reply number {n} with enough text.")
    credits = Credit.objects.filter(member=other_member, key="forum.reply_created")
    assert sorted(credits.values_list("points", flat=True)) == [0, 1, 2, 2]
    assert points(other_member) == 5
    # Another day, the cap starts again.
    activity_record(
        actor=other_member,
        verb="forum.reply_created",
        occurred_at=timezone.now() + timedelta(days=1),
    )
    assert points(other_member) == 7


def test_content_removed_by_a_moderator_loses_its_points_and_counts_as_a_sanction(
    space, member, other_member, moderator
):
    topic = question(member, space)
    answer = reply(other_member, topic)
    forum.like_add(member=member, post=answer)
    forum.answer_accept(topic=topic, reply=answer, actor=member)
    assert points(other_member) == 18

    forum.reply_delete(reply=answer, actor=moderator)
    assert points(other_member) == 0
    assert Sanction.objects.filter(member=other_member).count() == 1
    assert not Credit.objects.filter(member=other_member, active=True).exists()

    forum.reply_restore(reply=answer, actor=moderator)
    # The reply and its like come back; the forum un-accepted the deleted reply for good.
    assert points(other_member) == 3


def test_deleting_ones_own_post_withdraws_without_sanction(space, member, other_member):
    topic = question(member, space)
    answer = reply(other_member, topic)
    assert points(other_member) == 2
    forum.reply_delete(reply=answer, actor=other_member)
    assert points(other_member) == 0
    assert not Sanction.objects.exists()


def test_removing_a_like_withdraws_it(space, member, other_member):
    topic = question(other_member, space)
    forum.like_add(member=member, post=topic)
    assert points(other_member) == 3
    forum.like_remove(member=member, post=topic)
    assert points(other_member) == 2
    forum.like_add(member=member, post=topic)
    assert points(other_member) == 3


def test_unaccepting_withdraws_the_accepted_answer(space, member, other_member):
    topic = question(member, space)
    answer = reply(other_member, topic)
    forum.answer_accept(topic=topic, reply=answer, actor=member)
    assert points(other_member) == 17
    forum.answer_unaccept(topic=topic, actor=member)
    assert points(other_member) == 2


def test_points_per_period(member):
    now = timezone.now()
    activity_record(actor=member, verb="event.attended", occurred_at=now)
    activity_record(actor=member, verb="event.attended", occurred_at=now - timedelta(days=400))
    assert points(member, "all") == 10
    assert points(member, "year") == 10  # two different years, 5 each
    this_year = Score.objects.get(member=member, period="year", start__year=now.year)
    assert this_year.points == 5


def test_imported_rows_earn_points_too(community_manager, member):
    from ruche.activity.services import ExternalEvent, activity_import_events

    result = activity_import_events(
        importer=community_manager,
        source="events",
        events=[
            ExternalEvent(
                verb="event.attended",
                occurred_at=timezone.now(),
                idempotency_key="meetup-1",
                member_id=member.pk,
            )
        ],
    )
    assert result.stored == 1
    assert points(member) == 5


def test_incremental_update_stays_within_a_query_budget(
    space, member, other_member, django_assert_max_num_queries
):
    topic = question(other_member, space)
    reply(member, topic)
    with django_assert_max_num_queries(60) as captured:
        forum.like_add(member=member, post=topic)
    assert len(captured.captured_queries) > 0
