"""The anonymous page cache: visitors who are not signed in may get a page a few seconds old,
members never do, and nothing that became hidden stays visible from the cache."""

from __future__ import annotations

import pytest
from django.db.models import F
from django.test import Client

from ruche.forum.models import Topic
from ruche.forum.tests.factories import ReplyFactory, TopicFactory
from ruche.spaces.models import Visibility


@pytest.fixture(autouse=True)
def _cache_on(settings):
    settings.RUCHE = {**settings.RUCHE, "ANONYMOUS_CACHE_SECONDS": 30}


@pytest.fixture
def topic(spaces):
    return TopicFactory(space=spaces[Visibility.PUBLIC], title="Agenda colours per practitioner")


def _likes(response) -> str:
    return response.content.decode()


def test_anonymous_visitors_get_a_recent_copy(client, topic):
    first = client.get(topic.get_absolute_url())
    assert first["X-Anonymous-Cache"] == "miss"
    Topic.objects.filter(pk=topic.pk).update(like_count=F("like_count") + 7)

    second = client.get(topic.get_absolute_url())
    assert second["X-Anonymous-Cache"] == "hit"
    assert second.content == first.content  # the like (no invalidation) shows later
    assert "7 likes" not in second.content.decode()


def test_members_always_get_the_current_page(client_for, member, topic):
    client_for(None).get(topic.get_absolute_url())
    Topic.objects.filter(pk=topic.pk).update(like_count=F("like_count") + 7)

    page = client_for(member).get(topic.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "X-Anonymous-Cache" not in page
    assert "7 likes" in page.content.decode()


def test_each_language_has_its_own_copy(client, topic):
    english = client.get("/forum/", HTTP_ACCEPT_LANGUAGE="en")
    french = Client().get("/forum/", HTTP_ACCEPT_LANGUAGE="fr")
    assert english["X-Anonymous-Cache"] == french["X-Anonymous-Cache"] == "miss"
    assert '<html lang="en"' in english.content.decode()
    assert '<html lang="fr"' in french.content.decode()


def test_a_space_made_private_is_hidden_at_once(
    client, topic, spaces, django_capture_on_commit_callbacks
):
    assert client.get(topic.get_absolute_url()).status_code == 200
    assert topic.title in client.get("/forum/").content.decode()

    space = spaces[Visibility.PUBLIC]
    space.visibility = Visibility.STAFF
    with django_capture_on_commit_callbacks(execute=True):
        space.save()

    assert client.get(topic.get_absolute_url()).status_code == 404
    assert topic.title not in client.get("/forum/").content.decode()


def test_a_deleted_reply_is_hidden_at_once(
    client, topic, moderator, django_capture_on_commit_callbacks
):
    from ruche.forum.services import reply_delete

    reply = ReplyFactory(topic=topic, body="Call me on my private number 06 12 34 56 78")
    Topic.objects.filter(pk=topic.pk).update(reply_count=1)
    assert "private number" in client.get(topic.get_absolute_url()).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        reply_delete(actor=moderator, reply=reply)

    assert "private number" not in client.get(topic.get_absolute_url()).content.decode()


def test_anonymous_language_switch_needs_no_token_but_a_members_does(member):
    anonymous = Client(enforce_csrf_checks=True)
    response = anonymous.post("/language/", {"language": "en", "next": "/"})
    assert response.status_code == 302

    signed_in = Client(enforce_csrf_checks=True)
    signed_in.force_login(member)
    assert signed_in.post("/language/", {"language": "en", "next": "/"}).status_code == 403
    member.refresh_from_db()
    assert member.ui_language != "en"
