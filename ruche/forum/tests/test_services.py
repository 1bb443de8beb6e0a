"""The forum's rules, enforced by the services whoever calls them (pages, API, tasks)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import Http404
from django.utils import timezone

from ruche.accounts.models import User
from ruche.accounts.roles import Role
from ruche.accounts.tests.factories import SpaceFactory, UserFactory, member_with_role
from ruche.activity.models import Activity
from ruche.activity.services import activity_record
from ruche.forum import selectors, services, verbs
from ruche.forum.conf import ESCALATION_DELAY_HOURS
from ruche.forum.models import (
    AnsweredBy,
    Escalation,
    EscalationReason,
    EscalationState,
    Like,
    Reply,
    Revision,
    Topic,
    TopicKind,
)
from ruche.spaces.models import Visibility

from .factories import ReplyFactory, TopicFactory

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real concurrent transactions"
)


@pytest.fixture
def space(spaces):
    return spaces[Visibility.MEMBERS]


@pytest.fixture
def question(space, member):
    return services.topic_create(
        author=member,
        space=space,
        kind=TopicKind.QUESTION,
        title="Why does the agenda skip Mondays?",
        body="Since the update my agenda starts on Tuesday.",
    )


@pytest.fixture
def peer_reply(question, other_member):
    return services.reply_create(
        author=other_member, topic=question, body="Check the first day of the week setting."
    )


def verbs_of(actor: User) -> list[str]:
    """The forum's verbs the member wrote (recognition adds its own: badges, levels)."""
    rows = Activity.objects.filter(actor=actor, verb__startswith="forum.")
    return list(rows.order_by("id").values_list("verb", flat=True))


def fresh(obj):
    obj.refresh_from_db()
    return obj


# --- Likes ------------------------------------------------------------------------------------


def test_no_like_on_ones_own_post(member, question):
    with pytest.raises(ValidationError) as raised:
        services.like_add(member=member, post=question)
    assert "post" in raised.value.message_dict
    assert fresh(question).like_count == 0
    assert not Like.objects.exists()


def test_double_like_counts_once_and_unlike_decrements(member, other_member, question):
    third = UserFactory()
    assert services.like_add(member=other_member, post=question) is True
    assert services.like_add(member=other_member, post=question) is False
    assert services.like_add(member=third, post=question) is True
    assert fresh(question).like_count == 2
    assert services.like_remove(member=other_member, post=question) is True
    assert services.like_remove(member=other_member, post=question) is False
    assert fresh(question).like_count == 1
    assert Like.objects.filter(topic=question).count() == 1


def test_reply_likes_are_exact(member, peer_reply):
    assert services.like_add(member=member, post=peer_reply) is True
    assert services.like_add(member=member, post=peer_reply) is False
    assert fresh(peer_reply).like_count == 1
    services.like_remove(member=member, post=peer_reply)
    assert fresh(peer_reply).like_count == 0


def test_no_like_on_a_hidden_or_deleted_post(spaces, member, other_member, moderator, ambassador):
    hidden = TopicFactory(space=spaces[Visibility.PROGRAMME], author=ambassador)
    with pytest.raises(Http404):
        services.like_add(member=member, post=hidden)
    gone = TopicFactory(space=spaces[Visibility.MEMBERS], author=other_member, is_deleted=True)
    with pytest.raises(PermissionDenied):
        services.like_add(member=moderator, post=gone)


