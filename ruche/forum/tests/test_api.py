"""The forum API: each endpoint's success and its denials (401, 404, 403, 422), fixed query counts."""

from __future__ import annotations

import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from ruche.accounts.roles import Role
from ruche.accounts.tests.factories import ProductAreaFactory, SpaceFactory, member_with_role
from ruche.activity.models import Activity
from ruche.forum import services
from ruche.forum.models import (
    Escalation,
    EscalationReason,
    EscalationState,
    Follow,
    Like,
    Revision,
    Topic,
    TopicKind,
)
from ruche.spaces.models import PostingPolicy, Visibility

from .factories import ReplyFactory, TagFactory, TopicFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"


def call(client, method: str, url: str, body: dict | None = None):
    """One JSON request; ``body`` None sends no payload."""
    send = getattr(client, method.lower())
    if body is None:
        return send(f"{API}{url}")
    return send(f"{API}{url}", data=json.dumps(body), content_type="application/json")


def error_fields(response) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


def png_file(name: str = "picture.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), "orange").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


@pytest.fixture
def question(spaces, member):
    return TopicFactory(space=spaces[Visibility.MEMBERS], author=member, title="Agenda question")


@pytest.fixture
def public_topic(spaces, other_member):
    return TopicFactory(
        space=spaces[Visibility.PUBLIC],
        author=other_member,
        kind=TopicKind.DISCUSSION,
        body="## Setup\n\nSome **text** for everyone.",
    )


@pytest.fixture
def reply(question, other_member):
    return ReplyFactory(topic=question, author=other_member)


@pytest.fixture
def programme_topic(spaces, ambassador):
    return TopicFactory(space=spaces[Visibility.PROGRAMME], author=ambassador)


@pytest.fixture
def programme_reply(programme_topic, ambassador):
    return ReplyFactory(topic=programme_topic, author=ambassador)


@pytest.fixture
def staff_topic(spaces, support_agent):
    return TopicFactory(space=spaces[Visibility.STAFF], author=support_agent)


@pytest.fixture
def expert(db):
    return member_with_role(Role.EXPERT, display_name="Eva Expert")


def new_topic_body(space: str = "members-space", **changes) -> dict:
    return {
        "space": space,
        "kind": "question",
        "title": "Why does the agenda skip Mondays?",
        "body": "Since the update my agenda starts on Tuesday.",
        "tags": ["agenda", "Update 2025"],
    } | changes


# --- Anonymous visitors may read public content only and never write -------------------------

WRITES = [
    ("post", "/topics", {"space": "public-space"}),
    ("patch", "/topics/{topic}", {"title": "A new title here"}),
    ("delete", "/topics/{topic}", None),
    ("post", "/topics/{topic}/restore", None),
    ("post", "/topics/{topic}/replies", {"body": "A reply long enough"}),
    ("patch", "/replies/{reply}", {"body": "A reply long enough"}),
    ("delete", "/replies/{reply}", None),
    ("post", "/replies/{reply}/restore", None),
    ("put", "/topics/{topic}/like", None),
    ("delete", "/topics/{topic}/like", None),
    ("put", "/replies/{reply}/like", None),
    ("post", "/topics/{topic}/accept", {"reply_id": 1}),
    ("delete", "/topics/{topic}/accept", None),
    ("put", "/follows/topic/{topic}", None),
    ("delete", "/follows/topic/{topic}", None),
    ("get", "/me/follows", None),
    ("post", "/topics/{topic}/escalate", None),
    ("get", "/support/queue", None),
    ("patch", "/support/escalations/1", {"state": "resolved"}),
    ("put", "/topics/{topic}/helpful", {"helpful": True}),
    ("get", "/topics/{topic}/revisions", None),
]


@pytest.mark.parametrize(("method", "url", "body"), WRITES)
def test_anonymous_visitors_must_sign_in_to_write(client, public_topic, method, url, body):
    reply = ReplyFactory(topic=public_topic)
    response = call(client, method, url.format(topic=public_topic.pk, reply=reply.pk), body)
    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication required."


def test_anonymous_upload_is_refused(client):
    response = client.post(f"{API}/uploads", {"file": png_file()})
    assert response.status_code == 401


def test_anonymous_reads_public_topics_only(client, public_topic, question):
    assert call(client, "get", f"/topics/{public_topic.pk}").status_code == 200
    assert call(client, "get", f"/topics/{question.pk}").status_code == 404
    assert call(client, "get", f"/topics/{question.pk}/replies").status_code == 404
    ids = [t["id"] for t in call(client, "get", "/topics").json()["items"]]
    assert ids == [public_topic.pk]


# --- Hidden spaces: a member learns nothing about them ----------------------------------------

HIDDEN = [
    ("get", "/topics/{topic}", None),
    ("get", "/topics/{topic}/replies", None),
    ("patch", "/topics/{topic}", {"title": "A new title here"}),
    ("delete", "/topics/{topic}", None),
    ("post", "/topics/{topic}/restore", None),
    ("get", "/topics/{topic}/revisions", None),
    ("post", "/topics/{topic}/replies", {"body": "A reply long enough"}),
    ("patch", "/replies/{reply}", {"body": "A reply long enough"}),
    ("delete", "/replies/{reply}", None),
    ("get", "/replies/{reply}/revisions", None),
    ("put", "/topics/{topic}/like", None),
    ("delete", "/topics/{topic}/like", None),
    ("put", "/replies/{reply}/like", None),
    ("delete", "/replies/{reply}/like", None),
    ("post", "/topics/{topic}/accept", {"reply_id": "{reply}"}),
    ("delete", "/topics/{topic}/accept", None),
    ("put", "/follows/topic/{topic}", None),
    ("post", "/topics/{topic}/escalate", None),
    ("put", "/topics/{topic}/helpful", {"helpful": True}),
]


@pytest.mark.parametrize("visibility", [Visibility.PROGRAMME, Visibility.STAFF])
@pytest.mark.parametrize(("method", "url", "body"), HIDDEN)
def test_members_get_404_on_spaces_they_cannot_see(
    client_for, member, spaces, ambassador, visibility, method, url, body
):
    topic = TopicFactory(space=spaces[visibility], author=ambassador)
    reply = ReplyFactory(topic=topic, author=ambassador)
    if body and body.get("reply_id"):
        body = {"reply_id": reply.pk}
    response = call(client_for(member), method, url.format(topic=topic.pk, reply=reply.pk), body)
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}
    assert not Like.objects.exists()
    assert not Follow.objects.filter(member=member).exists()
    assert Topic.objects.get(pk=topic.pk).reply_count == 0


