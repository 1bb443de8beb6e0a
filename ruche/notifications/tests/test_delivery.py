"""Who is told of what, through which channel, and never more than once."""

from __future__ import annotations

import pytest

from ruche.accounts.roles import Role
from ruche.accounts.tests.factories import (
    ProductAreaFactory,
    SpaceFactory,
    UserFactory,
    member_with_role,
)
from ruche.forum import services as forum
from ruche.forum import verbs as forum_verbs
from ruche.forum.models import EscalationReason, Follow, FollowTarget, Tag
from ruche.forum.tests.factories import ReplyFactory, TopicFactory
from ruche.notifications import services, tasks
from ruche.notifications.models import PERSONAL_KINDS, Channel, Notification, NotificationKind
from ruche.notifications.services import preferences_set
from ruche.notifications.texts import Notice, member_email_language, notification_text
from ruche.spaces.models import ProgrammeMembership, Visibility

pytestmark = pytest.mark.django_db


def _of(member, kind=None):
    # Forum notifications only: recognition's personal ones (badges, levels) have their tests.
    queryset = Notification.objects.filter(recipient=member).exclude(kind__in=PERSONAL_KINDS)
    if kind:
        queryset = queryset.filter(kind=kind)
    return list(queryset)


def _mails_to(mailoutbox, member):
    return [m for m in mailoutbox if m.to == [member.email]]


# --- Replies --------------------------------------------------------------------------------


def test_reply_to_my_topic_comes_in_app_and_by_email(
    member, other_member, post_topic, post_reply, mailoutbox
):
    topic = post_topic(member)
    reply = post_reply(other_member, topic)

    [notification] = _of(member)
    assert notification.kind == NotificationKind.REPLY
    assert notification.actor == other_member
    assert notification.topic == topic
    assert notification.reply == reply
    assert notification.read_at is None
    [mail] = _mails_to(mailoutbox, member)
    assert other_member.public_name in mail.subject
    assert topic.title in mail.subject
    assert f"/forum/t/{topic.pk}/#reply-{reply.pk}" in mail.body
    assert "Open the settings" in mail.body
    assert "/notifications/preferences/" in mail.body
    assert len(mailoutbox) == 1  # nobody else, not the replier


def test_in_app_preference_sends_no_email(member, other_member, post_topic, post_reply, mailoutbox):
    preferences_set(member=member, channels={NotificationKind.REPLY: Channel.IN_APP})
    post_reply(other_member, post_topic(member))

    assert len(_of(member, NotificationKind.REPLY)) == 1
    assert mailoutbox == []


def test_off_preference_delivers_nothing(member, other_member, post_topic, post_reply, mailoutbox):
    preferences_set(member=member, channels={NotificationKind.REPLY: Channel.OFF})
    post_reply(other_member, post_topic(member))

    assert _of(member) == []
    assert mailoutbox == []


def test_followers_of_a_topic_get_its_replies_but_not_the_replier(
    member, other_member, post_topic, post_reply, on_commit
):
    follower = UserFactory()
    topic = post_topic(member)
    on_commit(forum.follow_add, member=follower, target_type=FollowTarget.TOPIC, target_id=topic.pk)
    post_reply(other_member, topic)
    post_reply(member, topic, body="Thank you, it works now!")

    assert len(_of(follower, NotificationKind.REPLY)) == 2
    assert len(_of(member)) == 1  # the other member's reply, not their own
    assert _of(other_member) == []  # replying does not follow the topic


def test_author_of_the_reply_answered_is_told(member, other_member, post_topic, post_reply):
    third = UserFactory()
    topic = post_topic(member)
    first = post_reply(other_member, topic)
    post_reply(third, topic, parent=first)

    [notification] = _of(other_member)
    assert notification.kind == NotificationKind.REPLY
    assert notification.actor == third


