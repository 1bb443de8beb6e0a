"""The forum API: each endpoint's success and its denials (401, 404, 403, 422), fixed query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ruche.accounts.roles import Role
from ruche.accounts.tests.factories import ProductAreaFactory, SpaceFactory
from ruche.activity.models import Activity
from ruche.forum import services
from ruche.forum.models import (
    Follow,
    Like,
    Revision,
    Topic,
)
from ruche.spaces.models import PostingPolicy, Visibility

from .api_helpers import API, call, error_fields, new_topic_body, png_file
from .factories import ReplyFactory, TagFactory, TopicFactory

pytestmark = pytest.mark.django_db


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
