"""The forum API (replies, likes, answers, follows, escalation, articles, uploads): each endpoint's
success and its denials, fixed query counts."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ruche.forum import services
from ruche.forum.models import (
    Escalation,
    EscalationReason,
    EscalationState,
    Follow,
    Like,
    TopicKind,
)
from ruche.spaces.models import Visibility

from .api_helpers import API, call, error_fields, png_file
from .factories import ReplyFactory, TopicFactory

pytestmark = pytest.mark.django_db


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