def test_replying_to_own_topic_tells_nobody(member, post_topic, post_reply, mailoutbox):
    post_reply(member, post_topic(member))

    assert Notification.objects.exclude(kind__in=PERSONAL_KINDS).count() == 0
    assert mailoutbox == []


# --- Mentions -------------------------------------------------------------------------------
# The forum names the members mentioned in its events (after checking they may see the space);
# these tests write the post and emit the event themselves, as the forum's services do.


def test_mention_in_a_topic(member, other_member, space, announce, mailoutbox):
    topic = TopicFactory(
        space=space, author=member, body=f"Hello @{other_member.handle}, have you seen this?"
    )
    announce(forum_verbs.topic_created(topic=topic, mentions=[other_member.pk]))

    [notification] = _of(other_member)
    assert notification.kind == NotificationKind.MENTION
    assert notification.topic == topic
    assert notification.reply is None
    assert len(_mails_to(mailoutbox, other_member)) == 1


def _reply_mentioning(topic, author, mentioned):
    return ReplyFactory(
        topic=topic, author=author, body=f"@{mentioned.handle} try the settings page."
    )


def test_mentioned_topic_author_gets_the_mention_only(
    member, other_member, post_topic, announce, mailoutbox
):
    topic = post_topic(member)
    reply = _reply_mentioning(topic, other_member, member)
    announce(forum_verbs.reply_created(reply=reply, space_id=topic.space_id, mentions=[member.pk]))

    [notification] = _of(member)
    assert notification.kind == NotificationKind.MENTION
    assert len(_mails_to(mailoutbox, member)) == 1


def test_mention_turned_off_still_tells_the_follower_of_the_reply(
    member, other_member, post_topic, announce
):
    preferences_set(member=member, channels={NotificationKind.MENTION: Channel.OFF})
    topic = post_topic(member)
    reply = _reply_mentioning(topic, other_member, member)
    announce(forum_verbs.reply_created(reply=reply, space_id=topic.space_id, mentions=[member.pk]))

    assert [n.kind for n in _of(member)] == [NotificationKind.REPLY]


def test_mention_of_a_member_who_cannot_see_the_space_tells_nothing(
    ambassador, member, spaces, announce, mailoutbox
):
    topic = TopicFactory(
        space=spaces[Visibility.PROGRAMME],
        author=ambassador,
        body=f"Only for the programme, @{member.handle} cannot read this.",
    )
    # Even named in the event, the member is not told: delivery checks again.
    announce(forum_verbs.topic_created(topic=topic, mentions=[member.pk]))

    assert _of(member) == []
    assert mailoutbox == []


def test_delivery_itself_refuses_a_member_who_cannot_see(ambassador, member, spaces, post_topic):
    """The forum filters mentions, and notifications check again (defence in depth)."""
    topic = post_topic(ambassador, space=spaces[Visibility.PROGRAMME])
    notice = Notice(kind=NotificationKind.MENTION, group_key="test", topic=topic, actor=ambassador)

    assert services.deliver(notice, [member.pk]) == []
    assert _of(member) == []


# --- Likes ----------------------------------------------------------------------------------


def test_likes_are_grouped_in_one_unread_notification(
    member, other_member, post_topic, post_reply, on_commit
):
    topic = post_topic(other_member)
    reply = post_reply(member, topic)
    likers = [UserFactory(display_name=name) for name in ("Anna", "Bruno", "Chloé")]
    for liker in likers:
        on_commit(forum.like_add, member=liker, post=reply)

    [notification] = _of(member, NotificationKind.LIKE)
    assert notification.actor_count == 3
    assert notification.actor == likers[-1]
    assert notification.reply == reply
    assert notification_text(notification) == (
        "Chloé and 2 others liked your reply in “How do I configure the agenda?”"
    )

    services.notification_mark_read(member=member, notification_id=notification.pk)
    on_commit(forum.like_add, member=other_member, post=reply)

    likes = Notification.objects.filter(recipient=member, kind=NotificationKind.LIKE)
    assert likes.count() == 2
    fresh = likes.get(read_at__isnull=True)
    assert fresh.pk != notification.pk
    assert fresh.actor_count == 1
    assert fresh.actor == other_member