def test_programme_members_see_their_programme(client_for, ambassador, programme_topic):
    response = call(client_for(ambassador), "get", f"/topics/{programme_topic.pk}")
    assert response.status_code == 200


def test_creating_in_a_space_one_cannot_see_is_an_unknown_space(client_for, member, spaces):
    response = call(client_for(member), "post", "/topics", new_topic_body("programme-space"))
    assert response.status_code == 422
    assert error_fields(response) == {"space"}
    assert not Topic.objects.exists()


# --- Topic list -------------------------------------------------------------------------------


def test_topic_list_hides_other_spaces_and_deleted_topics(
    client_for, member, moderator, question, public_topic, programme_topic, staff_topic
):
    gone = TopicFactory(space=question.space, is_deleted=True)
    seen = {t["id"] for t in call(client_for(member), "get", "/topics").json()["items"]}
    assert seen == {question.pk, public_topic.pk}

    seen = {t["id"] for t in call(client_for(moderator), "get", "/topics").json()["items"]}
    assert gone.pk in seen  # moderators still see deleted topics, to restore them
    assert staff_topic.pk in seen


def test_topic_list_item_shape(client_for, member, question):
    area = ProductAreaFactory(slug="agenda")
    question.product_area = area
    question.save()
    question.tags.add(TagFactory(slug="sync", name="Sync"))
    item = call(client_for(member), "get", "/topics").json()["items"][0]
    assert item["id"] == question.pk
    assert item["space"]["slug"] == "members-space"
    assert item["product_area"]["slug"] == "agenda"
    assert item["tags"] == [{"slug": "sync", "name": "Sync"}]
    assert item["author"] == {"id": member.pk, "display_name": "Marie Member", "role": "member"}
    assert item["url"] == f"/forum/t/{question.pk}/"


