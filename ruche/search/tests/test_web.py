"""The search page and the API endpoints."""

from __future__ import annotations

import pytest

from ruche.forum.tests.factories import ReplyFactory, TopicFactory
from ruche.spaces.models import Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(spaces):
    public = TopicFactory(
        space=spaces[Visibility.PUBLIC], title="Télésecrétariat et agenda", body="Tout marche."
    )
    ReplyFactory(topic=public, body="Le télésecrétariat répond <em>vite</em>.")
    secret = TopicFactory(space=spaces[Visibility.STAFF], title="Télésecrétariat : tarifs internes")
    return {"public": public, "secret": secret}


def test_search_page_shows_visible_results_with_marks(client_for, posts, member):
    response = client_for(member).get("/search/", {"q": "telesecretariat"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Télésecrétariat et agenda" in html
    assert "tarifs internes" not in html
    assert "<mark>télésecrétariat</mark>" in html.lower()
    assert "<em>vite" not in html
    assert f'href="/forum/t/{posts["public"].pk}/#reply-' in html
    assert 'role="search"' in html
    assert '<label for="search-q">' in html


def test_search_page_for_staff_and_anonymous(client_for, posts, moderator):
    assert "tarifs internes" in client_for(moderator).get("/search/?q=tarifs").content.decode()
    assert "tarifs internes" not in client_for(None).get("/search/?q=tarifs").content.decode()


def test_search_page_without_query_only_shows_the_form(client):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["results"] is None


def test_search_page_reports_bad_filters(client, posts):
    response = client.get("/search/", {"q": "agenda", "from": "hier"})
    assert response.status_code == 400
    assert "from" in response.context["errors"]
    assert response.context["results"] is None


def test_search_page_paginates(client, spaces):
    for number in range(25):
        TopicFactory(space=spaces[Visibility.PUBLIC], title=f"Imprimante {number}")
    first = client.get("/search/", {"q": "imprimante"})
    assert "page=2" in first.content.decode()
    second = client.get("/search/", {"q": "imprimante", "page": "2"})
    assert len(second.context["results"].hits) == 5
    assert client.get("/search/", {"q": "imprimante", "page": "x"}).status_code == 200


def test_api_search(client_for, posts, member):
    response = client_for(member).get("/api/v1/search", {"q": "télésecrétariat"})
    assert response.status_code == 200
    data = response.json()
    assert {item["type"] for item in data["items"]} == {"topic", "reply"}
    assert all(item["space"]["slug"] == "public-space" for item in data["items"])
    topic_hit = next(item for item in data["items"] if item["type"] == "topic")
    assert topic_hit["title_match"] is True
    assert data["next_page"] is None


def test_api_search_filters_and_anonymous(client_for, posts):
    anonymous = client_for(None)
    data = anonymous.get("/api/v1/search", {"q": "tarifs"}).json()
    assert data["items"] == []
    data = anonymous.get("/api/v1/search", {"q": "agenda", "kind": "article"}).json()
    assert data["items"] == []
    data = anonymous.get("/api/v1/search", {"q": "agenda", "from": "2000-01-01"}).json()
    assert [item["topic_id"] for item in data["items"]] == [posts["public"].pk]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"q": "x", "kind": "poll"}, "kind"),
        ({"q": "x", "answered": "maybe"}, "answered"),
        ({"q": "x", "from": "31/12/2024"}, "from"),
        ({"q": "x", "from": "2024-05-02", "to": "2024-05-01"}, "to"),
        ({"q": "x", "page": "0"}, "page"),
        ({"q": "x", "page": "11"}, "page"),
        ({"q": "x" * 201}, "q"),
    ],
)
def test_api_search_rejects_bad_parameters(client, params, field):
    response = client.get("/api/v1/search", params)
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]


def test_api_similar_topics(client_for, posts, member):
    response = client_for(member).get("/api/v1/topics/similar", {"title": "telesecretariat"})
    assert response.status_code == 200
    assert [t["id"] for t in response.json()] == [posts["public"].pk]
    assert client_for(None).get("/api/v1/topics/similar", {"title": "tarifs"}).json() == []


def test_api_similar_requires_a_title(client):
    response = client.get("/api/v1/topics/similar")
    assert response.status_code == 422
    assert "title" in [error["field"] for error in response.json()["errors"]]
    response = client.get("/api/v1/topics/similar", {"title": "imprimante", "limit": "50"})
    assert response.status_code == 422


def test_header_has_a_search_box(client):
    html = client.get("/search/").content.decode()
    assert 'id="site-search-q"' in html