def test_like_of_a_topic_with_email_sends_one_email_per_group(
    member, post_topic, on_commit, mailoutbox
):
    preferences_set(member=member, channels={NotificationKind.LIKE: Channel.EMAIL})
    topic = post_topic(member)
    first, second = UserFactory(display_name="Anna"), UserFactory(display_name="Bruno")
    on_commit(forum.like_add, member=first, post=topic)
    on_commit(forum.like_add, member=second, post=topic)

    [notification] = _of(member)
    assert notification.actor_count == 2
    assert notification.reply is None
    assert notification_text(notification).startswith("Bruno and 1 other liked your topic")
    [mail] = _mails_to(mailoutbox, member)
    # The recipient writes in French: the e-mail is in French.
    assert "Anna a aimé votre sujet" in mail.subject


def test_likes_default_to_in_app_and_off_stops_them(
    member, other_member, post_topic, on_commit, mailoutbox
):
    topic = post_topic(member)
    on_commit(forum.like_add, member=other_member, post=topic)
    assert len(_of(member, NotificationKind.LIKE)) == 1
    assert mailoutbox == []

    preferences_set(member=member, channels={NotificationKind.LIKE: Channel.OFF})
    services.notification_mark_all_read(member=member)
    on_commit(forum.like_add, member=UserFactory(), post=topic)
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 0


def test_liking_again_after_unliking_is_not_one_more_liker(
    member, other_member, post_topic, on_commit
):
    topic = post_topic(member)
    on_commit(forum.like_add, member=other_member, post=topic)
    on_commit(forum.like_remove, member=other_member, post=topic)
    on_commit(forum.like_add, member=other_member, post=topic)

    [notification] = _of(member)
    assert notification.actor_count == 1


# --- Accepted answers -----------------------------------------------------------------------


def test_accepted_answer_tells_the_answerer(
    member, other_member, post_topic, post_reply, on_commit, mailoutbox
):
    topic = post_topic(member)
    reply = post_reply(other_member, topic)
    mailoutbox.clear()
    on_commit(forum.answer_accept, topic=topic, reply=reply, actor=member)

    [notification] = _of(other_member, NotificationKind.ACCEPTED)
    assert notification.actor == member
    assert notification.reply == reply
    [mail] = _mails_to(mailoutbox, other_member)
    assert "a accepté votre réponse" in mail.subject
    assert _of(member, NotificationKind.ACCEPTED) == []


# --- New topics in followed things ----------------------------------------------------------


@pytest.mark.parametrize("what", ["space", "tag", "product_area"])
def test_new_topic_in_what_one_follows(member, other_member, space, post_topic, mailoutbox, what):
    area = ProductAreaFactory(slug="agenda")
    target_id = {"space": space.pk, "product_area": area.pk}.get(what)
    if what == "tag":
        target_id = Tag.objects.create(slug="agenda", name="Agenda").pk
    Follow.objects.create(member=other_member, target_type=what, target_id=target_id)
    topic = post_topic(member, tags=["Agenda"], product_area=area)

    [notification] = _of(other_member)
    assert notification.kind == NotificationKind.NEW_TOPIC
    assert notification.topic == topic
    assert mailoutbox == []  # new topics default to in-app


def test_following_several_matching_things_tells_once(member, other_member, space, post_topic):
    area = ProductAreaFactory(slug="agenda")
    Follow.objects.create(member=other_member, target_type="space", target_id=space.pk)
    Follow.objects.create(member=other_member, target_type="product_area", target_id=area.pk)
    post_topic(member, product_area=area)

    assert len(_of(other_member)) == 1