def test_cursor_pagination_returns_every_topic_once(client_for, member, spaces):
    same_time = timezone.now()
    made = {
        TopicFactory(space=spaces[Visibility.MEMBERS], last_activity_at=same_time).pk
        for _ in range(5)
    }
    made |= {TopicFactory(space=spaces[Visibility.PUBLIC]).pk for _ in range(4)}
    client = client_for(member)
    seen: list[int] = []
    cursor = None
    for _page in range(10):
        url = "/topics?limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = call(client, "get", url).json()
        seen += [t["id"] for t in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(made)
    assert len(seen) == len(set(seen))


def test_topic_list_filters(client_for, member, spaces, question, public_topic):
    tag = TagFactory(slug="billing")
    public_topic.tags.add(tag)
    client = client_for(member)

    def ids(query: str) -> set[int]:
        response = call(client, "get", f"/topics?{query}")
        assert response.status_code == 200, response.content
        return {t["id"] for t in response.json()["items"]}

    assert ids("space=public-space") == {public_topic.pk}
    assert ids("tag=billing") == {public_topic.pk}
    assert ids("kind=question") == {question.pk}
    assert ids("order=unanswered") == {question.pk}
    ReplyFactory(topic=question)
    Topic.objects.filter(pk=question.pk).update(reply_count=1, like_count=3)
    assert ids("order=unanswered") == set()
    top = call(client, "get", "/topics?order=top&period=week").json()["items"]
    assert [t["id"] for t in top] == [question.pk, public_topic.pk]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=poem", "kind"),
        ("order=random", "order"),
        ("period=decade", "period"),
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("space=nowhere", "space"),
        ("space=staff-space", "space"),
        ("tag=nothing", "tag"),
        ("product_area=nothing", "product_area"),
    ],
)
def test_topic_list_rejects_bad_filters(client_for, member, spaces, query, field):
    response = call(client_for(member), "get", f"/topics?{query}")
    assert response.status_code == 422
    assert error_fields(response) == {field}


def test_topic_list_rejects_a_forged_cursor(client_for, member):
    response = call(client_for(member), "get", "/topics?cursor=not-a-cursor")
    assert response.status_code == 400
    assert error_fields(response) == {"cursor"}


def _topics_with_everything(space, count: int) -> None:
    area = ProductAreaFactory(slug="agenda")
    for _ in range(count):
        topic = TopicFactory(space=space, product_area=area)
        topic.tags.add(TagFactory(), TagFactory())


def test_topic_list_query_count_does_not_grow_with_rows(client_for, member, spaces):
    client = client_for(member)
    _topics_with_everything(spaces[Visibility.MEMBERS], 2)
    call(client, "get", "/topics")  # warm the session and the content types
    with CaptureQueriesContext(connection) as few:
        assert len(call(client, "get", "/topics").json()["items"]) == 2
    _topics_with_everything(spaces[Visibility.PUBLIC], 25)
    with CaptureQueriesContext(connection) as many:
        assert len(call(client, "get", "/topics").json()["items"]) == 27
    assert len(many) == len(few)


# --- Topic detail, creation, edition, deletion ------------------------------------------------


def test_topic_detail(client_for, member, public_topic):
    Like.objects.create(member=member, topic=public_topic)
    body = call(client_for(member), "get", f"/topics/{public_topic.pk}").json()
    assert body["id"] == public_topic.pk
    assert '<h2 id="h-setup">' in body["body_html"]
    assert "<strong>text</strong>" in body["body_html"]
    assert body["toc"] == [{"level": 2, "id": "h-setup", "text": "Setup"}]
    assert body["liked"] is True
    assert body["accepted_reply_id"] is None
    assert body["answered_by"] == ""
    assert body["author"]["id"] == public_topic.author_id
    assert body["may_edit"] is False
    anonymous = call(client_for(None), "get", f"/topics/{public_topic.pk}").json()
    assert anonymous["liked"] is False


