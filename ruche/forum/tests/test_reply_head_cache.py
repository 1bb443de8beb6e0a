"""The cached part of each reply on a topic page follows edits, acceptance and deletion."""

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
