"""The forum's web pages: who sees what, forms, htmx actions and a fixed query count."""

from __future__ import annotations

import pytest

from ruche.accounts.tests.factories import ProductAreaFactory, UserFactory
from ruche.forum import services
from ruche.forum.models import (
    Follow,
    TopicKind,
)
from ruche.spaces.models import Visibility

from .views_helpers import BODY, HTMX, _count_queries, _no_newcomer_limits, _reply, _topic  # noqa: F401 (an autouse fixture)

pytestmark = pytest.mark.django_db


# --- Lists --------------------------------------------------------------------------------------


def test_forum_shows_anonymous_only_public_topics(spaces, member, client_for):
    _topic(member, spaces[Visibility.PUBLIC], title="Public question about agenda")
    _topic(member, spaces[Visibility.MEMBERS], title="Members question about billing")

    anonymous = client_for(None).get("/forum/")
    signed_in = client_for(member).get("/forum/")

    assert anonymous.status_code == 200
    assert "Public question about agenda" in anonymous.text
    assert "Members question about billing" not in anonymous.text
    assert "Members question about billing" in signed_in.text


def test_forum_tabs_and_filters(spaces, member, other_member, client_for):
    space = spaces[Visibility.PUBLIC]
    unanswered = _topic(member, space, title="Nobody answered this yet")
    answered = _topic(member, space, title="Somebody answered this one")
    _reply(other_member, answered)
    _topic(member, space, kind=TopicKind.DISCUSSION, title="A discussion about workflows")
    client = client_for(member)

    page = client.get("/forum/?order=unanswered").text
    assert unanswered.title in page
    assert answered.title not in page

    page = client.get("/forum/?kind=discussion").text
    assert "A discussion about workflows" in page
    assert unanswered.title not in page

    page = client.get("/forum/?order=top&period=week").text
    assert answered.title in page

    page = client.get(f"/forum/?space={space.slug}").text
    assert answered.title in page


def test_forum_answered_badge_says_who_answered(spaces, member, other_member, client_for):
    topic = _topic(member, spaces[Visibility.PUBLIC])
    reply = _reply(other_member, topic)
    services.answer_accept(topic=topic, reply=reply, actor=member)

    page = client_for(None).get("/forum/").text

    assert "Answered by a fellow member" in page


def test_forum_unknown_space_filter_is_404_for_anonymous(spaces, client_for):
    assert client_for(None).get("/forum/?space=staff-space").status_code == 404
    assert client_for(None).get("/forum/?cursor=garbage").status_code == 404


def test_more_link_loads_the_next_rows_with_htmx(spaces, member, client_for, settings):
    settings.RUCHE = {**settings.RUCHE, "TOPICS_PER_PAGE": 2}
    for number in range(3):
        _topic(member, spaces[Visibility.PUBLIC], title=f"Question number {number}")
    client = client_for(member)

    first = client.get("/forum/")
    assert "More topics" in first.text
    cursor = first.context["page"].next_cursor
    rest = client.get(f"/forum/?cursor={cursor}", **HTMX)

    assert "<html" not in rest.text
    assert "Question number 0" in rest.text
    assert "Question number 2" not in rest.text


def test_forum_query_count_does_not_grow_with_topics(spaces, member, other_member, client_for):
    client = client_for(member)
    area = ProductAreaFactory()

    def add(count: int) -> None:
        for number in range(count):
            topic = _topic(
                other_member,
                spaces[Visibility.MEMBERS],
                title=f"Question about the agenda {number}",
                tags=["agenda", f"tag-{number}"],
                product_area=area,
            )
            _reply(member, topic)

    add(3)
    few = _count_queries(client, "/forum/")
    add(27)
    many = _count_queries(client, "/forum/")

    assert few == many


