"""Notifications hear events after commit: once per ledger row, retried when they fail, and a
liker is named only to a recipient who may see their profile."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ruche.accounts.models import ProfileVisibility
from ruche.accounts.tests.factories import UserFactory
from ruche.activity.ledger import deliveries_retry, delivery_run
from ruche.activity.models import Delivery, DeliveryState
from ruche.core.events import listener_name
from ruche.forum import services as forum
from ruche.forum.models import Follow, Like
from ruche.ideas import services as ideas
from ruche.notifications import listeners, services
from ruche.notifications.models import Notification, NotificationKind

pytestmark = pytest.mark.django_db


def _likes_of(member):
    return Notification.objects.filter(recipient=member, kind=NotificationKind.LIKE)


def test_a_like_is_told_once_per_ledger_row(member, other_member, post_topic, on_commit):
    topic = post_topic(member)
    on_commit(forum.like_add, member=other_member, post=topic)
    [notification] = _likes_of(member)
    assert notification.actor_count == 1

    # The same row delivered again (a redelivered task, a second sweep): nothing more.
    row = Delivery.objects.get(listener=listener_name(listeners.on_like_given)).activity_id
    assert delivery_run(activity_id=row, listener=listener_name(listeners.on_like_given)) is False
    notification.refresh_from_db()
    assert notification.actor_count == 1


def test_a_failed_notification_leaves_the_like_and_is_retried(
    member, other_member, post_topic, on_commit, monkeypatch
):
    topic = post_topic(member)
    real = services.deliver_like
    calls = []

    def down_once(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise ConnectionError("mail server down")
        return real(**kwargs)

    monkeypatch.setattr(services, "deliver_like", down_once)
    on_commit(forum.like_add, member=other_member, post=topic)

    assert Like.objects.filter(member=other_member, topic=topic).exists()  # the like stands
    assert not _likes_of(member).exists()
    delivery = Delivery.objects.get(listener=listener_name(listeners.on_like_given))
    assert delivery.state == DeliveryState.FAILED

    assert deliveries_retry(now=timezone.now() + timedelta(minutes=5)) == 1
    assert _likes_of(member).count() == 1
    delivery.refresh_from_db()
    assert delivery.state == DeliveryState.DONE


# --- Who liked -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("visibility", "staff_recipient", "named"),
    [
        (ProfileVisibility.PUBLIC, False, True),
        (ProfileVisibility.MEMBERS, False, True),
        (ProfileVisibility.PRIVATE, False, False),
        (ProfileVisibility.PRIVATE, True, True),
    ],
)
def test_a_liker_is_named_only_to_who_may_see_their_profile(
    visibility, staff_recipient, named, member, support_agent, post_topic, on_commit, client_for
):
    author = support_agent if staff_recipient else member
    topic = post_topic(author)
    liker = UserFactory(display_name="Lina Liker", profile_visibility=visibility)
    on_commit(forum.like_add, member=liker, post=topic)

    client = client_for(author)
    page = client.get("/notifications/").content.decode()
    assert ("Lina Liker liked your topic" in page) is named
    assert ("Someone liked your topic" in page) is not named
    [item] = [n for n in client.get("/api/v1/notifications").json()["items"] if n["kind"] == "like"]
    assert (item["actor"] == {"id": liker.pk, "display_name": "Lina Liker"}) is named
    if not named:
        assert item["actor"] is None


def test_a_hidden_liker_is_not_named_in_the_email(member, post_topic, on_commit, mailoutbox):
    services.preferences_set(member=member, channels={NotificationKind.LIKE: "email"})
    topic = post_topic(member)
    liker = UserFactory(display_name="Lina Liker", profile_visibility=ProfileVisibility.PRIVATE)
    on_commit(forum.like_add, member=liker, post=topic)
    [mail] = [m for m in mailoutbox if m.to == [member.email]]
    assert "Lina Liker" not in mail.subject + mail.body


# --- Ideas ----------------------------------------------------------------------------------


def test_a_new_idea_is_told_to_the_followers_of_its_space(member, space, on_commit):
    follower = UserFactory()
    Follow.objects.create(member=follower, target_type="space", target_id=space.pk)
    idea = on_commit(
        ideas.idea_create,
        author=member,
        space=space,
        title="Send SMS reminders before appointments",
        problem="Patients forget their appointments and we lose a slot each day.",
        solution="Send an SMS the day before, with a cancel link.",
    )
    [notification] = Notification.objects.filter(recipient=follower)
    assert notification.kind == NotificationKind.NEW_TOPIC
    assert notification.topic_id == idea.pk
    assert notification.actor == member
    assert not Notification.objects.filter(recipient=member).exclude(
        kind__in=[NotificationKind.BADGE, NotificationKind.LEVEL]
    )
