"""Badges from rules, by hand, anniversaries; challenges with progress and rewards."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ruche.accounts.tests.factories import SegmentFactory, UserFactory
from ruche.activity.services import activity_record
from ruche.forum import services as forum
from ruche.notifications.models import Notification, NotificationKind
from ruche.recognition import services
from ruche.recognition.models import Badge, BadgeAward, ChallengeCompletion
from ruche.recognition.selectors import challenge_progress

from .helpers import points, question, reply

pytestmark = pytest.mark.usefixtures("defaults")


def slugs(member) -> set[str]:
    return set(BadgeAward.objects.filter(member=member).values_list("badge__slug", flat=True))


def test_first_reply_and_first_solution_badges_are_earned_and_notified(
    space, member, other_member, django_capture_on_commit_callbacks
):
    topic = question(member, space)
    with django_capture_on_commit_callbacks(execute=True):
        answer = reply(other_member, topic)
        forum.answer_accept(topic=topic, reply=answer, actor=member)
    assert {"first-reply", "first-accepted-answer"} <= slugs(other_member)
    assert "first-topic" in slugs(member)
    told = Notification.objects.filter(recipient=other_member, kind=NotificationKind.BADGE)
    assert told.count() == 2
    assert {n.data["url"] for n in told} == {
        "/community/badges/first-reply/",
        "/community/badges/first-accepted-answer/",
    }


def test_a_badge_turned_off_in_preferences_is_not_notified(
    space, member, other_member, django_capture_on_commit_callbacks
):
    from ruche.notifications.services import preferences_set

    preferences_set(member=other_member, channels={NotificationKind.BADGE: "off"})
    with django_capture_on_commit_callbacks(execute=True):
        reply(other_member, question(member, space))
    assert "first-reply" in slugs(other_member)
    assert not Notification.objects.filter(recipient=other_member).exists()


def test_self_likes_count_for_no_badge(member):
    Badge.objects.filter(slug="appreciated-10").update(count=2)
    services.rules_changed()
    for _ in range(3):
        activity_record(actor=member, verb="forum.like_given", payload={"author": member.pk})
    assert "appreciated-10" not in slugs(member)


def test_administrators_create_badges_from_rules(community_manager, member, space):
    badge = services.badge_save(
        actor=community_manager,
        slug="question-asker",
        names={"en": "Curious", "fr": "Curieux·se"},
        tier="silver",
        kind="rule",
        verb="forum.topic_created",
        count=2,
        period="month",
        condition={"kind": "question"},
    )
    question(member, space, "First question of the month")
    forum.topic_create(
        author=member,
        space=space,
        kind="discussion",
        title="A discussion here",
        body="Let us talk.",
    )
    assert badge.slug not in slugs(member)
    question(member, space, "Second question of the month")
    assert badge.slug in slugs(member)


def test_members_cannot_edit_badges_and_rules_are_checked(member, community_manager):
    with pytest.raises(PermissionDenied):
        services.badge_save(
            actor=member,
            slug="x",
            names={"en": "X"},
            tier="gold",
            kind="rule",
            verb="event.attended",
        )
    with pytest.raises(ValidationError) as raised:
        services.badge_save(
            actor=community_manager, slug="x", names={"en": "X"}, tier="gold", kind="rule"
        )
    assert "verb" in raised.value.message_dict


def test_grant_by_hand_needs_a_reason_and_a_manager(member, other_member, community_manager):
    badge = Badge.objects.get(slug="recognised")
    with pytest.raises(PermissionDenied):
        services.badge_grant(badge=badge, member=other_member, granted_by=member, reason="Nice")
    with pytest.raises(ValidationError) as raised:
        services.badge_grant(badge=badge, member=member, granted_by=community_manager, reason=" ")
    assert "reason" in raised.value.message_dict
    services.badge_grant(badge=badge, member=member, granted_by=community_manager, reason="Talk")
    with pytest.raises(ValidationError):
        services.badge_grant(badge=badge, member=member, granted_by=community_manager, reason="x")


def test_anniversaries(member):
    member.date_joined = timezone.now() - timedelta(days=400)
    member.save(update_fields=["date_joined"])
    services.engagement_refresh()
    assert "anniversary-1" in slugs(member)
    assert "anniversary-3" not in slugs(member)


def test_beta_tester_badge_condition_on_the_details(member):
    activity_record(actor=member, verb="programme.joined", payload={"programme": "ambassadors"})
    assert "beta-tester" not in slugs(member)
    activity_record(
        actor=member, verb="programme.joined", payload={"programme": "beta-teleconsultation"}
    )
    assert "beta-tester" in slugs(member)


def test_badge_verbs_of_other_capabilities_apply_when_they_write(member, monkeypatch):
    # The ideas capability writes these rows; recognition only knows the verb names.
    from ruche.activity import registry

    if registry.find("ideas.threshold_reached") is None:
        monkeypatch.setitem(
            registry._verbs,
            "ideas.threshold_reached",
            registry.Verb("ideas.threshold_reached", "reached the threshold"),
        )
    activity_record(actor=member, verb="ideas.threshold_reached")
    assert "idea-threshold" in slugs(member)
    assert points(member) == 20


@pytest.fixture
def challenge(community_manager):
    badge = Badge.objects.get(slug="helper-10")
    return services.challenge_create(
        actor=community_manager,
        title="Answer three questions this week",
        verb="forum.reply_created",
        goal=3,
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=6),
        reward_badge=badge,
        reward_points=25,
    )


def test_challenge_progress_completion_and_rewards(challenge, space, member, other_member):
    topic = question(other_member, space)
    reply(member, topic)
    progress = challenge_progress(challenge=challenge, member=member)
    assert (progress.count, progress.done, progress.percent) == (1, False, 33)
    reply(member, topic, "A second answer long enough.")
    reply(member, topic, "A third answer long enough.")
    assert ChallengeCompletion.objects.filter(challenge=challenge, member=member).exists()
    assert "helper-10" in slugs(member)
    assert points(member) == 3 * 2 + 25
    assert challenge_progress(challenge=challenge, member=member).done


def test_challenge_for_a_segment_only(community_manager, space, other_member):
    nurses = SegmentFactory(slug="nurses", names={"en": "Nurses"})
    challenge = services.challenge_create(
        actor=community_manager,
        title="Nurses answer",
        verb="forum.reply_created",
        goal=1,
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1),
        segment=nurses,
    )
    nurse, doctor = UserFactory(segment=nurses), UserFactory()
    topic = question(other_member, space)
    reply(nurse, topic)
    reply(doctor, topic)
    done = set(ChallengeCompletion.objects.values_list("member_id", flat=True))
    assert done == {nurse.pk}
    assert not challenge_progress(challenge=challenge, member=doctor).eligible


def test_challenge_input_is_checked(community_manager, member):
    now = timezone.now()
    with pytest.raises(PermissionDenied):
        services.challenge_create(
            actor=member, title="x", verb="forum.reply_created", goal=1, starts_at=now, ends_at=now
        )
    with pytest.raises(ValidationError) as raised:
        services.challenge_create(
            actor=community_manager,
            title="",
            verb="nothing.known",
            goal=0,
            starts_at=now,
            ends_at=now,
        )
    assert set(raised.value.message_dict) == {"title", "verb", "goal", "ends_at"}


def test_new_members_get_a_welcome_message(django_capture_on_commit_callbacks):
    from ruche.accounts.services import member_joined
    from ruche.notifications.texts import notification_text

    newcomer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        member_joined(member=newcomer)
    welcome = Notification.objects.get(recipient=newcomer, kind=NotificationKind.WELCOME)
    assert welcome.target_url == "/community/welcome/"
    assert notification_text(welcome) == "Welcome to the community! Here are a few first steps."