def test_tag_and_area_pages_list_their_topics_with_a_follow_button(spaces, member, client_for):
    area = ProductAreaFactory(slug="agenda")
    _topic(member, spaces[Visibility.PUBLIC], tags=["SMS"], product_area=area)
    _topic(member, spaces[Visibility.PUBLIC], title="Something else entirely")
    client = client_for(member)

    tag_page = client.get("/forum/tags/sms/")
    area_page = client.get("/forum/areas/agenda/")

    assert tag_page.status_code == area_page.status_code == 200
    assert "SMS reminders stopped" in tag_page.text
    assert "Something else entirely" not in tag_page.text
    assert "SMS reminders stopped" in area_page.text
    assert "Follow" in tag_page.text
    assert "Follow" in area_page.text
    assert client.get("/forum/tags/unknown/").status_code == 404


def test_inactive_area_is_404_for_members(member, client_for):
    ProductAreaFactory(slug="retired", is_active=False)
    assert client_for(member).get("/forum/areas/retired/").status_code == 404


def test_space_page_lists_its_topics_and_offers_a_new_topic(spaces, member, client_for):
    _topic(member, spaces[Visibility.PUBLIC], title="Question in the public space")
    _topic(member, spaces[Visibility.MEMBERS], title="Question in the members space")

    page = client_for(member).get("/spaces/public-space/")
    anonymous = client_for(None).get("/spaces/public-space/")

    assert "Question in the public space" in page.text
    assert "Question in the members space" not in page.text
    assert "/forum/new/?space=public-space" in page.text
    assert "/forum/new/?space=public-space" not in anonymous.text


# --- Follow -------------------------------------------------------------------------------------


def test_follow_a_space_with_htmx_and_stop(spaces, member, client_for):
    space = spaces[Visibility.PUBLIC]
    client = client_for(member)
    url = f"/forum/follow/space/{space.pk}/"

    response = client.post(url, {"action": "follow"}, **HTMX)
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.text
    assert Follow.objects.filter(member=member, target_type="space", target_id=space.pk).exists()

    client.post(url, {"action": "unfollow"}, **HTMX)
    assert not Follow.objects.filter(member=member, target_type="space").exists()


def test_follow_a_hidden_space_is_404_and_anonymous_403(spaces, member, client_for):
    staff_space = spaces[Visibility.STAFF]
    assert client_for(member).post(f"/forum/follow/space/{staff_space.pk}/").status_code == 404
    public = spaces[Visibility.PUBLIC]
    assert client_for(None).post(f"/forum/follow/space/{public.pk}/").status_code == 403


# --- Topic page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("visibility", [Visibility.MEMBERS, Visibility.PROGRAMME, Visibility.STAFF])
def test_anonymous_gets_404_for_private_topics(spaces, support_agent, client_for, visibility):
    topic = _topic(support_agent, spaces[visibility])
    assert client_for(None).get(f"/forum/t/{topic.pk}/").status_code == 404


def test_member_gets_404_for_staff_and_programme_topics(spaces, support_agent, member, client_for):
    for visibility in (Visibility.PROGRAMME, Visibility.STAFF):
        topic = _topic(support_agent, spaces[visibility])
        assert client_for(member).get(f"/forum/t/{topic.pk}/").status_code == 404


def test_public_topic_renders_for_anonymous_without_actions(spaces, member, client_for):
    topic = _topic(member, spaces[Visibility.PUBLIC])
    page = client_for(None).get(f"/forum/t/{topic.pk}/")

    assert page.status_code == 200
    assert topic.title in page.text
    assert "Post my reply" not in page.text
    assert "disabled" in page.text  # the like button


