from __future__ import annotations

import pytest

from ruche.accounts.tests.factories import UserFactory
from ruche.ideas import services
from ruche.ideas.models import Idea, StatusKind
from ruche.spaces.models import Visibility

from .conftest import RATIONALE, fresh, set_threshold

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_idea(make_idea, spaces, ambassador):
    return make_idea(
        author=ambassador,
        space=spaces[Visibility.PROGRAMME],
        title="Secret ambassador idea about teleconsultation",
    )


def test_pages_render_for_everyone(client_for, make_idea, spaces, member, product_manager):
    idea = make_idea(author=member, space=spaces[Visibility.PUBLIC])
    for who in (None, member, product_manager):
        client = client_for(who)
        for url in (
            "/ideas/",
            f"/ideas/{idea.pk}/",
            "/ideas/roadmap/",
            "/ideas/releases/",
            "/ideas/accountability/",
        ):
            response = client.get(url)
            assert response.status_code == 200, (url, who)
    page = client_for(None).get(f"/ideas/{idea.pk}/").content.decode()
    assert "50 more likes and the product team must answer" in page
    assert "each member counts once" in page


def test_private_idea_pages_are_404_and_hidden_from_lists(client_for, private_idea, member):
    client = client_for(member)
    assert client.get(f"/ideas/{private_idea.pk}/").status_code == 404
    assert private_idea.title not in client.get("/ideas/").content.decode()
    assert (
        private_idea.title
        not in client.get(
            "/ideas/similar/", {"title": "teleconsultation ambassador"}
        ).content.decode()
    )
    assert client.post(f"/ideas/{private_idea.pk}/like/").status_code == 404


def test_private_ideas_stay_out_of_the_community_search(client_for, private_idea, member):
    page = client_for(member).get("/search/", {"q": "teleconsultation"}).content.decode()
    assert private_idea.title not in page
    staff_page = client_for(private_idea.author).get("/search/", {"q": "teleconsultation"})
    assert private_idea.title in staff_page.content.decode()


def test_members_are_refused_staff_pages(client_for, idea, member, other_member):
    client = client_for(other_member)
    assert client.get("/ideas/inbox/").status_code == 403
    assert client.get(f"/ideas/{idea.pk}/respond/").status_code == 403
    assert client.get(f"/ideas/{idea.pk}/merge/").status_code == 403
    assert client.get("/ideas/releases/new/").status_code == 403
    assert client.get("/ideas/export.csv").status_code == 403
    assert "Who wants this" not in client.get(f"/ideas/{idea.pk}/").content.decode()


