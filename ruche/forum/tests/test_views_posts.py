"""Forum pages, continued (replies, likes, answers, edits, new topics, uploads, support queue): The forum's web pages: who sees what, forms, htmx actions and a fixed query count."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from PIL import Image

from ruche.accounts.models import ProfileVisibility
from ruche.accounts.roles import Role
from ruche.accounts.tests.factories import UserFactory, member_with_role
from ruche.forum import services
from ruche.forum.models import (
    AnsweredBy,
    Escalation,
    EscalationState,
    Follow,
    FollowTarget,
    Revision,
    Topic,
    TopicKind,
)
from ruche.spaces.models import Visibility

from .views_helpers import BODY, HTMX, _count_queries, _no_newcomer_limits, _reply, _topic  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.django_db


# --- Replies ------------------------------------------------------------------------------------


def test_reply_form_posts_a_reply(spaces, member, other_member, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    response = client_for(other_member).post(
        f"/forum/t/{topic.pk}/reply/", {"body": "Have you tried turning it off and on?"}
    )
    reply = topic.replies.get()
    assert response.status_code == 302
    assert response["Location"] == f"/forum/t/{topic.pk}/#reply-{reply.pk}"


def test_reply_errors_keep_the_text(spaces, member, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    response = client_for(member).post(f"/forum/t/{topic.pk}/reply/", {"body": "Too short"})
    assert response.status_code == 422
    assert "The text must be" in response.text
    assert "Too short</textarea>" in response.text
    assert not topic.replies.exists()


def test_anonymous_cannot_reply(spaces, member, client_for):
    topic = _topic(member, spaces[Visibility.PUBLIC])
    response = client_for(None).post(f"/forum/t/{topic.pk}/reply/", {"body": BODY})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not topic.replies.exists()


def test_quote_prefills_the_reply_form(spaces, member, other_member, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    reply = _reply(other_member, topic, body="First line.\nSecond line.")

    page = client_for(member).get(f"/forum/t/{topic.pk}/?quote={reply.pk}")

    assert page.context["reply_form"].initial["body"] == "> First line.\n> Second line.\n\n"
    assert page.context["reply_form"].initial["parent"] == reply.pk


# --- Likes --------------------------------------------------------------------------------------


def test_like_with_htmx_updates_the_count_once(spaces, member, other_member, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    reply = _reply(member, topic)
    client = client_for(other_member)

    first = client.post(f"/forum/r/{reply.pk}/like/", {"action": "like"}, **HTMX)
    second = client.post(f"/forum/r/{reply.pk}/like/", {"action": "like"}, **HTMX)

    assert first.status_code == second.status_code == 200
    assert "1 like" in first.text
    assert 'aria-pressed="true"' in first.text
    assert "1 like" in second.text
    reply.refresh_from_db()
    assert reply.like_count == 1

    taken_back = client.post(f"/forum/r/{reply.pk}/like/", {"action": "unlike"}, **HTMX)
    assert "0 likes" in taken_back.text
    # The swapped-in button still posts to the like URL (it once lost it: a second click failed).
    assert f'hx-post="/forum/r/{reply.pk}/like/"' in taken_back.text
    assert 'value="like"' in taken_back.text
    assert "csrfmiddlewaretoken" in taken_back.text


def test_like_own_post_or_anonymous_is_refused(spaces, member, client_for):
    topic = _topic(member, spaces[Visibility.PUBLIC])
    assert client_for(member).post(f"/forum/t/{topic.pk}/like/", **HTMX).status_code == 403
    assert client_for(None).post(f"/forum/t/{topic.pk}/like/", **HTMX).status_code == 403
    topic.refresh_from_db()
    assert topic.like_count == 0


def test_like_on_a_hidden_topic_is_404(spaces, support_agent, member, client_for):
    topic = _topic(support_agent, spaces[Visibility.STAFF])
    assert client_for(member).post(f"/forum/t/{topic.pk}/like/").status_code == 404


# --- Accepting answers and escalation -----------------------------------------------------------


def test_asker_accepts_an_answer(spaces, member, other_member, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    reply = _reply(other_member, topic)
    page = client_for(member).get(f"/forum/t/{topic.pk}/").text
    assert "Accept as answer" in page

    response = client_for(member).post(f"/forum/r/{reply.pk}/accept/")

    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.accepted_reply_id == reply.pk
    assert topic.answered_by == AnsweredBy.PEER


def test_member_cannot_accept_on_someone_elses_question(spaces, member, other_member, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    reply = _reply(member, topic)
    third = UserFactory()
    assert "Accept as answer" not in client_for(third).get(f"/forum/t/{topic.pk}/").text

    response = client_for(third).post(f"/forum/r/{reply.pk}/accept/")

    assert response.status_code == 403
    topic.refresh_from_db()
    assert topic.accepted_reply_id is None


def test_asker_escalates_and_other_members_cannot(spaces, member, other_member, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    assert "t get this to work" in client_for(member).get(f"/forum/t/{topic.pk}/").text

    assert client_for(other_member).post(f"/forum/t/{topic.pk}/escalate/").status_code == 403
    assert client_for(member).post(f"/forum/t/{topic.pk}/escalate/").status_code == 302

    escalation = Escalation.objects.get(topic=topic)
    assert escalation.reason == "member"


def test_moderator_escalates(spaces, member, moderator, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    assert "Escalate to support" in client_for(moderator).get(f"/forum/t/{topic.pk}/").text
    client_for(moderator).post(f"/forum/t/{topic.pk}/escalate/")
    assert Escalation.objects.get(topic=topic).reason == "moderator"


# --- Editing, deleting, history -----------------------------------------------------------------


def test_author_edits_and_sees_history(spaces, member, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    client = client_for(member)
    assert client.get(f"/forum/t/{topic.pk}/edit/").status_code == 200

    response = client.post(
        f"/forum/t/{topic.pk}/edit/",
        {
            "title": "SMS reminders stopped after update",
            "body": BODY + " Edited.",
            "tags": "",
            "reason": "typo",
        },
    )

    assert response.status_code == 302
    assert Revision.objects.filter(topic=topic, reason="typo").exists()
    history = client.get(f"/forum/t/{topic.pk}/history/")
    assert history.status_code == 200
    assert "SMS reminders stopped" in history.text
    assert "typo" in history.text


def test_edit_errors_keep_the_text(spaces, member, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    response = client_for(member).post(
        f"/forum/t/{topic.pk}/edit/", {"title": "Short", "body": "My kept body text here."}
    )
    assert response.status_code == 422
    assert "The title must be" in response.text
    assert "My kept body text here.</textarea>" in response.text


def test_others_cannot_edit_nor_see_history(spaces, member, other_member, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    reply = _reply(member, topic)
    client = client_for(other_member)

    assert client.get(f"/forum/t/{topic.pk}/edit/").status_code == 403
    assert client.get(f"/forum/r/{reply.pk}/edit/").status_code == 403
    assert client.get(f"/forum/t/{topic.pk}/history/").status_code == 404
    assert client.get(f"/forum/r/{reply.pk}/history/").status_code == 404


def test_moderator_sees_history_and_edits_a_reply(spaces, member, moderator, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    reply = _reply(member, topic)
    client = client_for(moderator)

    response = client.post(
        f"/forum/r/{reply.pk}/edit/",
        {"body": "Removed a phone number from this reply.", "reason": "privacy"},
    )

    assert response.status_code == 302
    assert client.get(f"/forum/r/{reply.pk}/history/").status_code == 200


def test_delete_then_moderator_restores(spaces, member, other_member, moderator, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    assert client_for(other_member).post(f"/forum/t/{topic.pk}/delete/").status_code == 403

    assert client_for(member).post(f"/forum/t/{topic.pk}/delete/").status_code == 302
    assert client_for(other_member).get(f"/forum/t/{topic.pk}/").status_code == 404
    page = client_for(moderator).get(f"/forum/t/{topic.pk}/")
    assert page.status_code == 200
    assert "Restore" in page.text
    assert client_for(member).post(f"/forum/t/{topic.pk}/restore/").status_code == 404

    client_for(moderator).post(f"/forum/t/{topic.pk}/restore/")
    topic.refresh_from_db()
    assert not topic.is_deleted


def test_reply_delete_and_restore(spaces, member, other_member, moderator, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    reply = _reply(other_member, topic, body="A reply that will be deleted.")
    client_for(other_member).post(f"/forum/r/{reply.pk}/delete/")

    assert (
        "A reply that will be deleted." not in client_for(member).get(topic.get_absolute_url()).text
    )
    assert (
        "A reply that will be deleted." in client_for(moderator).get(topic.get_absolute_url()).text
    )
    client_for(moderator).post(f"/forum/r/{reply.pk}/restore/")
    reply.refresh_from_db()
    assert not reply.is_deleted


# --- New topic ----------------------------------------------------------------------------------


def test_new_topic_page_and_publish(spaces, member, client_for):
    client = client_for(member)
    page = client.get("/forum/new/?space=members-space&kind=question")
    assert page.status_code == 200
    assert 'hx-get="/forum/similar/"' in page.text
    spaces_offered = set(
        page.context["form"].fields["space"].queryset.values_list("slug", flat=True)
    )
    assert spaces_offered == {"public-space", "members-space"}
    kinds = dict(page.context["form"].fields["kind"].choices)
    assert TopicKind.ARTICLE not in kinds

    response = client.post(
        "/forum/new/",
        {
            "space": spaces[Visibility.MEMBERS].pk,
            "kind": "question",
            "title": "How do I export my agenda?",
            "body": BODY,
            "tags": "agenda, export",
        },
    )

    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == topic.get_absolute_url()
    assert sorted(topic.tags.values_list("slug", flat=True)) == ["agenda", "export"]


def test_new_topic_errors_keep_what_was_typed(spaces, member, client_for):
    response = client_for(member).post(
        "/forum/new/",
        {
            "space": spaces[Visibility.MEMBERS].pk,
            "kind": "question",
            "title": "Short",
            "body": "The body I typed carefully",
            "tags": "one, two",
        },
    )
    assert response.status_code == 422
    assert "The title must be" in response.text
    assert 'value="Short"' in response.text
    assert "The body I typed carefully</textarea>" in response.text
    assert not Topic.objects.exists()


def test_member_cannot_start_an_article_nor_post_in_staff_space(spaces, member, client_for):
    client = client_for(member)
    article = client.post(
        "/forum/new/",
        {
            "space": spaces[Visibility.MEMBERS].pk,
            "kind": "article",
            "title": "My own article",
            "body": BODY,
        },
    )
    staff = client.post(
        "/forum/new/",
        {
            "space": spaces[Visibility.STAFF].pk,
            "kind": "question",
            "title": "A staff question",
            "body": BODY,
        },
    )
    assert article.status_code == staff.status_code == 422
    assert not Topic.objects.exists()
    assert client.get("/forum/new/?space=staff-space").status_code == 404


def test_expert_may_start_an_article(spaces, client_for):
    expert = member_with_role(Role.EXPERT)
    page = client_for(expert).get("/forum/new/?kind=article")
    assert TopicKind.ARTICLE in dict(page.context["form"].fields["kind"].choices)


def test_newcomer_limit_is_a_form_error(spaces, member, client_for, settings):
    settings.RUCHE = {**settings.RUCHE, "NEWCOMER_MAX_LINKS": 1}
    body = "See https://a.example.org and https://b.example.org and https://c.example.org now."
    response = client_for(member).post(
        "/forum/new/",
        {
            "space": spaces[Visibility.MEMBERS].pk,
            "kind": "discussion",
            "title": "Many links here",
            "body": body,
        },
    )
    assert response.status_code == 422
    assert "New members may include at most 1 links" in response.text


def test_new_topic_needs_sign_in(spaces, client_for):
    response = client_for(None).get("/forum/new/")
    assert response.status_code == 302


def test_similar_endpoint_answers_a_fragment(spaces, member, client_for):
    response = client_for(member).get("/forum/similar/?title=SMS+reminders", **HTMX)
    assert response.status_code == 200
    assert "<html" not in response.text


# --- Uploads ------------------------------------------------------------------------------------


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(buffer, format="PNG")
    return SimpleUploadedFile("shot.png", buffer.getvalue(), content_type="image/png")


def test_upload_returns_markdown(member, client_for):
    response = client_for(member).post("/forum/uploads/", {"file": _png()})
    assert response.status_code == 200
    data = response.json()
    assert data["url"].startswith("/media/uploads/")
    assert data["markdown"] == f"![]({data['url']})"


def test_upload_refuses_anonymous_and_non_pictures(member, client_for):
    assert client_for(None).post("/forum/uploads/", {"file": _png()}).status_code == 403
    fake = SimpleUploadedFile("x.png", b"not a picture", content_type="image/png")
    response = client_for(member).post("/forum/uploads/", {"file": fake})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"


# --- Support queue ------------------------------------------------------------------------------


def test_support_queue_is_404_for_anonymous_and_members(member, client_for):
    assert client_for(None).get("/forum/support/").status_code == 404
    assert client_for(member).get("/forum/support/").status_code == 404


def test_support_queue_lists_old_questions_the_scheduler_escalated(
    spaces, support_agent, client_for, segment
):
    asker = UserFactory(display_name="Nora Nurse", segment=segment, organisation="Clinique du Lac")
    topic = _topic(asker, spaces[Visibility.MEMBERS], title="Nobody answers my question")
    Topic.objects.filter(pk=topic.pk).update(created_at=timezone.now() - timedelta(days=3))
    client = client_for(support_agent)

    # Reading the queue writes nothing, even where tasks run inline (no write on a GET).
    assert client.get("/forum/support/").status_code == 200
    assert not Escalation.objects.filter(topic=topic).exists()

    call_command("escalate_unanswered")  # what Celery beat runs
    page = client.get("/forum/support/")

    assert page.status_code == 200
    assert "Nobody answers my question" in page.text
    assert "Clinique du Lac" in page.text
    assert "Nurse" in page.text
    assert Escalation.objects.get(topic=topic).reason == "automatic"


def test_support_queue_lists_every_agent_to_staff_whatever_their_profile(
    spaces, member, support_agent, client_for
):
    services.escalation_raise(topic=_topic(member, spaces[Visibility.MEMBERS]), actor=member,
                              reason="member")  # fmt: skip
    hidden = {
        visibility: member_with_role(
            Role.SUPPORT_AGENT, display_name=f"Agent {visibility}", profile_visibility=visibility
        )
        for visibility in (ProfileVisibility.MEMBERS, ProfileVisibility.PRIVATE)
    }
    page = client_for(support_agent).get("/forum/support/").text
    for agent in hidden.values():
        assert f'<option value="{agent.pk}"' in page


def test_support_agent_takes_and_resolves(spaces, member, support_agent, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    escalation = services.escalation_raise(topic=topic, actor=member, reason="member")
    client = client_for(support_agent)

    client.post(f"/forum/support/{escalation.pk}/", {"take": "1"})
    client.post(f"/forum/support/{escalation.pk}/", {"state": EscalationState.RESOLVED})

    escalation.refresh_from_db()
    assert escalation.assigned_to == support_agent
    assert escalation.state == EscalationState.RESOLVED
    assert "Nobody answers" not in client.get("/forum/support/").text
    assert topic.title in client.get("/forum/support/?state=resolved").text
    assert (
        client_for(member).post(f"/forum/support/{escalation.pk}/", {"take": "1"}).status_code
        == 404
    )


# --- Mentions -----------------------------------------------------------------------------------


def test_mention_link_redirects_to_the_member(member, client_for):
    member.refresh_from_db()
    response = client_for(member).get(f"/members/@{member.handle}/")
    assert response.status_code == 302
    assert response["Location"] == f"/members/{member.pk}/"
    assert client_for(member).get("/members/@nobody-here/").status_code == 404


def test_mention_of_a_hidden_member_is_404(member, client_for):
    member.refresh_from_db()
    member.profile_visibility = ProfileVisibility.MEMBERS
    member.save()
    assert client_for(None).get(f"/members/@{member.handle}/").status_code == 404


def test_follow_button_state_on_topic(spaces, member, other_member, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    assert Follow.objects.filter(member=member, target_type=FollowTarget.TOPIC).exists()
    page = client_for(member).get(f"/forum/t/{topic.pk}/").text
    assert "Stop following" in page
    assert "Stop following" not in client_for(other_member).get(f"/forum/t/{topic.pk}/").text
