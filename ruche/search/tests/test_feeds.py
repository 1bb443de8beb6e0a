from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from ruche.forum.tests.factories import TagFactory, TopicFactory
from ruche.spaces.models import Visibility

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(content: bytes) -> list[str]:
    root = ET.fromstring(content)  # noqa: S314 (our own output)
    assert root.tag == "rss"
    return [item.findtext("title") for item in root.iter("item")]


def atom_titles(content: bytes) -> list[str]:
    root = ET.fromstring(content)  # noqa: S314 (our own output)
    assert root.tag == f"{ATOM}feed"
    return [entry.findtext(f"{ATOM}title") for entry in root.iter(f"{ATOM}entry")]


@pytest.fixture
def public_topics(spaces):
    public = spaces[Visibility.PUBLIC]
    TopicFactory(space=public, title="Sujet public & <premier>", body="Texte **gras**.")
    TopicFactory(space=public, title="Sujet supprimé", is_deleted=True)
    return public


def test_public_space_feeds_are_valid_rss_and_atom(client, public_topics):
    rss = client.get("/feeds/spaces/public-space/rss/")
    assert rss.status_code == 200
    assert rss["Content-Type"].startswith("application/rss+xml")
    assert rss_titles(rss.content) == ["Sujet public & <premier>"]
    item = ET.fromstring(rss.content).find("channel/item")  # noqa: S314
    assert "<strong>gras</strong>" in item.findtext("description")
    assert "/forum/t/" in item.findtext("link")

    atom = client.get("/feeds/spaces/public-space/atom/")
    assert atom.status_code == 200
    assert atom_titles(atom.content) == ["Sujet public & <premier>"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
@pytest.mark.parametrize("visibility", [Visibility.MEMBERS, Visibility.PROGRAMME, Visibility.STAFF])
def test_non_public_space_has_no_feed(client_for, spaces, administrator, visibility, kind):
    TopicFactory(space=spaces[visibility], title="Sujet confidentiel")
    slug = spaces[visibility].slug
    # Not even for a signed-in administrator: feeds are read by anonymous feed readers.
    assert client_for(None).get(f"/feeds/spaces/{slug}/{kind}/").status_code == 404
    assert client_for(administrator).get(f"/feeds/spaces/{slug}/{kind}/").status_code == 404
    assert client_for(None).get(f"/feeds/spaces/no-such-space/{kind}/").status_code == 404


def test_tag_feed_leaves_out_topics_of_non_public_spaces(client, spaces):
    tag = TagFactory(slug="ordonnance")
    for visibility, space in spaces.items():
        topic = TopicFactory(space=space, title=f"Ordonnance {visibility}")
        topic.tags.add(tag)
    TopicFactory(space=spaces[Visibility.PUBLIC], title="Sans étiquette")
    rss = client.get("/feeds/tags/ordonnance/rss/")
    assert rss_titles(rss.content) == ["Ordonnance public"]
    atom = client.get("/feeds/tags/ordonnance/atom/")
    assert atom_titles(atom.content) == ["Ordonnance public"]
    assert client.get("/feeds/tags/unknown/rss/").status_code == 404


def test_feed_holds_the_newest_thirty_in_few_queries(client, spaces, django_assert_max_num_queries):
    public = spaces[Visibility.PUBLIC]
    tag = TagFactory(slug="agenda")
    for number in range(35):
        TopicFactory(space=public, title=f"Agenda {number:02d}").tags.add(tag)
    with django_assert_max_num_queries(6):
        response = client.get("/feeds/spaces/public-space/rss/")
    titles = rss_titles(response.content)
    assert len(titles) == 30
    assert titles[0] == "Agenda 34"