def test_topic_detail_shows_the_staff_role(client_for, member, spaces, support_agent):
    topic = services.topic_create(
        author=support_agent,
        space=spaces[Visibility.MEMBERS],
        kind="discussion",
        title="Maintenance on Sunday",
        body="The service stops for an hour on Sunday.",
    )
    body = call(client_for(member), "get", f"/topics/{topic.pk}").json()
    assert body["author"]["role"] == Role.SUPPORT_AGENT


def test_create_topic(client_for, member, spaces):
    area = ProductAreaFactory(slug="agenda")
    response = call(client_for(member), "post", "/topics", new_topic_body(product_area="agenda"))
    assert response.status_code == 201, response.content
    body = response.json()
    topic = Topic.objects.get(pk=body["id"])
    assert topic.author == member
    assert topic.product_area == area
    assert [t["slug"] for t in body["tags"]] == ["agenda", "update-2025"]
    assert Activity.objects.filter(actor=member, verb="forum.topic_created").count() == 1
    assert Follow.objects.filter(member=member, target_type="topic", target_id=topic.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": "Short"}, "title"),
        ({"body": ""}, "body"),
        ({"body": "   "}, "body"),
        ({"kind": "poem"}, "kind"),
        ({"space": "nowhere"}, "space"),
        ({"tags": ["a", "b", "c", "d", "e", "f"]}, "tags"),
        ({"product_area": "nothing"}, "product_area"),
        ({"title": None}, "title"),
        ({"tags": "agenda"}, "tags"),
    ],
)
def test_create_topic_rejects_bad_input(client_for, member, spaces, changes, field):
    response = call(client_for(member), "post", "/topics", new_topic_body(**changes))
    assert response.status_code == 422
    assert field in error_fields(response)
    assert not Topic.objects.exists()


def test_only_experts_and_staff_write_articles(client_for, member, expert, spaces):
    article = new_topic_body(kind="article", summary="How to set the first day of the week.")
    response = call(client_for(member), "post", "/topics", article)
    assert response.status_code == 403
    assert call(client_for(expert), "post", "/topics", article).status_code == 201


def test_members_cannot_post_in_a_staff_posting_space(client_for, member):
    SpaceFactory(slug="announcements", posting=PostingPolicy.STAFF)
    response = call(client_for(member), "post", "/topics", new_topic_body("announcements"))
    assert response.status_code == 403


