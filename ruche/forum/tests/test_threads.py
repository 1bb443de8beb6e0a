"""The forum hosting threads for other apps (``ruche.forum.threads``), proven with two kinds that
exist only here: an event's thread (kept out of the forum's lists and search, its opening post
takes no likes, only attendees reply, its page is the event's) and a survey's (listed, searched,
liked, shown on the forum's page with a box of its own). Every difference below comes from the
kind's declared policy: the forum names no kind."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from ruche.accounts.tests.factories import ProductAreaFactory, UserFactory
from ruche.activity.models import Activity
from ruche.core.events import emit
from ruche.core.permissions import Action, can
from ruche.forum import kinds, selectors, services, threads, verbs
from ruche.forum.models import Follow, FollowTarget, Reply, Revision, Topic
from ruche.products.verbs import ProductManagersChanged
from ruche.search.selectors import search, search_filters, similar_topics
from ruche.spaces.models import Visibility

from .factories import TopicFactory

pytestmark = pytest.mark.django_db

ATTENDEES: set[int] = set()


def _attends(user, topic) -> bool:
    return user.pk in ATTENDEES or user.pk == topic.author_id


EVENT = threads.ThreadKind(
    name="test_event",
    label="Event",
    url=lambda topic: f"/events/{topic.pk}/",
    listed_in_forum=False,
    searchable=False,
    topic_likes=False,
    likes_refused="Say you are coming instead.",
    redirect_to_host=True,
    may_reply=_attends,
)
SURVEY = threads.ThreadKind(
    name="test_survey",
    label="Survey",
    listed_in_forum=True,
    searchable=True,
    topic_likes=True,
    editable_in_forum=True,
    retaggable=True,
    movable=True,
    flaggable=True,
    page_template="hosted/survey_box.html",
)


@pytest.fixture(autouse=True)
def _kinds():
    threads.register_kind(EVENT)
    threads.register_kind(SURVEY)
    ATTENDEES.clear()
    yield
    threads.unregister_kind(EVENT.name)
    threads.unregister_kind(SURVEY.name)


@pytest.fixture
def space(spaces):
    return spaces[Visibility.MEMBERS]


def _open(kind: threads.ThreadKind, author, space, title: str = "Agenda meetup in Lyon"):
    return threads.create(
        kind=kind.name,
        space=space,
        author=author,
        title=title,
        body="We meet to share how we organise the agenda of a busy practice.",
    )


def _api(client, method: str, url: str, body: dict | None = None):
    send = getattr(client, method)
    if body is None:
        return send(f"/api/v1{url}")
    return send(f"/api/v1{url}", data=json.dumps(body), content_type="application/json")


# --- Creating a thread --------------------------------------------------------------------------


def test_a_host_opens_a_thread_of_its_kind_which_its_author_follows(space, member):
    thread = _open(EVENT, member, space)
    assert (thread.kind, thread.title, thread.space) == (EVENT.name, "Agenda meetup in Lyon", space)
    assert "busy practice" in thread.body_html
    assert thread.summary.startswith("We meet")
    assert threads.url(thread) == f"/events/{thread.pk}/"
    assert threads.kind_of(thread) == EVENT
    assert threads.is_following(member, thread)
    # The host records its own event (ideas.proposed…): the forum records no topic of its own.
    assert not Activity.objects.filter(verb=verbs.TopicCreated.name).exists()


def test_only_registered_hosted_kinds_are_opened_through_the_interface(space, member):
    with pytest.raises(ValueError, match="hosted"):
        threads.create(kind="question", space=space, author=member, title="x" * 10, body="y" * 20)
    with pytest.raises(ValueError, match="hosted"):
        threads.create(kind="nothing", space=space, author=member, title="x" * 10, body="y" * 20)


def test_a_kind_keeps_its_declaration(space):
    with pytest.raises(ValueError, match="already registered"):
        threads.register_kind(threads.ThreadKind(name=EVENT.name, label="Another event"))
    with pytest.raises(ValueError, match="characters"):
        threads.ThreadKind(name="a-name-far-too-long", label="Too long")
    assert threads.register_kind(EVENT) is EVENT  # the same declaration again changes nothing


def test_members_cannot_start_a_hosted_kind_from_the_forum(space, member, client_for):
    assert not can(member, "space.start_topic", space, kind=EVENT.name)
    with pytest.raises(ValidationError):
        services.topic_create(
            author=member, space=space, kind=EVENT.name, title="An event here", body="b" * 20
        )
    response = _api(
        client_for(member),
        "post",
        "/topics",
        {"space": space.slug, "kind": SURVEY.name, "title": "A survey here", "body": "b" * 20},
    )
    assert response.status_code == 422


# --- Where threads are listed and found, what the topic page does -------------------------------


def test_lists_search_and_similar_questions_follow_the_kind(space, member, other_member):
    event = _open(EVENT, member, space, title="Agenda meetup in Lyon")
    survey = _open(SURVEY, member, space, title="Agenda survey for Lyon practices")
    question = TopicFactory(space=space, author=member, title="Agenda export in Lyon")

    listed = [t.pk for t in selectors.topic_list_page(viewer=other_member).items]
    assert survey.pk in listed
    assert question.pk in listed
    assert event.pk not in listed

    found = [hit.topic.pk for hit in search(viewer=other_member, query="Lyon").hits]
    assert survey.pk in found
    assert question.pk in found
    assert event.pk not in found
    with pytest.raises(ValidationError):
        search_filters(kind=EVENT.name)
    assert search_filters(kind=SURVEY.name).kind == SURVEY.name

    offered = [t.pk for t in similar_topics(viewer=other_member, title="agenda Lyon")]
    assert survey.pk in offered
    assert event.pk not in offered
    # The host looks among its own kind.
    own = similar_topics(viewer=other_member, title="agenda Lyon", kind=EVENT.name)
    assert [t.pk for t in own] == [event.pk]


def test_the_forum_page_redirects_to_the_host_or_shows_the_kinds_box(
    space, member, client_for, settings
):
    base = settings.TEMPLATES[0]
    settings.TEMPLATES = [
        {
            **base,
            "APP_DIRS": False,
            "OPTIONS": {
                **base["OPTIONS"],
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {"hosted/survey_box.html": "<p id='survey-box'>{{ topic.title }}</p>"},
                    ),
                    "django.template.loaders.filesystem.Loader",
                    "django.template.loaders.app_directories.Loader",
                ],
            },
        }
    ]
    event, survey = _open(EVENT, member, space), _open(SURVEY, member, space, "Agenda survey")
    client = client_for(member)
    assert client.get(f"/forum/t/{event.pk}/")["Location"] == f"/events/{event.pk}/"
    page = client.get(f"/forum/t/{survey.pk}/")
    assert page.status_code == 200
    assert "<p id='survey-box'>Agenda survey</p>" in page.content.decode()
    kinds_offered = dict(kinds.choices(listed_in_forum=True))
    assert SURVEY.name in kinds_offered
    assert EVENT.name not in kinds_offered


# --- Likes, replies, locks ----------------------------------------------------------------------


def test_the_opening_posts_likes_follow_the_kind(space, member, other_member):
    event, survey = _open(EVENT, member, space), _open(SURVEY, member, space)
    with pytest.raises(ValidationError) as refused:
        services.like_add(member=other_member, post=event)
    assert refused.value.message_dict["post"] == ["Say you are coming instead."]
    assert services.like_add(member=other_member, post=survey) is True


def test_who_may_reply_is_the_forums_rules_and_the_kinds(space, member, other_member, client_for):
    event = _open(EVENT, member, space)
    assert not can(other_member, Action.WRITE, event)
    with pytest.raises(PermissionDenied):
        threads.comment(thread=event, author=other_member, body="May I come along too?")
    assert _api(client_for(other_member), "post", f"/topics/{event.pk}/replies", {
        "body": "May I come along too?"
    }).status_code == 403  # fmt: skip

    ATTENDEES.add(other_member.pk)
    reply = threads.comment(thread=event, author=other_member, body="See you there, with slides.")
    assert reply.topic_id == event.pk
    assert Activity.objects.filter(verb=verbs.ReplyCreated.name, target_id=reply.pk).exists()


def test_a_locked_thread_refuses_replies_with_a_clear_error(space, member, client_for):
    thread = _open(EVENT, member, space)
    threads.lock(thread=thread)
    assert Topic.objects.get(pk=thread.pk).is_locked
    with pytest.raises(ValidationError) as refused:
        threads.comment(thread=thread, author=member, body="One more answer to add.")
    assert "locked" in refused.value.message_dict["topic"][0]
    client = client_for(member)
    page = client.post(f"/forum/t/{thread.pk}/reply/", {"body": "One more answer to add."})
    assert page.status_code == 422
    assert "This thread is locked: it takes no new replies." in page.content.decode()
    response = _api(client, "post", f"/topics/{thread.pk}/replies", {"body": "Still one more."})
    assert response.status_code == 422
    assert "locked" in response.json()["errors"][0]["reason"]

    threads.unlock(thread=thread)
    assert threads.comment(thread=thread, author=member, body="One more answer to add.").pk


# --- Changing a thread --------------------------------------------------------------------------


def test_editing_keeps_the_forums_revision_history(space, member, client_for):
    thread = _open(EVENT, member, space)
    threads.edit(
        thread=thread,
        editor=member,
        title="Agenda meetup in Lyon, moved",
        body="We meet on Tuesday instead, same place.",
        reason="new date",
        tags=["agenda"],
    )
    thread = Topic.objects.get(pk=thread.pk)
    assert thread.title == "Agenda meetup in Lyon, moved"
    assert "Tuesday" in thread.body_html
    assert thread.summary.startswith("We meet on Tuesday")
    assert thread.edited_at is not None
    assert [t.slug for t in thread.tags.all()] == ["agenda"]
    revision = Revision.objects.get(topic=thread)
    assert (revision.title, revision.reason) == ("Agenda meetup in Lyon", "new date")
    assert "busy practice" in revision.body
    assert client_for(member).get(f"/forum/t/{thread.pk}/history/").status_code == 200
    # Nothing changed, nothing kept.
    threads.edit(thread=thread, editor=member, title=thread.title, body=thread.body)
    assert Revision.objects.filter(topic=thread).count() == 1


def test_the_forum_leaves_a_hosted_opening_post_to_its_host(space, member, moderator):
    thread = _open(EVENT, member, space)
    for action in ("post.edit", "post.restore", "topic.retag", "topic.move", "post.flag_hide"):
        assert not can(member, action, thread), action
        assert not can(moderator, action, thread), action
    with pytest.raises(PermissionDenied):
        services.topic_delete(topic=thread, actor=member)
    with pytest.raises(PermissionDenied):
        services.topic_retag(topic=thread, actor=member, tags=["agenda"])
    with pytest.raises(PermissionDenied):
        services.topic_move(topic=thread, actor=moderator, space=space)
    # The survey's kind lets the forum do all of it.
    survey = _open(SURVEY, member, space)
    assert can(member, "post.edit", survey)
    assert can(member, "topic.retag", survey)
    assert can(moderator, "topic.move", survey)


def test_hiding_moving_and_restoring(space, spaces, member, other_member, moderator):
    thread = _open(SURVEY, member, space)
    assert threads.hide(thread=thread, actor=moderator) is True
    assert threads.hide(thread=thread, actor=moderator) is False
    assert threads.is_hidden(Topic.objects.get(pk=thread.pk))
    assert not Reply.objects.filter(threads.alive("topic"), topic=thread).exists()
    with pytest.raises(Http404):
        selectors.topic_get(viewer=other_member, topic_id=thread.pk)
    assert selectors.topic_get(viewer=moderator, topic_id=thread.pk)  # to restore it
    assert threads.restore(thread=thread, actor=moderator) is True
    assert selectors.topic_get(viewer=other_member, topic_id=thread.pk)

    threads.move(thread=thread, space=spaces[Visibility.STAFF])
    with pytest.raises(Http404):
        selectors.topic_get(viewer=other_member, topic_id=thread.pk)


# --- Counts, followers, merges, the comments of a host's page ----------------------------------


def test_counts_and_followers(space, member, other_member):
    ATTENDEES.update({member.pk, other_member.pk})
    thread = _open(EVENT, member, space)
    reply = threads.comment(thread=thread, author=other_member, body="Count me in, with a friend.")
    services.like_add(member=member, post=reply)
    assert threads.follow(thread=thread, member=other_member) is True
    assert threads.follow(thread=thread, member=other_member) is False
    assert threads.counts(thread) == threads.ThreadCounts(replies=1, likes=1, followers=2)
    assert threads.follower_ids(thread) == sorted([member.pk, other_member.pk])
    assert Activity.objects.filter(verb=verbs.Followed.name, actor=other_member).count() == 1

    assert threads.unfollow(thread=thread, member=other_member) is True
    assert not threads.is_following(other_member, thread)
    # A follow implied by another action (liking an idea) is no choice of the member's: no row.
    liker = UserFactory()
    assert threads.follow(thread=thread, member=liker, implied=True) is True
    assert threads.is_following(liker, thread)
    assert not Activity.objects.filter(verb=verbs.Followed.name, actor=liker).exists()


def test_merging_two_threads_moves_comments_and_followers_and_is_undone(space, member):
    source, into = _open(SURVEY, member, space), _open(SURVEY, member, space, "Agenda survey")
    follower, both = UserFactory(), UserFactory()
    for user in (follower, both):
        threads.follow(thread=source, member=user)
    threads.follow(thread=into, member=both)
    first = threads.comment(thread=source, author=member, body="An answer in the duplicate.")
    gone = threads.comment(thread=source, author=member, body="An answer deleted since then.")
    services.reply_delete(reply=gone, actor=member)

    merged = threads.merge(source=source, into=into)
    assert sorted(merged.moved_reply_ids) == sorted([first.pk, gone.pk])
    assert Reply.objects.get(pk=first.pk).topic_id == into.pk
    assert (threads.counts(source).replies, threads.counts(into).replies) == (0, 1)
    assert threads.is_following(follower, into)
    assert Follow.objects.filter(member=both, target_id=into.pk).count() == 1  # once

    threads.unmerge(source=source, into=into, merged=merged)
    assert Reply.objects.get(pk=first.pk).topic_id == source.pk
    assert (threads.counts(source).replies, threads.counts(into).replies) == (1, 0)
    assert not threads.is_following(follower, into)
    assert threads.is_following(both, into)


def test_the_comments_of_a_host_page_say_what_the_reader_may_do(space, member, other_member):
    ATTENDEES.add(other_member.pk)
    thread = _open(EVENT, member, space)
    reply = threads.comment(thread=thread, author=other_member, body="I bring the coffee, then.")
    own = threads.comments(viewer=other_member, thread=thread)
    assert [r.pk for r in own["page"].items] == [reply.pk]
    assert own["page"].items[0].may_edit
    assert own["may_reply"]
    assert not own["may_moderate"]
    stranger = threads.comments(viewer=UserFactory(), thread=thread)
    assert not stranger["page"].items[0].may_edit
    assert not stranger["may_reply"]  # not an attendee: the kind's rule
    assert threads.comment_get(viewer=member, thread=thread, comment_id=reply.pk) == reply
    assert threads.comment_get(viewer=member, thread=thread, comment_id=0) is None


# --- The forum hears other apps ----------------------------------------------------------------


def test_product_managers_named_to_an_area_follow_it(db):
    area, manager, admin = ProductAreaFactory(), UserFactory(), UserFactory()
    emit(ProductManagersChanged(actor_id=admin.pk, area=area.pk, added=[manager.pk]))
    assert Follow.objects.filter(
        member=manager, target_type=FollowTarget.PRODUCT_AREA, target_id=area.pk
    ).exists()
    # Told again (a second change), nothing is added twice.
    emit(ProductManagersChanged(actor_id=admin.pk, area=area.pk, added=[manager.pk]))
    assert Follow.objects.filter(member=manager, target_id=area.pk).count() == 1
