"""PostgreSQL: a very common word is ranked among its newest matches, without losing what the
visitor may see or what the filters ask for."""

from __future__ import annotations

import pytest
from django.db import connection

from ruche.forum.models import Reply, Topic
from ruche.forum.tests.factories import ReplyFactory, TopicFactory
from ruche.search import selectors
from ruche.search.selectors import SearchFilters, search
from ruche.spaces.models import Visibility

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="the candidate strategy is PostgreSQL's"
    ),
]


@pytest.fixture
def small_limits(monkeypatch):
    # The same rules as 1,000 candidates in the newest 20,000 posts, at the scale of a test.
    monkeypatch.setattr(selectors, "RECENT_CANDIDATES", 5)
    monkeypatch.setattr(selectors, "NEWEST_WINDOW", 10)
    monkeypatch.setattr(selectors, "COMMON_SHARE", 0.3)


def _analyze() -> None:
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE forum_topic")
        cursor.execute("ANALYZE forum_reply")
    selectors._ROW_ESTIMATES.clear()


def test_a_common_word_is_ranked_among_its_newest_matches(small_limits, spaces, member):
    public = spaces[Visibility.PUBLIC]
    topic = TopicFactory(space=public, title="Questions diverses", body="Rien.")
    old = ReplyFactory(topic=topic, body="Le planning du matin est vide.")
    newest = [ReplyFactory(topic=topic, body=f"Mon planning numéro {n}.") for n in range(30)]
    _analyze()
    assert selectors._is_common(Reply, "planning")
    assert not selectors._is_common(Reply, "inexistant")

    found = {hit.reply.pk for hit in search(viewer=member, query="planning").hits if hit.reply}
    assert found  # ranked among the newest five
    assert found <= {reply.pk for reply in newest[-5:]}
    assert old.pk not in found


def test_matches_hidden_from_the_visitor_do_not_crowd_out_the_visible_ones(
    small_limits, spaces, member
):
    public_topic = TopicFactory(space=spaces[Visibility.PUBLIC], title="Public", body="Rien.")
    staff_topic = TopicFactory(space=spaces[Visibility.STAFF], title="Staff", body="Rien.")
    visible = [ReplyFactory(topic=public_topic, body=f"Agenda partagé {n}.") for n in range(3)]
    # The newest matches are all in the staff space.
    for n in range(30):
        ReplyFactory(topic=staff_topic, body=f"Agenda interne {n}.")
    _analyze()
    assert selectors._is_common(Reply, "agenda")

    hits = search(viewer=member, query="agenda").hits
    assert {hit.reply.pk for hit in hits if hit.reply} == {reply.pk for reply in visible}
    assert all(hit.topic.space.visibility == Visibility.PUBLIC for hit in hits)


def test_filters_reach_older_matches(small_limits, spaces, member):
    public = spaces[Visibility.PUBLIC]
    members_space = spaces[Visibility.MEMBERS]
    wanted = TopicFactory(space=members_space, title="Ordonnance type", body="Ordonnance.")
    for n in range(30):
        TopicFactory(space=public, title=f"Ordonnance {n}", body="Ordonnance.")
    _analyze()
    assert selectors._is_common(Topic, "ordonnance")

    hits = search(
        viewer=member, query="ordonnance", filters=SearchFilters(space=members_space.slug)
    )
    assert [hit.topic.pk for hit in hits.hits if hit.reply is None] == [wanted.pk]
