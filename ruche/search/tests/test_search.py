"""Search behaviour, the same on SQLite (demo) and PostgreSQL (production)."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from ruche.accounts.tests.factories import ProductAreaFactory, UserFactory
from ruche.forum import services as forum_services
from ruche.forum.models import AnsweredBy, TopicKind
from ruche.forum.tests.factories import ReplyFactory, TagFactory, TopicFactory
from ruche.search.selectors import PAGE_SIZE, SearchFilters, search, search_filters
from ruche.spaces.models import Visibility

pytestmark = pytest.mark.django_db


def topic_in(space, title: str, body: str = "Rien de particulier à signaler ici.", **fields):
    return TopicFactory(space=space, title=title, body=body, **fields)


def titles(results) -> list[str]:
    return [hit.topic.title for hit in results.hits]


@pytest.fixture
def public(spaces):
    return spaces[Visibility.PUBLIC]


def test_accents_do_not_matter(public, member):
    topic_in(public, "Activer le télésecrétariat")
    assert titles(search(viewer=member, query="telesecretariat")) == ["Activer le télésecrétariat"]
    assert titles(search(viewer=member, query="TÉLÉSECRÉTARIAT")) == ["Activer le télésecrétariat"]


def test_hyphenated_words_and_plurals_match(public, member):
    topic_in(public, "Question agenda", body="Comment annuler un rendez-vous depuis l'agenda ?")
    topic_in(public, "Question facturation", body="Où trouver la facture du mois dernier ?")
    topic_in(public, "Sans rapport", body="Le logiciel démarre lentement le matin.")
    assert titles(search(viewer=member, query="rendez-vous")) == ["Question agenda"]
    assert titles(search(viewer=member, query="factures")) == ["Question facturation"]
    # Every word must match: "facture" alone is not enough for "facture agenda".
    assert titles(search(viewer=member, query="factures agenda")) == []


def test_english_posts_are_stemmed_in_english(public, member):
    topic_in(public, "Exporting data", body="Where are the invoices stored?", language="en")
    assert titles(search(viewer=member, query="invoice")) == ["Exporting data"]
    assert titles(search(viewer=member, query="exported")) == ["Exporting data"]


@pytest.mark.parametrize("word", ["SMS", "CPS", "API", "Medora", "Doctolib"])
def test_short_words_and_product_names_match(public, member, word):
    topic_in(public, "Rappels patients", body="Les rappels partent par SMS avec la carte CPS.")
    topic_in(public, "Intégration", body="L'API Medora se connecte à Doctolib.")
    topic_in(public, "Autre sujet", body="Une question sur les ordonnances.")
    found = titles(search(viewer=member, query=word))
    assert found == (["Rappels patients"] if word in {"SMS", "CPS"} else ["Intégration"])


def test_title_matches_rank_above_body_matches(public, member):
    topic_in(
        public,
        "Question générale",
        body="Ordonnance, ordonnance et encore ordonnance : l'ordonnance sécurisée.",
    )
    topic_in(public, "Imprimer une ordonnance")
    topic_in(public, "Sans rapport")
    assert titles(search(viewer=member, query="ordonnances")) == [
        "Imprimer une ordonnance",
        "Question générale",
    ]


def test_replies_are_found_and_link_to_their_anchor(public, member):
    topic = topic_in(public, "Souci d'impression")
    reply = ReplyFactory(topic=topic, body="Il faut réinstaller le pilote de l'imprimante.")
    results = search(viewer=member, query="pilote")
    assert len(results.hits) == 1
    hit = results.hits[0]
    assert hit.reply == reply
    assert hit.url == f"/forum/t/{topic.pk}/#reply-{reply.pk}"


def test_articles_are_searched_with_their_summary(public, member):
    topic_in(
        public,
        "Guide du module",
        kind=TopicKind.ARTICLE,
        summary="Tout sur la téléconsultation",
        body="Un guide pas à pas.",
    )
    results = search(viewer=member, query="teleconsultation", filters=SearchFilters(kind="article"))
    assert titles(results) == ["Guide du module"]


@pytest.mark.parametrize(
    ("visibility", "who", "sees"),
    [
        (Visibility.MEMBERS, "anonymous", False),
        (Visibility.MEMBERS, "member", True),
        (Visibility.PROGRAMME, "member", False),
        (Visibility.PROGRAMME, "ambassador", True),
        (Visibility.STAFF, "anonymous", False),
        (Visibility.STAFF, "member", False),
        (Visibility.STAFF, "moderator", True),
    ],
)
def test_search_never_shows_what_the_visitor_may_not_see(spaces, request, visibility, who, sees):
    from django.contrib.auth.models import AnonymousUser

    viewer = AnonymousUser() if who == "anonymous" else request.getfixturevalue(who)
    topic = topic_in(spaces[visibility], "Secret du télésecrétariat")
    ReplyFactory(topic=topic, body="Le télésecrétariat sera gratuit en mars.")
    found = search(viewer=viewer, query="télésecrétariat").hits
    assert bool(found) is sees
    if not sees:
        assert found == []


def test_deleted_posts_and_replies_of_deleted_topics_are_never_found(public, moderator):
    topic_in(public, "Astuce clavier", body="Raccourci clavier utile.", is_deleted=True)
    gone = topic_in(public, "Sujet supprimé", is_deleted=True)
    ReplyFactory(topic=gone, body="Le raccourci clavier F5 recharge.")
    alive = topic_in(public, "Sujet vivant")
    ReplyFactory(topic=alive, body="Un autre raccourci clavier.", is_deleted=True)
    # Not even for a moderator, who sees deleted posts in the forum itself.
    assert search(viewer=moderator, query="clavier").hits == []


def test_filters(public, spaces, member):
    area = ProductAreaFactory(slug="billing")
    tag = TagFactory(slug="ameli")
    members = spaces[Visibility.MEMBERS]
    old = topic_in(public, "Facture ancienne", created_at=timezone.now() - timedelta(days=40))
    answered = topic_in(public, "Facture réglée", answered_by=AnsweredBy.STAFF, product_area=area)
    answered.tags.add(tag)
    other_space = topic_in(members, "Facture membres", kind=TopicKind.DISCUSSION)

    def found(**params) -> set[str]:
        return set(titles(search(viewer=member, query="facture", filters=search_filters(**params))))

    assert found() == {"Facture ancienne", "Facture réglée", "Facture membres"}
    assert found(kind="discussion") == {other_space.title}
    assert found(space="members-space") == {other_space.title}
    assert found(area="billing") == {answered.title}
    assert found(tag="ameli") == {answered.title}
    assert found(answered="yes") == {answered.title}
    assert found(answered="no") == {old.title, other_space.title}
    cutoff = (timezone.localdate() - timedelta(days=10)).isoformat()
    assert found(date_to=cutoff) == {old.title}
    assert found(date_from=cutoff) == {answered.title, other_space.title}


def test_filters_alone_list_the_newest_topics(public, member):
    tag = TagFactory(slug="agenda")
    tagged = topic_in(public, "Agenda partagé")
    tagged.tags.add(tag)
    topic_in(public, "Autre chose")
    assert titles(search(viewer=member, query="", filters=search_filters(tag="agenda"))) == [
        "Agenda partagé"
    ]
    assert search(viewer=member, query="").hits == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": "poll"}, "kind"),
        ({"answered": "maybe"}, "answered"),
        ({"date_from": "2024-13-01"}, "from"),
        ({"date_from": "2024-05-02", "date_to": "2024-05-01"}, "to"),
    ],
)
def test_bad_filters_are_refused_with_the_field(params, field):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        search_filters(**params)
    assert field in caught.value.message_dict


def test_excerpt_is_highlighted_and_holds_no_other_markup(public, member):
    topic_in(
        public,
        "Question piégée",
        body='<script>alert("x")</script> <b>Gras</b> la facture <img src=x onerror=alert(1)> '
        "du mois de mars est introuvable.",
    )
    excerpt = str(search(viewer=member, query="facture").hits[0].excerpt)
    assert "<mark>facture</mark>" in excerpt
    assert set(re.findall(r"</?\s*([a-zA-Z]+)", excerpt)) == {"mark"}


def test_pages_are_numbered_and_bounded(public, member):
    for number in range(PAGE_SIZE + 5):
        topic_in(public, f"Imprimante numéro {number}")
    first = search(viewer=member, query="imprimante")
    second = search(viewer=member, query="imprimante", page=2)
    assert len(first.hits) == PAGE_SIZE
    assert first.next_page == 2
    assert len(second.hits) == 5
    assert second.next_page is None
    assert not {h.topic.pk for h in first.hits} & {h.topic.pk for h in second.hits}
    assert search(viewer=member, query="imprimante", page=999).page == 10


def test_query_count_does_not_grow_with_results(public, member, django_assert_max_num_queries):
    topic = topic_in(public, "Scanner une carte vitale")
    ReplyFactory(topic=topic, body="La carte vitale se lit avec le lecteur.")
    # On PostgreSQL, per kind of post: the planner's estimate, then the candidates (see
    # selectors); the point is that the count does not grow with the results.
    with django_assert_max_num_queries(20) as few:
        search(viewer=member, query="vitale")
    for number in range(15):
        topic = topic_in(public, f"Carte vitale {number}", author=UserFactory())
        ReplyFactory(topic=topic, body="Encore une carte vitale.", author=UserFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        results = search(viewer=member, query="vitale")
        for hit in results.hits:
            str(hit.topic.space.name), hit.author.public_name, hit.url
    assert len(results.hits) == PAGE_SIZE


def test_posts_written_through_the_forum_services_are_found(public, member, settings):
    settings.RUCHE = {**settings.RUCHE, "NEWCOMER_UNTIL_POSTS": 0}
    topic = forum_services.topic_create(
        author=member,
        space=public,
        kind=TopicKind.QUESTION,
        title="Téléconsultation impossible",
        body="La **caméra** ne s'allume pas pendant la téléconsultation.",
    )
    forum_services.reply_create(
        author=member, topic=topic, body="Autorisez la caméra du navigateur."
    )
    results = search(viewer=member, query="camera")
    assert {bool(h.reply) for h in results.hits} == {True, False}
    assert all("**" not in str(h.excerpt) for h in results.hits)


def test_dates_accept_iso_strings():
    filters = search_filters(date_from="2024-01-31", date_to="2024-02-01")
    assert filters.date_from == date(2024, 1, 31)
    assert filters.date_to == date(2024, 2, 1)