def test_question_shows_accepted_answer_on_top(spaces, member, support_agent, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    _reply(support_agent, topic, body="Reinstall the reminder module, please.")
    answer = _reply(support_agent, topic, body="Open Settings then Reminders then Enable.")
    services.answer_accept(topic=topic, reply=answer, actor=member)

    page = client_for(member).get(f"/forum/t/{topic.pk}/").text

    accepted = page.index('class="accepted-answer"')
    assert "Answered by the staff" in page
    assert page.index("Open Settings then Reminders", accepted) < page.index("Reinstall the")
    assert "Support agent" in page  # the role badge of the staff reply


def test_article_shows_summary_reading_time_contents_and_helpful(
    spaces, support_agent, member, client_for
):
    topic = _topic(
        support_agent,
        spaces[Visibility.MEMBERS],
        kind=TopicKind.ARTICLE,
        title="Set up SMS reminders",
        body="## Before you start\n\nText.\n\n## Turn them on\n\nMore text here.",
        summary="Everything about reminders.",
    )
    page = client_for(member).get(f"/forum/t/{topic.pk}/").text

    assert "Everything about reminders." in page
    assert "minute read" in page
    assert 'href="#h-before-you-start"' in page
    assert "Was this helpful?" in page

    response = client_for(member).post(f"/forum/t/{topic.pk}/helpful/", {"helpful": "yes"}, **HTMX)
    assert response.status_code == 200
    topic.refresh_from_db()
    assert topic.helpful_yes == 1


def test_testimonial_is_styled_as_a_story(spaces, member, client_for):
    topic = _topic(
        member, spaces[Visibility.MEMBERS], kind=TopicKind.TESTIMONIAL, title="How we cut no-shows"
    )
    page = client_for(member).get(f"/forum/t/{topic.pk}/").text
    assert "topic-testimonial" in page


def test_body_html_is_sanitized_and_text_escaped(spaces, member, client_for):
    topic = _topic(
        member,
        spaces[Visibility.MEMBERS],
        title="<script>alert(1)</script> in title",
        body="Hello <script>alert(2)</script> **bold** text.",
    )
    page = client_for(member).get(f"/forum/t/{topic.pk}/").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)" in page
    assert "<strong>bold</strong>" in page


def test_reply_to_a_reply_links_to_it(spaces, member, other_member, client_for):
    topic = _topic(member, spaces[Visibility.MEMBERS])
    first = _reply(other_member, topic)
    _reply(member, topic, body="Thanks, where exactly is that?", parent=first)

    page = client_for(member).get(f"/forum/t/{topic.pk}/").text

    assert f'href="#reply-{first.pk}"' in page
    assert "In reply to Olivier Other" in page


@pytest.mark.parametrize("viewer_name", ["member", "moderator", None])
def test_topic_page_query_count_does_not_grow_with_replies(
    request, spaces, member, other_member, moderator, client_for, viewer_name
):
    viewer = request.getfixturevalue(viewer_name) if viewer_name else None
    topic = _topic(member, spaces[Visibility.PUBLIC])  # the member is the asker: accept buttons
    authors = [other_member, moderator, UserFactory(), UserFactory()]

    def add(count: int) -> None:
        for number in range(count):
            parent = topic.replies.order_by("-id").first() if number % 2 else None
            author = authors[number % len(authors)]
            _reply(author, topic, body=f"Reply number {number} here.", parent=parent)

    add(5)
    client = client_for(viewer)
    few = _count_queries(client, f"/forum/t/{topic.pk}/")
    add(35)
    many = _count_queries(client, f"/forum/t/{topic.pk}/")

    assert few == many


def test_replies_are_paginated(spaces, member, other_member, client_for, settings):
    settings.RUCHE = {**settings.RUCHE, "REPLIES_PER_PAGE": 2}
    topic = _topic(member, spaces[Visibility.MEMBERS])
    for number in range(3):
        _reply(other_member, topic, body=f"Reply number {number} here.")
    client = client_for(member)

    first = client.get(f"/forum/t/{topic.pk}/")
    assert "Reply number 2" not in first.text
    cursor = first.context["page"].next_cursor
    rest = client.get(f"/forum/t/{topic.pk}/?cursor={cursor}", **HTMX)
    assert "Reply number 2" in rest.text
    assert "<html" not in rest.text
