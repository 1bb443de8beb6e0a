"""Levels: promotion by criteria, demotion by inactivity and sanctions, abilities they unlock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ruche.accounts.tests.factories import UserFactory
from ruche.activity.services import activity_record
from ruche.core.permissions import Ability, has_ability
from ruche.forum import services as forum
from ruche.forum.models import Reply
from ruche.notifications.models import Notification, NotificationKind
from ruche.recognition import levels, services
from ruche.recognition.models import MemberEngagement, Sanction
from ruche.recognition.selectors import member_level

from .helpers import points, question, reply

pytestmark = pytest.mark.usefixtures("defaults")

LINKS = "See https://a.example, https://b.example and https://c.example for details."

SMALL_LEVELS = [
    {"name": "Newcomer", "criteria": {}, "window_days": None},
    {"name": "Member", "criteria": {"posts": 2}, "window_days": None},
    {"name": "Contributor", "criteria": {"accepted_answers": 1}, "window_days": None},
    {
        "name": "Regular",
        "criteria": {"replies": 2, "likes_received": 2, "distinct_likers": 2, "sanctions": 0},
        "window_days": 30,
    },
]


@pytest.fixture
def small_levels(settings):
    settings.RUCHE = {**settings.RUCHE, "RECOGNITION_LEVELS": SMALL_LEVELS}


def level_of(member) -> int:
    return MemberEngagement.objects.get(member=member).level


def test_newcomer_limits_go_away_at_level_one(settings, space, member, other_member):
    settings.RUCHE = {
        **settings.RUCHE,
        "NEWCOMER_UNTIL_POSTS": 2,
        "NEWCOMER_MAX_LINKS": 2,
    }
    topic = question(other_member, space)
    with pytest.raises(ValidationError):
        reply(member, topic, LINKS)
    assert not has_ability(member, Ability.POST_FREELY)
    reply(member, topic)
    reply(member, topic, "A second reply long enough.")
    assert level_of(member) == 1
    assert has_ability(member, Ability.POST_FREELY)
    reply(member, topic, LINKS)  # the link limit is gone
    assert Reply.objects.filter(author=member).count() == 3


def test_lowering_the_newcomer_setting_frees_members_at_once(settings, member):
    settings.RUCHE = {**settings.RUCHE, "NEWCOMER_UNTIL_POSTS": 0}
    assert member_level(member) == 1
    assert has_ability(member, Ability.POST_FREELY)


def test_promotion_is_notified_and_progress_is_shown(
    small_levels, space, member, other_member, django_capture_on_commit_callbacks
):
    topic = question(member, space)
    assert level_of(member) == 0
    progress = levels.progress(member.pk, 0)
    assert progress["name"] == "Member"
    assert progress["criteria"] == [
        {
            "stat": "posts",
            "label": "posts (topics and replies)",
            "value": 1,
            "required": 2,
            "done": False,
            "percent": 50,
        }
    ]
    with django_capture_on_commit_callbacks(execute=True):
        reply(member, topic)
    assert level_of(member) == 1
    note = Notification.objects.get(recipient=member, kind=NotificationKind.LEVEL)
    assert (note.data["old"], note.data["new"], note.data["url"]) == (0, 1, "/community/me/")
    from ruche.notifications.texts import notification_text

    assert notification_text(note) == (
        "You reached the level “Member”: new abilities are open to you"
    )


def _regular(member, other_member, third, space):
    """Make ``member`` meet the windowed level: two replies liked by two members."""
    asked = question(other_member, space)
    first = reply(member, asked)
    second = reply(member, asked, "Another answer with enough text.")
    forum.answer_accept(topic=asked, reply=first, actor=other_member)
    forum.like_add(member=other_member, post=first)
    forum.like_add(member=third, post=second)
    return first, second


def test_top_levels_need_likes_from_distinct_members(small_levels, space, member, other_member):
    asked = question(other_member, space)
    first = reply(member, asked)
    second = reply(member, asked, "Another answer with enough text.")
    forum.answer_accept(topic=asked, reply=first, actor=other_member)
    forum.like_add(member=other_member, post=first)
    forum.like_add(member=other_member, post=second)
    # Two likes, but from one member only: not enough.
    assert level_of(member) == 2
    forum.like_add(member=UserFactory(), post=second)
    assert level_of(member) == 3


def test_inactivity_demotes_the_top_levels(small_levels, space, member, other_member):
    _regular(member, other_member, UserFactory(), space)
    assert level_of(member) == 3
    # Forty days later without activity, the 30-day window is empty: back to the level below.
    later = timezone.now() + timedelta(days=40)
    events = services.levels_refresh(member_ids=None, now=later)
    assert level_of(member) == 2
    assert any(e.actor_id == member.pk and (e.old, e.new) == (3, 2) for e in events)


def test_a_sanction_demotes_the_top_levels(small_levels, space, member, other_member, moderator):
    _regular(member, other_member, UserFactory(), space)
    extra = reply(member, question(other_member, space, "Another question here"))
    forum.like_add(member=UserFactory(), post=extra)
    assert level_of(member) == 3
    forum.reply_delete(reply=extra, actor=moderator)
    assert Sanction.objects.filter(member=member).count() == 1
    assert level_of(member) == 2


def test_retag_needs_the_level(settings, small_levels, space, member, other_member):
    settings.RUCHE = {**settings.RUCHE, "RECOGNITION_ABILITY_LEVELS": {"retag": 3}}
    topic = question(other_member, space)
    with pytest.raises(PermissionDenied):
        forum.topic_retag(topic=topic, actor=member, tags=["agenda"])
    _regular(member, other_member, UserFactory(), space)
    assert has_ability(member, Ability.RETAG)
    from ruche.forum.models import Tag

    for slug in ("agenda", "export"):  # a member retags with existing tags only
        Tag.objects.create(slug=slug, name=slug)
    forum.topic_retag(topic=topic, actor=member, tags=["agenda", "export"])
    assert sorted(topic.tags.values_list("slug", flat=True)) == ["agenda", "export"]


def test_flag_hide_hides_withdraws_points_without_sanction_and_a_moderator_restores(
    small_levels, space, member, other_member, moderator
):
    spam_author = UserFactory()
    topic = question(other_member, space)
    spam = reply(spam_author, topic, "Buy cheap things on my site today.")
    assert points(spam_author) == 2
    with pytest.raises(PermissionDenied):
        forum.post_flag_hide(post=spam, actor=member, reason="Advertising")
    _regular(member, other_member, UserFactory(), space)
    forum.post_flag_hide(post=spam, actor=member, reason="Advertising")
    spam.refresh_from_db()
    assert spam.is_deleted
    assert points(spam_author) == 0
    assert not Sanction.objects.filter(member=spam_author).exists()
    with pytest.raises(ValidationError):
        forum.post_flag_hide(post=spam, actor=member, reason="")
    forum.reply_restore(reply=spam, actor=moderator)
    assert points(spam_author) == 2


def test_anonymous_and_unknown_abilities_are_denied(member):
    from django.contrib.auth.models import AnonymousUser

    assert not has_ability(AnonymousUser(), Ability.POST_FREELY)
    assert not has_ability(member, "fly")


def test_staff_have_the_abilities_by_role(moderator, support_agent):
    assert has_ability(moderator, Ability.FLAG_HIDE)
    assert has_ability(moderator, Ability.RETAG)
    assert has_ability(support_agent, Ability.POST_FREELY)
    assert not has_ability(support_agent, Ability.RETAG)


def test_visits_count_as_days_visited(settings, member):
    settings.RUCHE = {
        **settings.RUCHE,
        "RECOGNITION_LEVELS": [
            {"name": "Newcomer", "criteria": {}},
            {"name": "Visitor", "criteria": {"days_visited": 2}},
        ],
    }
    today = timezone.localdate()
    services.visit_record(member=member, day=today)
    services.visit_record(member=member, day=today)  # once a day only
    assert member_level(member) == 0
    activity_record(
        actor=member,
        verb="recognition.visited",
        occurred_at=timezone.now() - timedelta(days=1),
        idempotency_key=f"visit:{member.pk}:yesterday",
    )
    services.levels_refresh(member_ids=[member.pk])
    assert member_level(member) == 1


def test_move_needs_the_level_and_keeps_the_visibility(
    settings, small_levels, space, member, other_member
):
    from ruche.accounts.tests.factories import SpaceFactory
    from ruche.spaces.models import Visibility

    settings.RUCHE = {**settings.RUCHE, "RECOGNITION_ABILITY_LEVELS": {"move": 3}}
    topic = question(other_member, space)
    public_elsewhere = SpaceFactory(slug="tips", visibility=Visibility.PUBLIC)
    members_only = SpaceFactory(slug="lounge", visibility=Visibility.MEMBERS)
    with pytest.raises(PermissionDenied):
        forum.topic_move(topic=topic, actor=member, space=public_elsewhere)
    _regular(member, other_member, UserFactory(), space)
    with pytest.raises(ValidationError):
        forum.topic_move(topic=topic, actor=member, space=members_only)
    forum.topic_move(topic=topic, actor=member, space=public_elsewhere)
    topic.refresh_from_db()
    assert topic.space == public_elsewhere
