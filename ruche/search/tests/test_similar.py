from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from ruche.forum.tests.factories import TopicFactory
from ruche.search.selectors import similar_topics
from ruche.spaces.models import Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(spaces):
    public = spaces[Visibility.PUBLIC]
    return {
        "cancel": TopicFactory(
            space=public, title="Annuler un rendez-vous patient depuis l'agenda"
        ),
        "invoice": TopicFactory(space=public, title="Où télécharger mes factures ?"),
        "english": TopicFactory(
            space=public, title="Exporting the appointment calendar", language="en"
        ),
        "staff": TopicFactory(space=spaces[Visibility.STAFF], title="Facturation interne secrète"),
        "deleted": TopicFactory(space=public, title="Facture en double", is_deleted=True),
    }


def test_similar_titles_in_french_ignore_accents_endings_and_order(topics, member):
    found = similar_topics(viewer=member, title="rendez vous annulé")
    assert found[0] == topics["cancel"]
    assert topics["invoice"] not in found


def test_similar_titles_in_english(topics, member):
    assert similar_topics(viewer=member, title="How to export my calendar?") == [topics["english"]]


def test_more_shared_words_rank_first(topics, member, spaces):
    agenda = TopicFactory(space=spaces[Visibility.PUBLIC], title="L'agenda est lent")
    found = similar_topics(viewer=member, title="annuler depuis l'agenda")
    assert found[:2] == [topics["cancel"], agenda]


def test_similar_never_shows_hidden_or_deleted_topics(topics, member, moderator):
    assert similar_topics(viewer=member, title="facture") == [topics["invoice"]]
    assert similar_topics(viewer=AnonymousUser(), title="facture") == [topics["invoice"]]
    # Staff see the staff space, but deleted topics stay out even for a moderator.
    assert set(similar_topics(viewer=moderator, title="facture")) == {
        topics["invoice"],
        topics["staff"],
    }


@pytest.mark.parametrize("title", ["", "ag", "  a ", "le la les et", "the and of"])
def test_short_inputs_and_stop_words_find_nothing(topics, member, title):
    assert similar_topics(viewer=member, title=title) == []


def test_limit_is_respected(spaces, member):
    for number in range(8):
        TopicFactory(space=spaces[Visibility.PUBLIC], title=f"Imprimante bloquée {number}")
    assert len(similar_topics(viewer=member, title="imprimante")) == 5
    assert len(similar_topics(viewer=member, title="imprimante", limit=2)) == 2


def test_query_count_does_not_grow_with_results(spaces, member, django_assert_max_num_queries):
    from ruche.accounts.tests.factories import UserFactory

    TopicFactory(space=spaces[Visibility.PUBLIC], title="Ordonnance sécurisée")
    with django_assert_max_num_queries(5) as few:
        similar_topics(viewer=member, title="ordonnance")
    for number in range(6):
        TopicFactory(
            space=spaces[Visibility.PUBLIC], title=f"Ordonnance {number}", author=UserFactory()
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        found = similar_topics(viewer=member, title="ordonnance")
        [(t.space.name, t.author.public_name) for t in found]
    assert len(found) == 5
