"""Cached parts of pages (each reply's head, each topic row) follow what they show."""

from __future__ import annotations

import pytest

from ruche.forum import services
from ruche.forum.tests.factories import ReplyFactory, TopicFactory
from ruche.spaces.models import Visibility

pytestmark = pytest.mark.django_db


def test_members_see_an_edit_and_an_accepted_answer_at_once(client_for, member, spaces):
    topic = TopicFactory(space=spaces[Visibility.PUBLIC], author=member)
    reply = ReplyFactory(topic=topic, body="Redémarrez le poste.")
    reader = client_for(member)
    page = reader.get(topic.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Redémarrez le poste." in page
    assert "Accepted answer" not in page

    services.reply_edit(editor=reply.author, reply=reply, body="Videz le cache du navigateur.")
    services.answer_accept(actor=member, topic=topic, reply=reply)

    page = reader.get(topic.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Videz le cache du navigateur." in page
    assert "Redémarrez le poste." not in page
    assert "Accepted answer" in page


def test_a_cached_topic_row_follows_likes_and_replies(client_for, member, other_member, spaces):
    topic = TopicFactory(space=spaces[Visibility.PUBLIC], author=member, title="Agenda partagé")
    reader = client_for(other_member)
    row = _row(reader.get("/forum/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), topic.title)
    assert "<dt>Replies</dt><dd>0</dd>" in row

    services.like_add(member=other_member, post=topic)
    services.reply_create(author=other_member, topic=topic, body="Même souci chez nous.")

    row = _row(reader.get("/forum/", HTTP_ACCEPT_LANGUAGE="en").content.decode(), topic.title)
    assert "<dt>Replies</dt><dd>1</dd>" in row
    assert "<dt>Likes</dt><dd>1</dd>" in row


def _row(page: str, title: str) -> str:
    start = page.index(title)
    return page[start : page.index("</dl>", start)]