def test_mentioned_follower_gets_the_mention_not_the_new_topic(
    member, other_member, space, announce
):
    Follow.objects.create(member=other_member, target_type="space", target_id=space.pk)
    topic = TopicFactory(
        space=space, author=member, body=f"What do you think, @{other_member.handle}?"
    )
    announce(forum_verbs.topic_created(topic=topic, mentions=[other_member.pk]))

    assert [n.kind for n in _of(other_member)] == [NotificationKind.MENTION]


def test_the_author_following_the_space_is_not_told_of_their_own_topic(member, space, post_topic):
    Follow.objects.create(member=member, target_type="space", target_id=space.pk)
    post_topic(member)

    assert _of(member) == []


def test_follower_who_cannot_see_a_private_space_is_not_told(
    ambassador, programme, spaces, post_topic
):
    private = spaces[Visibility.PROGRAMME]
    outsider = UserFactory()  # followed it once, then left the programme
    insider = UserFactory()
    ProgrammeMembership.objects.create(programme=programme, member=insider)
    for follower in (outsider, insider):
        Follow.objects.create(member=follower, target_type="space", target_id=private.pk)
    post_topic(ambassador, space=private)

    assert _of(outsider) == []
    assert len(_of(insider, NotificationKind.NEW_TOPIC)) == 1


def test_fan_out_goes_in_batches_to_every_follower(member, space, post_topic, monkeypatch):
    followers = [UserFactory() for _ in range(5)]
    Follow.objects.bulk_create(
        [Follow(member=f, target_type="space", target_id=space.pk) for f in followers]
    )
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    post_topic(member)

    assert Notification.objects.filter(recipient__in=followers).count() == 5


def _fan_out_queries(author, count, django_assert_max_num_queries) -> int:
    space = SpaceFactory()
    topic = TopicFactory(space=space, author=author)
    followers = [UserFactory() for _ in range(count)]
    Follow.objects.bulk_create(
        [Follow(member=f, target_type="space", target_id=space.pk) for f in followers]
    )
    with django_assert_max_num_queries(14) as captured:
        told = tasks.fan_out_followers(
            kind=NotificationKind.NEW_TOPIC,
            topic_id=topic.pk,
            reply_id=None,
            actor_id=author.pk,
            exclude_ids=[],
        )
    assert told == count
    return len(captured.captured_queries)


def test_fan_out_queries_do_not_grow_with_followers(member, django_assert_max_num_queries):
    few = _fan_out_queries(member, 3, django_assert_max_num_queries)
    many = _fan_out_queries(member, 40, django_assert_max_num_queries)
    assert few == many


# --- Escalations and product managers -------------------------------------------------------


def test_escalation_tells_support_agents_only(member, support_agent, post_topic, on_commit):
    moderator = member_with_role(Role.MODERATOR)
    topic = post_topic(member)
    on_commit(forum.escalation_raise, topic=topic, actor=member, reason=EscalationReason.MEMBER)

    [notification] = _of(support_agent)
    assert notification.kind == NotificationKind.ESCALATION
    assert notification.topic == topic
    assert _of(moderator) == []
    assert _of(member) == []


def test_product_managers_following_their_areas_hear_of_new_topics(
    member, product_manager, post_topic
):
    area = ProductAreaFactory(slug="billing")
    area.product_managers.add(product_manager)
    # What the forum does when it hears that an area's product managers changed.
    forum.product_managers_follow_their_areas(area=area)
    assert Follow.objects.filter(
        member=product_manager, target_type=FollowTarget.PRODUCT_AREA, target_id=area.pk
    ).exists()

    post_topic(member, product_area=area)
    assert [n.kind for n in _of(product_manager)] == [NotificationKind.NEW_TOPIC]


# --- Language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ui_language", "language", "expected"),
    [("", "fr", "fr"), ("en", "fr", "en"), ("", "de", "en"), ("fr", "de", "fr")],
)
def test_email_language(ui_language, language, expected):
    member = UserFactory.build(ui_language=ui_language, language=language)
    assert member_email_language(member) == expected