def _in_parallel(work, count: int) -> list:
    """Run ``work(i)`` in ``count`` threads released together; each closes its connection."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:  # reported by the assertions
            results[index] = exc
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_eight_members_liking_at_once_all_count(space, member):
    topic = TopicFactory(space=space, author=member)
    likers = [UserFactory().pk for _ in range(8)]

    def like(index: int) -> bool:
        post = Topic.objects.select_related("space").get(pk=topic.pk)
        return services.like_add(member=User.objects.get(pk=likers[index]), post=post)

    assert _in_parallel(like, 8) == [True] * 8
    assert fresh(topic).like_count == 8
    assert Like.objects.filter(topic=topic).count() == 8


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_one_member_liking_eight_times_at_once_counts_once(space, member, other_member):
    topic = TopicFactory(space=space, author=member)

    def like(_index: int) -> bool:
        post = Topic.objects.select_related("space").get(pk=topic.pk)
        return services.like_add(member=User.objects.get(pk=other_member.pk), post=post)

    results = _in_parallel(like, 8)
    assert sorted(results, key=str) == [False] * 7 + [True]
    assert fresh(topic).like_count == 1
    assert Like.objects.filter(topic=topic).count() == 1


# --- Accepted answers -------------------------------------------------------------------------


def test_only_the_asker_or_staff_accept(question, peer_reply, other_member, support_agent):
    third = UserFactory()
    with pytest.raises(PermissionDenied):
        services.answer_accept(topic=question, reply=peer_reply, actor=third)
    with pytest.raises(PermissionDenied):
        services.answer_accept(topic=question, reply=peer_reply, actor=other_member)
    assert fresh(question).accepted_reply_id is None
    services.answer_accept(topic=question, reply=peer_reply, actor=support_agent)
    assert fresh(question).accepted_reply_id == peer_reply.pk


def test_answered_by_peer_or_staff(member, question, peer_reply, support_agent):
    services.answer_accept(topic=question, reply=peer_reply, actor=member)
    assert fresh(question).answered_by == AnsweredBy.PEER
    staff_reply = services.reply_create(
        author=support_agent, topic=question, body="Settings, Agenda, First day."
    )
    services.answer_accept(topic=question, reply=staff_reply, actor=member)
    assert fresh(question).answered_by == AnsweredBy.STAFF
    services.answer_unaccept(topic=question, actor=member)
    question = fresh(question)
    assert (question.accepted_reply_id, question.answered_by) == (None, AnsweredBy.NONE)


def test_accept_rejects_foreign_own_and_non_question(member, space, question, other_member):
    elsewhere = ReplyFactory(topic=TopicFactory(space=space))
    with pytest.raises(ValidationError):
        services.answer_accept(topic=question, reply=elsewhere, actor=member)
    own = ReplyFactory(topic=question, author=member)
    with pytest.raises(ValidationError):
        services.answer_accept(topic=question, reply=own, actor=member)
    discussion = TopicFactory(space=space, author=member, kind=TopicKind.DISCUSSION)
    with pytest.raises(PermissionDenied):
        services.answer_accept(topic=discussion, reply=ReplyFactory(topic=discussion), actor=member)


def test_deleting_the_accepted_reply_clears_it(member, other_member, question, peer_reply):
    services.answer_accept(topic=question, reply=peer_reply, actor=member)
    services.reply_delete(reply=peer_reply, actor=other_member)
    question = fresh(question)
    assert question.accepted_reply_id is None
    assert question.answered_by == AnsweredBy.NONE
    assert question.reply_count == 0


# --- Escalation -------------------------------------------------------------------------------


def test_member_and_moderator_escalations(member, moderator, space, question):
    escalation = services.escalation_raise(
        topic=question, actor=member, reason=EscalationReason.MEMBER
    )
    assert (escalation.reason, escalation.escalated_by, escalation.state) == (
        EscalationReason.MEMBER,
        member,
        EscalationState.OPEN,
    )
    assert escalation.asked_at == question.created_at
    again = services.escalation_raise(topic=question, actor=moderator, reason="moderator")
    assert again.pk == escalation.pk  # the first escalation stays
    assert again.reason == EscalationReason.MEMBER

    other = TopicFactory(space=space)
    escalation = services.escalation_raise(topic=other, actor=moderator, reason="moderator")
    assert escalation.escalated_by == moderator
    with pytest.raises(PermissionDenied):
        services.escalation_raise(topic=TopicFactory(space=space), actor=member, reason="member")
    with pytest.raises(ValidationError):
        services.escalation_raise(topic=other, actor=moderator, reason="boredom")


def test_staff_reply_answers_and_acceptance_resolves(member, support_agent, question):
    escalation = services.escalation_raise(topic=question, actor=member, reason="member")
    before = timezone.now()
    staff_reply = services.reply_create(
        author=support_agent, topic=question, body="Settings, Agenda, First day."
    )
    escalation = fresh(escalation)
    assert escalation.state == EscalationState.ANSWERED
    assert escalation.first_staff_reply_at >= before
    assert fresh(question).first_staff_reply_at == escalation.first_staff_reply_at
    assert staff_reply.is_staff_reply

    services.answer_accept(topic=question, reply=staff_reply, actor=member)
    escalation = fresh(escalation)
    assert escalation.state == EscalationState.RESOLVED
    assert escalation.resolved_at is not None


def test_escalate_unanswered_once_and_only_old_questions(settings, space, member):
    settings.RUCHE = {**settings.RUCHE, "ESCALATION_DELAY_HOURS": 24}
    now = timezone.now()
    old = TopicFactory(space=space, created_at=now - timedelta(hours=25))
    young = TopicFactory(space=space, created_at=now - timedelta(hours=23))
    answered = TopicFactory(space=space, created_at=now - timedelta(hours=30))
    services.reply_create(author=member, topic=answered, body="Here is what worked for me.")
    TopicFactory(space=space, created_at=now - timedelta(days=3), kind=TopicKind.DISCUSSION)
    TopicFactory(space=space, created_at=now - timedelta(days=3), is_deleted=True)

    assert services.escalate_unanswered(now=now) == 1
    assert services.escalate_unanswered(now=now) == 0
    escalation = Escalation.objects.get()
    assert escalation.topic == old
    assert escalation.reason == EscalationReason.AUTOMATIC
    assert escalation.escalated_by is None
    assert not Escalation.objects.filter(topic=young).exists()
    assert services.escalate_unanswered(now=now + timedelta(hours=2)) == 1
    assert Escalation.objects.filter(topic=young).exists()


def test_support_queue_work_is_for_staff(member, support_agent, question):
    escalation = services.escalation_raise(topic=question, actor=member, reason="member")
    with pytest.raises(PermissionDenied):
        services.escalation_assign(escalation=escalation, agent=support_agent, actor=member)
    with pytest.raises(ValidationError):
        services.escalation_assign(escalation=escalation, agent=member, actor=support_agent)
    with pytest.raises(ValidationError):
        services.escalation_set_state(escalation=escalation, state="lost", actor=support_agent)
    services.escalation_assign(escalation=escalation, agent=support_agent, actor=support_agent)
    services.escalation_set_state(escalation=escalation, state="resolved", actor=support_agent)
    escalation = fresh(escalation)
    assert escalation.assigned_to == support_agent
    assert escalation.state == EscalationState.RESOLVED


# --- Edit history and soft deletion -----------------------------------------------------------


def test_edits_keep_every_previous_version(member, moderator, question, peer_reply, other_member):
    versions = [(question.title, question.body)]
    services.topic_edit(topic=question, editor=member, body="Second version of the text.")
    versions.append((fresh(question).title, question.body))
    services.topic_edit(
        topic=question, editor=moderator, title="A clearer title for it", reason="clarity"
    )
    question = fresh(question)
    history = list(Revision.objects.filter(topic=question).order_by("id"))
    assert [(r.title, r.body) for r in history] == versions
    assert [r.editor for r in history] == [member, moderator]
    assert history[1].reason == "clarity"
    assert (question.title, question.body) == (
        "A clearer title for it",
        "Second version of the text.",
    )
    assert question.edited_at is not None

    services.reply_edit(reply=peer_reply, editor=other_member, body="A better answer, edited.")
    assert Revision.objects.get(reply=peer_reply).body == "Check the first day of the week setting."
    with pytest.raises(PermissionDenied):
        services.reply_edit(reply=peer_reply, editor=member, body="Not my reply to edit.")
    with pytest.raises(ValidationError):
        services.topic_edit(topic=question, editor=member, body="short")
    with pytest.raises(ValidationError):
        services.topic_edit(topic=question, editor=member, tags=list("abcdef"))
    assert Revision.objects.filter(topic=question).count() == 2


def test_soft_deletion_hides_from_members_not_moderators(member, moderator, other_member, question):
    services.topic_delete(topic=question, actor=member)
    assert Topic.objects.filter(pk=question.pk).exists()  # nothing is lost
    assert selectors.topic_list_page(viewer=other_member).items == []
    assert selectors.topic_list_page(viewer=member).items == []
    with pytest.raises(Http404):
        selectors.topic_get(viewer=other_member, topic_id=question.pk)
    assert [t.pk for t in selectors.topic_list_page(viewer=moderator).items] == [question.pk]
    with pytest.raises(PermissionDenied):
        services.topic_restore(topic=question, actor=member)
    services.topic_restore(topic=question, actor=moderator)
    assert [t.pk for t in selectors.topic_list_page(viewer=other_member).items] == [question.pk]


def test_deleted_replies_hidden_and_restorable(
    member, moderator, other_member, question, peer_reply
):
    with pytest.raises(PermissionDenied):
        services.reply_delete(reply=peer_reply, actor=member)
    services.reply_delete(reply=peer_reply, actor=other_member)
    assert fresh(question).reply_count == 0
    assert selectors.reply_page(viewer=member, topic=question).items == []
    assert [r.pk for r in selectors.reply_page(viewer=moderator, topic=question).items] == [
        peer_reply.pk
    ]
    services.reply_restore(reply=peer_reply, actor=moderator)
    assert fresh(question).reply_count == 1
    assert [r.pk for r in selectors.reply_page(viewer=member, topic=question).items] == [
        peer_reply.pk
    ]


# --- Newcomer limits --------------------------------------------------------------------------

LINKS = "See https://a.example, https://b.example and https://c.example for details."


@pytest.fixture
def strict_limits(settings):
    settings.RUCHE = {
        **settings.RUCHE,
        "NEWCOMER_UNTIL_POSTS": 3,
        "NEWCOMER_POSTS_PER_HOUR": 2,
        "NEWCOMER_MAX_LINKS": 2,
    }


def _post(author, space, body: str = "A question body long enough.") -> Topic:
    return services.topic_create(
        author=author, space=space, kind="discussion", title="A title long enough", body=body
    )


def test_newcomers_post_a_few_times_an_hour(strict_limits, space, member, question):
    _post(member, space)  # the question fixture was the first
    with pytest.raises(ValidationError) as raised:
        _post(member, space)
    assert "body" in raised.value.message_dict
    assert "2 times an hour" in raised.value.message_dict["body"][0]
    with pytest.raises(ValidationError):
        services.reply_create(author=member, topic=question, body="A reply long enough.")
    assert Topic.objects.filter(author=member).count() == 2


def test_newcomers_post_few_links(strict_limits, space, member, question):
    with pytest.raises(ValidationError) as raised:
        services.reply_create(author=member, topic=question, body=LINKS)
    assert "at most 2 links" in raised.value.message_dict["body"][0]
    assert not Reply.objects.exists()


def test_staff_and_experienced_members_are_exempt(strict_limits, space, support_agent):
    for _ in range(4):
        _post(support_agent, space, LINKS)
    veteran = UserFactory()
    long_ago = timezone.now() - timedelta(days=30)
    for _ in range(3):
        activity_record(actor=veteran, verb=verbs.ReplyCreated.name, occurred_at=long_ago)
    assert not services.is_newcomer(veteran)
    for _ in range(4):
        _post(veteran, space, LINKS)
    assert Topic.objects.filter(author=veteran).count() == 4


# --- Mentions ---------------------------------------------------------------------------------


def test_mentions_only_members_who_may_see_the_space(spaces, ambassador, member):
    insider = member_with_role(Role.AMBASSADOR, display_name="Ines Insider")
    insider.programme_memberships.create(programme=spaces[Visibility.PROGRAMME].programme)
    topic = TopicFactory(space=spaces[Visibility.PROGRAMME], author=ambassador)
    reply = services.reply_create(
        author=ambassador,
        topic=topic,
        body=f"Thanks @{insider.handle} and @{member.handle} and @{ambassador.handle}!",
    )
    # The event (what notifications hear after commit) names only who may see the space.
    row = Activity.objects.get(verb=verbs.ReplyCreated.name, target_id=reply.pk)
    assert row.payload["mentions"] == [insider.pk]


# --- The ledger -------------------------------------------------------------------------------


def _png() -> SimpleUploadedFile:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(buffer, format="PNG")
    return SimpleUploadedFile("p.png", buffer.getvalue(), content_type="image/png")


def test_every_action_writes_its_ledger_verb(space, member, other_member, moderator, support_agent):
    topic = _post(member, space)
    services.topic_edit(topic=topic, editor=member, title="A title edited enough")
    question = services.topic_create(
        author=member,
        space=space,
        kind="question",
        title="A question to answer",
        body="How do I export the agenda?",
    )
    reply = services.reply_create(author=other_member, topic=question, body="Use the export menu.")
    services.reply_edit(reply=reply, editor=other_member, body="Use the export menu, top right.")
    services.like_add(member=member, post=reply)
    services.like_remove(member=member, post=reply)
    services.answer_accept(topic=question, reply=reply, actor=member)
    services.answer_unaccept(topic=question, actor=member)
    services.follow_add(member=other_member, target_type="topic", target_id=topic.pk)
    services.follow_remove(member=other_member, target_type="topic", target_id=topic.pk)
    escalation = services.escalation_raise(topic=question, actor=member, reason="member")
    services.escalation_assign(escalation=escalation, agent=support_agent, actor=support_agent)
    services.escalation_set_state(escalation=escalation, state="resolved", actor=support_agent)
    services.reply_delete(reply=reply, actor=other_member)
    services.reply_restore(reply=reply, actor=moderator)
    services.topic_delete(topic=topic, actor=member)
    services.topic_restore(topic=topic, actor=moderator)
    services.topic_retag(topic=topic, actor=moderator, tags=["agenda"])
    services.topic_move(topic=topic, actor=moderator, space=SpaceFactory(slug="elsewhere"))
    services.post_flag_hide(post=reply, actor=moderator, reason="Advertising")
    article = TopicFactory(space=space, kind=TopicKind.ARTICLE, author=support_agent)
    services.article_vote(topic=article, member=member, helpful=True)
    services.upload_image(uploader=member, upload=_png())

    assert verbs_of(member) == [
        verbs.TopicCreated.name,
        verbs.TopicEdited.name,
        verbs.TopicCreated.name,
        verbs.LikeGiven.name,
        verbs.LikeRemoved.name,
        verbs.AnswerAccepted.name,
        verbs.AnswerUnaccepted.name,
        verbs.Escalated.name,
        verbs.TopicDeleted.name,
        verbs.ArticleVoted.name,
        verbs.ImageUploaded.name,
    ]
    assert verbs_of(other_member) == [
        verbs.ReplyCreated.name,
        verbs.ReplyEdited.name,
        verbs.Followed.name,
        verbs.Unfollowed.name,
        verbs.ReplyDeleted.name,
    ]
    assert verbs_of(moderator) == [
        verbs.ReplyRestored.name,
        verbs.TopicRestored.name,
        verbs.TopicRetagged.name,
        verbs.TopicMoved.name,
        verbs.PostHidden.name,
    ]
    assert verbs_of(support_agent) == [
        verbs.EscalationAssigned.name,
        verbs.EscalationResolved.name,
    ]
    recorded = set(
        Activity.objects.filter(verb__startswith="forum.").values_list("verb", flat=True)
    )
    registered = {
        v.name for v in vars(verbs).values() if isinstance(v, type) and getattr(v, "name", "")
    }
    assert recorded == registered
    like = Activity.objects.get(verb=verbs.LikeGiven.name)
    assert (like.target, like.space, like.payload) == (reply, space, {"author": other_member.pk})


def test_the_periodic_task_and_the_command_escalate_old_unanswered_questions(db, settings):
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    from ruche.accounts.tests.factories import SpaceFactory, UserFactory
    from ruche.forum.models import Escalation, EscalationReason, Topic, TopicKind
    from ruche.forum.tasks import escalate_unanswered_questions

    space = SpaceFactory(slug="periodic-space")
    author = UserFactory()
    old = Topic.objects.create(
        space=space, kind=TopicKind.QUESTION, title="Old question here", author=author,
        body="An old question body", body_html="<p>An old question body</p>",
        created_at=timezone.now() - timedelta(hours=ESCALATION_DELAY_HOURS.value + 1),
    )  # fmt: skip
    assert escalate_unanswered_questions.delay().get() == 1
    assert Escalation.objects.get(topic=old).reason == EscalationReason.AUTOMATIC
    call_command("escalate_unanswered")
    assert Escalation.objects.count() == 1


def test_experts_write_articles_in_a_staff_only_resource_centre_but_not_questions(db):
    from ruche.accounts.roles import Role
    from ruche.accounts.tests.factories import SpaceFactory, member_with_role
    from ruche.forum.permissions import may_start_topic
    from ruche.spaces.models import PostingPolicy, Visibility

    centre = SpaceFactory(
        slug="resource-centre", visibility=Visibility.PUBLIC, posting=PostingPolicy.STAFF
    )
    expert = member_with_role(Role.EXPERT)
    member = member_with_role(Role.MEMBER)
    assert may_start_topic(expert, centre, "article")
    assert not may_start_topic(expert, centre, "question")
    assert not may_start_topic(member, centre, "article")
    assert not may_start_topic(member, centre, "question")