def test_edit_topic_keeps_the_previous_text(client_for, member, question):
    old_body = question.body
    response = call(
        client_for(member),
        "patch",
        f"/topics/{question.pk}",
        {"body": "The agenda shows the wrong week.", "tags": ["week"], "reason": "typo"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["body"] == "The agenda shows the wrong week."
    assert [t["slug"] for t in response.json()["tags"]] == ["week"]
    revision = Revision.objects.get(topic=question)
    assert revision.body == old_body
    assert revision.reason == "typo"


def test_edit_topic_denials(client_for, member, other_member, question):
    path = f"/topics/{question.pk}"
    assert (
        call(client_for(other_member), "patch", path, {"title": "Not mine at all"}).status_code
        == 403
    )
    for bad, field in [
        ({"title": "Short"}, "title"),
        ({"body": ""}, "body"),
        ({"tags": ["a", "b", "c", "d", "e", "f"]}, "tags"),
        ({"summary": "x" * 301}, "summary"),
    ]:
        response = call(client_for(member), "patch", path, bad)
        assert response.status_code == 422
        assert error_fields(response) == {field}
    question.refresh_from_db()
    assert question.title == "Agenda question"
    assert not Revision.objects.exists()


def test_delete_and_restore_topic(client_for, member, other_member, moderator, question):
    path = f"/topics/{question.pk}"
    assert call(client_for(other_member), "delete", path).status_code == 403
    assert call(client_for(member), "delete", path).status_code == 204
    assert call(client_for(member), "get", path).status_code == 404
    assert call(client_for(other_member), "get", path).status_code == 404
    as_moderator = call(client_for(moderator), "get", path).json()
    assert as_moderator["is_deleted"] is True
    # Its author cannot see it anymore, let alone restore it.
    assert call(client_for(member), "post", f"{path}/restore").status_code == 404
    response = call(client_for(moderator), "post", f"{path}/restore")
    assert response.status_code == 200
    assert response.json()["is_deleted"] is False
    assert call(client_for(member), "get", path).status_code == 200


def test_restoring_is_for_moderators(client_for, member, question, reply):
    assert call(client_for(member), "post", f"/topics/{question.pk}/restore").status_code == 403
    assert call(client_for(member), "post", f"/replies/{reply.pk}/restore").status_code == 403


def test_revisions_for_the_author_and_moderators_only(
    client_for, member, other_member, moderator, question
):
    services.topic_edit(topic=question, editor=member, title="Agenda question, edited")
    path = f"/topics/{question.pk}/revisions"
    history = call(client_for(member), "get", path).json()
    assert [r["title"] for r in history] == ["Agenda question"]
    assert call(client_for(moderator), "get", path).status_code == 200
    assert call(client_for(other_member), "get", path).status_code == 404


# --- Replies ----------------------------------------------------------------------------------


def test_reply_list(client_for, member, question, reply, moderator):
    child = ReplyFactory(topic=question, parent=reply, author=member)
    gone = ReplyFactory(topic=question, is_deleted=True)
    body = call(client_for(member), "get", f"/topics/{question.pk}/replies").json()
    assert [r["id"] for r in body["items"]] == [reply.pk, child.pk]
    assert body["items"][1]["in_reply_to"]["id"] == reply.author_id
    as_moderator = call(client_for(moderator), "get", f"/topics/{question.pk}/replies").json()
    assert gone.pk in [r["id"] for r in as_moderator["items"]]


def test_reply_list_query_count_does_not_grow_with_rows(client_for, member, question):
    client = client_for(member)
    first = ReplyFactory(topic=question)
    ReplyFactory(topic=question, parent=first)
    call(client, "get", f"/topics/{question.pk}/replies")
    with CaptureQueriesContext(connection) as few:
        call(client, "get", f"/topics/{question.pk}/replies")
    for _ in range(20):
        ReplyFactory(topic=question, parent=first)
    with CaptureQueriesContext(connection) as many:
        assert len(call(client, "get", f"/topics/{question.pk}/replies").json()["items"]) == 22
    assert len(many) == len(few)


def test_reply_pagination(client_for, member, question):
    made = [ReplyFactory(topic=question).pk for _ in range(5)]
    client = client_for(member)
    first = call(client, "get", f"/topics/{question.pk}/replies?limit=3").json()
    rest = call(
        client, "get", f"/topics/{question.pk}/replies?limit=3&cursor={first['next_cursor']}"
    ).json()
    assert [r["id"] for r in first["items"] + rest["items"]] == made
    assert rest["next_cursor"] is None


def test_create_reply(client_for, other_member, question, reply):
    response = call(
        client_for(other_member),
        "post",
        f"/topics/{question.pk}/replies",
        {"body": "Thanks, @marie-member, that worked.", "parent_id": reply.pk},
    )
    assert response.status_code == 201, response.content
    assert response.json()["parent_id"] == reply.pk
    question.refresh_from_db()
    assert question.reply_count == 1  # the factory's reply did not count; this one does


def test_create_reply_rejects_bad_input(client_for, member, other_member, question, public_topic):
    elsewhere = ReplyFactory(topic=public_topic)
    client = client_for(other_member)
    path = f"/topics/{question.pk}/replies"
    for body, field in [
        ({"body": ""}, "body"),
        ({"body": "short"}, "body"),
        ({"body": "A reply long enough", "parent_id": elsewhere.pk}, "parent_id"),
        ({"body": "A reply long enough", "parent_id": 999999}, "parent_id"),
        ({}, "body"),
    ]:
        response = call(client, "post", path, body)
        assert response.status_code == 422, body
        assert error_fields(response) == {field}
    deleted_parent = ReplyFactory(topic=question, is_deleted=True)
    response = call(
        client, "post", path, {"body": "A reply long enough", "parent_id": deleted_parent.pk}
    )
    assert response.status_code == 422
    assert error_fields(response) == {"parent_id"}


def test_edit_and_delete_reply(client_for, member, other_member, moderator, question, reply):
    path = f"/replies/{reply.pk}"
    old_body = reply.body
    assert (
        call(client_for(member), "patch", path, {"body": "Not my reply to edit"}).status_code == 403
    )
    response = call(client_for(other_member), "patch", path, {"body": ""})
    assert response.status_code == 422
    assert error_fields(response) == {"body"}
    response = call(client_for(other_member), "patch", path, {"body": "Open the settings first."})
    assert response.status_code == 200
    assert "settings first" in response.json()["body_html"]
    history = call(client_for(other_member), "get", f"{path}/revisions").json()
    assert [r["body"] for r in history] == [old_body]
    assert call(client_for(member), "get", f"{path}/revisions").status_code == 404

    assert call(client_for(member), "delete", path).status_code == 403
    assert call(client_for(other_member), "delete", path).status_code == 204
    assert (
        call(client_for(other_member), "patch", path, {"body": "Back again, please"}).status_code
        == 404
    )
    response = call(client_for(moderator), "post", f"{path}/restore")
    assert response.status_code == 200
    assert response.json()["is_deleted"] is False


# --- Likes ------------------------------------------------------------------------------------


def test_like_is_idempotent(client_for, other_member, question):
    client = client_for(other_member)
    path = f"/topics/{question.pk}/like"
    assert call(client, "put", path).json() == {"liked": True, "like_count": 1}
    assert call(client, "put", path).json() == {"liked": True, "like_count": 1}
    assert Like.objects.filter(topic=question).count() == 1
    assert call(client, "delete", path).json() == {"liked": False, "like_count": 0}
    assert call(client, "delete", path).json() == {"liked": False, "like_count": 0}


def test_reply_like(client_for, member, question, reply):
    path = f"/replies/{reply.pk}/like"
    assert call(client_for(member), "put", path).json() == {"liked": True, "like_count": 1}
    assert call(client_for(member), "delete", path).json() == {"liked": False, "like_count": 0}


def test_no_like_on_ones_own_post(client_for, member, other_member, question, reply):
    response = call(client_for(member), "put", f"/topics/{question.pk}/like")
    assert response.status_code == 422
    assert error_fields(response) == {"post"}
    response = call(client_for(other_member), "put", f"/replies/{reply.pk}/like")
    assert response.status_code == 422
    assert not Like.objects.exists()


# --- Accepted answers -------------------------------------------------------------------------


def test_asker_accepts_an_answer(client_for, member, question, reply):
    response = call(
        client_for(member), "post", f"/topics/{question.pk}/accept", {"reply_id": reply.pk}
    )
    assert response.status_code == 200, response.content
    assert response.json() == {"accepted_reply_id": reply.pk, "answered_by": "peer"}
    detail = call(client_for(member), "get", f"/topics/{question.pk}").json()
    assert detail["accepted_reply_id"] == reply.pk
    replies = call(client_for(member), "get", f"/topics/{question.pk}/replies").json()["items"]
    assert replies[0]["is_accepted"] is True
    response = call(client_for(member), "delete", f"/topics/{question.pk}/accept")
    assert response.json() == {"accepted_reply_id": None, "answered_by": ""}


def test_accepting_on_someone_elses_question_is_forbidden(
    client_for, other_member, question, reply
):
    response = call(
        client_for(other_member), "post", f"/topics/{question.pk}/accept", {"reply_id": reply.pk}
    )
    assert response.status_code == 403
    assert (
        call(client_for(other_member), "delete", f"/topics/{question.pk}/accept").status_code == 403
    )
    question.refresh_from_db()
    assert question.accepted_reply_id is None


def test_staff_may_accept_for_the_asker(client_for, support_agent, question, reply):
    response = call(
        client_for(support_agent), "post", f"/topics/{question.pk}/accept", {"reply_id": reply.pk}
    )
    assert response.status_code == 200


def test_accept_rejects_a_reply_of_another_topic(client_for, member, question, public_topic):
    elsewhere = ReplyFactory(topic=public_topic)
    path = f"/topics/{question.pk}/accept"
    for reply_id in (elsewhere.pk, 999999):
        response = call(client_for(member), "post", path, {"reply_id": reply_id})
        assert response.status_code == 422
        assert error_fields(response) == {"reply_id"}
    response = call(client_for(member), "post", path, {})
    assert error_fields(response) == {"reply_id"}


# --- Follows ----------------------------------------------------------------------------------


def test_follow_and_unfollow(client_for, other_member, question, spaces):
    client = client_for(other_member)
    assert call(client, "put", f"/follows/topic/{question.pk}").json() == {"following": True}
    assert call(client, "put", f"/follows/topic/{question.pk}").json() == {"following": True}
    public = spaces[Visibility.PUBLIC]
    assert call(client, "put", f"/follows/space/{public.pk}").status_code == 200
    follows = call(client, "get", "/me/follows").json()["items"]
    assert {(f["target_type"], f["name"]) for f in follows} == {
        ("topic", "Agenda question"),
        ("space", public.name),
    }
    assert call(client, "delete", f"/follows/topic/{question.pk}").json() == {"following": False}
    assert Follow.objects.filter(member=other_member).count() == 1


def test_follow_denials(client_for, member, spaces):
    client = client_for(member)
    response = call(client, "put", "/follows/planet/1")
    assert response.status_code == 422
    assert error_fields(response) == {"target_type"}
    response = call(client, "delete", "/follows/planet/1")
    assert error_fields(response) == {"target_type"}
    assert call(client, "put", f"/follows/space/{spaces[Visibility.STAFF].pk}").status_code == 404
    assert call(client, "put", "/follows/topic/999999").status_code == 404


def test_my_follows_query_count_does_not_grow_with_rows(client_for, member, spaces):
    client = client_for(member)
    for _ in range(2):
        services.follow_add(
            member=member,
            target_type="topic",
            target_id=TopicFactory(space=spaces[Visibility.PUBLIC]).pk,
        )
    call(client, "get", "/me/follows")
    with CaptureQueriesContext(connection) as few:
        call(client, "get", "/me/follows")
    for _ in range(15):
        services.follow_add(
            member=member,
            target_type="topic",
            target_id=TopicFactory(space=spaces[Visibility.PUBLIC]).pk,
        )
    with CaptureQueriesContext(connection) as many:
        assert len(call(client, "get", "/me/follows").json()["items"]) == 17
    assert len(many) == len(few)


# --- Support escalation -----------------------------------------------------------------------


def test_asker_and_moderator_escalate(client_for, member, moderator, question, spaces):
    response = call(client_for(member), "post", f"/topics/{question.pk}/escalate")
    assert response.status_code == 200, response.content
    assert response.json()["reason"] == EscalationReason.MEMBER
    assert response.json()["state"] == EscalationState.OPEN
    other = TopicFactory(space=spaces[Visibility.MEMBERS])
    response = call(client_for(moderator), "post", f"/topics/{other.pk}/escalate")
    assert response.json()["reason"] == EscalationReason.MODERATOR


def test_escalation_denials(client_for, other_member, member, question, public_topic):
    assert (
        call(client_for(other_member), "post", f"/topics/{question.pk}/escalate").status_code == 403
    )
    response = call(client_for(other_member), "post", f"/topics/{public_topic.pk}/escalate")
    assert response.status_code == 403  # not the asker; and a discussion anyway
    own_discussion = TopicFactory(space=question.space, author=member, kind=TopicKind.DISCUSSION)
    response = call(client_for(member), "post", f"/topics/{own_discussion.pk}/escalate")
    assert response.status_code == 403
    assert not Escalation.objects.exists()


def test_support_queue_is_for_staff(client_for, member, support_agent, question):
    services.escalation_raise(topic=question, actor=member, reason=EscalationReason.MEMBER)
    assert call(client_for(member), "get", "/support/queue").status_code == 403
    body = call(client_for(support_agent), "get", "/support/queue").json()
    assert [e["topic"]["id"] for e in body["items"]] == [question.pk]
    assert (
        call(client_for(support_agent), "get", "/support/queue?state=resolved").json()["items"]
        == []
    )
    response = call(client_for(support_agent), "get", "/support/queue?state=lost")
    assert response.status_code == 422
    assert error_fields(response) == {"state"}


def test_support_queue_query_count_does_not_grow_with_rows(client_for, support_agent, spaces):
    client = client_for(support_agent)

    def escalate(count: int) -> None:
        for _ in range(count):
            topic = TopicFactory(space=spaces[Visibility.MEMBERS])
            escalation = services.escalation_raise(topic=topic, actor=None, reason="automatic")
            services.escalation_assign(
                escalation=escalation, agent=support_agent, actor=support_agent
            )

    escalate(2)
    call(client, "get", "/support/queue")
    with CaptureQueriesContext(connection) as few:
        call(client, "get", "/support/queue")
    escalate(15)
    with CaptureQueriesContext(connection) as many:
        assert len(call(client, "get", "/support/queue").json()["items"]) == 17
    assert len(many) == len(few)


def test_support_update(client_for, member, other_member, support_agent, question):
    escalation = services.escalation_raise(
        topic=question, actor=member, reason=EscalationReason.MEMBER
    )
    path = f"/support/escalations/{escalation.pk}"
    client = client_for(support_agent)
    assert call(client_for(member), "patch", path, {"state": "resolved"}).status_code == 403
    response = call(client, "patch", path, {"assigned_to": support_agent.pk})
    assert response.status_code == 200, response.content
    assert response.json()["assigned_to"]["id"] == support_agent.pk
    for body, field in [
        ({"assigned_to": other_member.pk}, "assigned_to"),
        ({"assigned_to": 999999}, "assigned_to"),
        ({"state": "lost"}, "state"),
        ({"state": None}, "state"),
    ]:
        response = call(client, "patch", path, body)
        assert response.status_code == 422, body
        assert error_fields(response) == {field}
    response = call(client, "patch", path, {"state": "resolved", "assigned_to": None})
    assert response.json()["state"] == "resolved"
    assert response.json()["assigned_to"] is None
    assert response.json()["resolved_at"] is not None
    assert (
        call(client, "patch", "/support/escalations/999999", {"state": "open"}).status_code == 404
    )


# --- Articles ---------------------------------------------------------------------------------


def test_article_helpful_vote(client_for, member, other_member, expert, spaces, question):
    article = TopicFactory(space=spaces[Visibility.MEMBERS], author=expert, kind=TopicKind.ARTICLE)
    path = f"/topics/{article.pk}/helpful"
    response = call(client_for(member), "put", path, {"helpful": True})
    assert response.json() == {"helpful": True, "helpful_yes": 1, "helpful_no": 0}
    response = call(client_for(member), "put", path, {"helpful": False})
    assert response.json() == {"helpful": False, "helpful_yes": 0, "helpful_no": 1}
    response = call(client_for(other_member), "put", path, {"helpful": False})
    assert response.json() == {"helpful": False, "helpful_yes": 0, "helpful_no": 2}
    response = call(client_for(member), "put", path, {})
    assert response.status_code == 422
    assert error_fields(response) == {"helpful"}
    response = call(client_for(member), "put", f"/topics/{question.pk}/helpful", {"helpful": True})
    assert response.status_code == 422
    assert error_fields(response) == {"topic"}


# --- Uploads ----------------------------------------------------------------------------------


def test_upload_picture(client_for, member):
    response = client_for(member).post(f"{API}/uploads", {"file": png_file()})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["url"].startswith("/media/uploads/")
    assert body["markdown"] == f"![]({body['url']})"
    assert (body["width"], body["height"]) == (12, 8)


def test_upload_rejects_what_is_not_a_picture(client_for, member):
    fake = io.BytesIO(b"<script>alert(1)</script>")
    fake.name = "picture.png"
    response = client_for(member).post(f"{API}/uploads", {"file": fake})
    assert response.status_code == 422
    assert error_fields(response) == {"file"}
    response = client_for(member).post(f"{API}/uploads", {})
    assert response.status_code == 422
    assert error_fields(response) == {"file"}