def test_like_with_htmx_returns_the_box(client_for, idea, other_member):
    response = client_for(other_member).post(f"/ideas/{idea.pk}/like/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "49 more likes" in response.content.decode()
    assert fresh(idea).like_count == 1


def test_proposing_through_the_form(client_for, member, idea_space, area):
    client = client_for(member)
    bad = client.post("/ideas/new/", {"space": idea_space.pk, "title": "x", "problem": "y"})
    assert bad.status_code == 422
    created = client.post(
        "/ideas/new/",
        {
            "space": idea_space.pk,
            "title": "Waiting room for teleconsultation",
            "problem": "Patients do not know whether the doctor is late or the link broken.",
            "product_area": area.pk,
        },
    )
    assert created.status_code == 302
    assert Idea.objects.filter(title="Waiting room for teleconsultation").exists()


def test_similar_ideas_while_typing_in_french_and_english(client_for, make_idea, member):
    make_idea(title="Rappels par SMS des rendez-vous")
    client = client_for(member)
    french = client.get("/ideas/similar/", {"title": "rappel sms"}).content.decode()
    assert "Rappels par SMS" in french
    accents = client.get("/ideas/similar/", {"title": "rendez vous RAPPELS"}).content.decode()
    assert "Rappels par SMS" in accents


def test_response_form_refuses_a_no_without_a_why(client_for, idea, product_manager):
    client = client_for(product_manager)
    assert client.get(f"/ideas/{idea.pk}/respond/").status_code == 200
    declined = services.status_of_kind(StatusKind.DECLINED)
    response = client.post(
        f"/ideas/{idea.pk}/respond/",
        {"decision": declined.pk, "rationale": "No.", "action": "publish"},
    )
    assert response.status_code == 422
    assert "at least" in response.content.decode()
    ok = client.post(
        f"/ideas/{idea.pk}/respond/",
        {"decision": declined.pk, "rationale": RATIONALE, "action": "publish"},
    )
    assert ok.status_code == 302
    assert fresh(idea).status.kind == StatusKind.DECLINED


def test_inbox_shows_awaiting_ideas(client_for, idea, product_manager, area):
    set_threshold(area, 1)
    services.idea_like(idea=idea, member=UserFactory())
    page = client_for(product_manager).get("/ideas/inbox/").content.decode()
    assert idea.title in page


def test_merged_duplicate_redirects_members(client_for, make_idea, product_manager, member):
    original, duplicate = make_idea(), make_idea(title="Duplicate about SMS reminders")
    services.idea_merge(duplicate=duplicate, original=original, actor=product_manager)
    response = client_for(member).get(f"/ideas/{duplicate.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/ideas/{original.pk}/"
    assert client_for(product_manager).get(f"/ideas/{duplicate.pk}/").status_code == 200


def test_comments_are_forum_replies_on_the_idea_page(client_for, idea, other_member):
    client = client_for(other_member)
    response = client.post(f"/ideas/{idea.pk}/comment/", {"body": "We need this every day!"})
    assert response.status_code == 302
    page = client.get(f"/ideas/{idea.pk}/").content.decode()
    assert "We need this every day!" in page
    # The forum's own page of the idea's topic leads to the idea.
    assert client.get(f"/forum/t/{idea.pk}/")["Location"] == f"/ideas/{idea.pk}/"


def test_list_page_query_count_does_not_grow(
    client_for, make_idea, member, django_assert_max_num_queries
):
    for _ in range(15):
        make_idea()
    client = client_for(member)
    client.get("/ideas/")
    with django_assert_max_num_queries(14):
        response = client.get("/ideas/")
    assert response.content.decode().count("topic-row idea-row") == 15


def test_roadmap_and_releases_pages(client_for, idea, product_manager, member, area):
    services.response_save(
        idea=idea,
        author=product_manager,
        decision=services.status_of_kind(StatusKind.PLANNED),
        rationale=RATIONALE,
        target_quarter="2027-Q1",
        publish=True,
    )
    assert idea.title in client_for(member).get("/ideas/roadmap/").content.decode()
    client = client_for(product_manager)
    created = client.post(
        "/ideas/releases/new/",
        {
            "title": "Agenda 6",
            "released_on": "2026-11-20",
            "notes": "SMS reminders are live.",
            "product_areas": [area.pk],
            "ideas": str(idea.pk),
        },
    )
    assert created.status_code == 302
    release_url = created["Location"]
    assert client_for(member).get(release_url).status_code == 404  # not published yet
    client.post(f"{release_url}publish/")
    assert fresh(idea).status.kind == StatusKind.RELEASED
    assert "Agenda 6" in client_for(member).get("/ideas/releases/").content.decode()


def test_automatic_history_reads_in_the_visitors_language(client_for, idea, area, other_member):
    set_threshold(area, 1)
    services.idea_like(idea=idea, member=UserFactory())
    client = client_for(other_member)
    english = client.get(f"/ideas/{idea.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "1 likes: the product team owes an answer." in english
    other_member.ui_language = "fr"
    other_member.save(update_fields=["ui_language"])
    french = client_for(other_member).get(f"/ideas/{idea.pk}/").content.decode()
    assert "1 soutiens : l&#x27;équipe produit doit une réponse." in french
