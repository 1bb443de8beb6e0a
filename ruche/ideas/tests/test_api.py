from __future__ import annotations

import pytest

from ruche.accounts.tests.factories import SegmentFactory, UserFactory
from ruche.ideas import services
from ruche.ideas.models import IdeaLike, StatusKind
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


def _errors(response) -> dict:
    return {e["field"]: e["reason"] for e in response.json()["errors"]}


def test_list_sorted_by_likes_and_filtered_by_area(client_for, make_idea, other_area, member):
    low = make_idea()
    high = make_idea()
    elsewhere = make_idea(product_area=other_area)
    for _ in range(2):
        services.idea_like(idea=high, member=UserFactory())
    services.idea_like(idea=low, member=UserFactory())
    client = client_for(member)
    data = client.get("/api/v1/ideas", {"product_area": "agenda"}).json()
    assert [i["id"] for i in data["items"]] == [high.pk, low.pk]
    assert elsewhere.pk not in [i["id"] for i in data["items"]]
    paged = client.get("/api/v1/ideas", {"limit": 1}).json()
    assert paged["next_cursor"]
    second = client.get("/api/v1/ideas", {"limit": 1, "cursor": paged["next_cursor"]}).json()
    assert second["items"][0]["id"] != paged["items"][0]["id"]


def test_sort_by_likes_of_a_segment_and_by_country(client_for, make_idea, member, product_manager):
    nurses = SegmentFactory(slug="nurse")
    loved_by_nurses, loved_by_others = make_idea(), make_idea()
    for _ in range(2):
        services.idea_like(idea=loved_by_nurses, member=UserFactory(segment=nurses, country="DE"))
    for _ in range(3):
        services.idea_like(idea=loved_by_others, member=UserFactory(country="FR"))
    refused = client_for(member).get("/api/v1/ideas", {"sort": "segment", "like_segment": "nurse"})
    assert refused.status_code == 403  # demand by specialty is the product team's view
    client = client_for(product_manager)
    by_segment = client.get("/api/v1/ideas", {"sort": "segment", "like_segment": "nurse"}).json()
    assert by_segment["items"][0]["id"] == loved_by_nurses.pk
    assert by_segment["items"][0]["selected_likes"] == 2
    by_country = client.get("/api/v1/ideas", {"sort": "country", "country": "de"}).json()
    assert by_country["items"][0]["id"] == loved_by_nurses.pk
    momentum = client.get("/api/v1/ideas", {"sort": "momentum"}).json()
    assert momentum["items"][0]["id"] == loved_by_others.pk
    bad = client.get("/api/v1/ideas", {"sort": "segment"})
    assert bad.status_code == 422
    assert "like_segment" in _errors(bad)


def test_private_ideas_stay_private_everywhere(client_for, private_idea, member, ambassador):
    client = client_for(member)
    ids = [i["id"] for i in client.get("/api/v1/ideas").json()["items"]]
    assert private_idea.pk not in ids
    assert client.get(f"/api/v1/ideas/{private_idea.pk}").status_code == 404
    assert client.put(f"/api/v1/ideas/{private_idea.pk}/like").status_code == 404
    similar = client.get("/api/v1/ideas/similar", {"title": "teleconsultation ambassador"}).json()
    assert private_idea.pk not in [i["id"] for i in similar]
    anonymous = client_for(None)
    assert anonymous.get(f"/api/v1/ideas/{private_idea.pk}").status_code == 404
    insider = client_for(ambassador)
    assert insider.get(f"/api/v1/ideas/{private_idea.pk}").status_code == 200


def test_private_ideas_stay_off_the_roadmap_and_accountability(
    client_for, private_idea, product_manager, member, area
):
    set_threshold(area, 1)
    services.idea_like(idea=private_idea, member=product_manager)
    services.response_save(
        idea=private_idea,
        author=product_manager,
        decision=services.status_of_kind(StatusKind.PLANNED),
        rationale=RATIONALE,
        publish=True,
    )
    roadmap = client_for(member).get("/api/v1/idea-roadmap").json()
    assert roadmap["planned"] == []
    staff_roadmap = client_for(product_manager).get("/api/v1/idea-roadmap").json()
    assert [i["id"] for i in staff_roadmap["planned"]] == [private_idea.pk]
    public = client_for(member).get("/api/v1/idea-accountability").json()
    assert public["overall"]["reached"] == 0
    staff = client_for(product_manager).get("/api/v1/idea-accountability").json()
    assert staff["overall"]["reached"] == 1
    assert staff["overall"]["answered"] == 1
    assert staff["overall"]["share_in_time"] == 100


def test_propose_like_and_bad_input(client_for, member, other_member, idea_space, area):
    client = client_for(member)
    bad = client.post(
        "/api/v1/ideas",
        {"space": idea_space.slug, "title": "SMS", "problem": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert set(_errors(bad)) == {"title", "problem"}
    created = client.post(
        "/api/v1/ideas",
        {
            "space": idea_space.slug,
            "title": "Online payment of consultations",
            "problem": "Patients ask to pay online before the teleconsultation starts.",
            "product_area": "agenda",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    idea_id = created.json()["id"]
    assert created.json()["progress"]["remaining"] == 50
    liked = client_for(other_member).put(f"/api/v1/ideas/{idea_id}/like")
    assert liked.json() == {
        "liked": True,
        "like_count": 1,
        "counted_like_count": 1,
        "threshold_reached": False,
    }
    again = client_for(other_member).put(f"/api/v1/ideas/{idea_id}/like")
    assert again.json()["like_count"] == 1
    own = client.put(f"/api/v1/ideas/{idea_id}/like")
    assert own.status_code == 422


def test_members_cannot_answer_merge_or_publish(client_for, idea, make_idea, other_member):
    client = client_for(other_member)
    answer = client.post(
        f"/api/v1/ideas/{idea.pk}/responses",
        {"decision": "planned", "rationale": RATIONALE, "publish": True},
        content_type="application/json",
    )
    assert answer.status_code == 403
    other = make_idea()
    merge = client.post(
        f"/api/v1/ideas/{other.pk}/merge",
        {"original_id": idea.pk},
        content_type="application/json",
    )
    assert merge.status_code == 403
    release = client.post(
        "/api/v1/idea-releases",
        {"title": "Mine", "notes": "Nothing at all to see.", "released_on": "2026-11-01"},
        content_type="application/json",
    )
    assert release.status_code == 403
    assert client.get("/api/v1/idea-inbox").status_code == 403
    assert client.get("/api/v1/idea-export.csv").status_code == 403
    assert (
        client.post(
            f"/api/v1/ideas/{idea.pk}/likes-on-behalf",
            {"member_id": 1},
            content_type="application/json",
        ).status_code
        == 403
    )
    assert client.get(f"/api/v1/ideas/{idea.pk}").json()["breakdown"] is None


def test_a_response_without_a_why_is_a_422_on_the_rationale(client_for, idea, product_manager):
    response = client_for(product_manager).post(
        f"/api/v1/ideas/{idea.pk}/responses",
        {"decision": "declined", "rationale": "No.", "publish": True},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "at least" in _errors(response)["rationale"]


def test_drafts_are_staff_only_until_published(client_for, idea, product_manager, other_member):
    staff = client_for(product_manager)
    draft = staff.post(
        f"/api/v1/ideas/{idea.pk}/responses",
        {"decision": "planned", "rationale": RATIONALE, "target_quarter": "2027-Q1"},
        content_type="application/json",
    ).json()
    assert draft["is_draft"] is True
    member_view = client_for(other_member).get(f"/api/v1/ideas/{idea.pk}/responses").json()
    assert member_view == []
    assert (
        client_for(other_member).post(f"/api/v1/idea-responses/{draft['id']}/publish").status_code
        == 404
    )
    published = staff.post(f"/api/v1/idea-responses/{draft['id']}/publish").json()
    assert published["version"] == 1
    member_view = client_for(other_member).get(f"/api/v1/ideas/{idea.pk}/responses").json()
    assert [r["id"] for r in member_view] == [draft["id"]]
    assert fresh(idea).status.kind == StatusKind.PLANNED


def test_inbox_lists_overdue_first(client_for, make_idea, product_manager, area):
    from datetime import timedelta

    from django.utils import timezone

    set_threshold(area, 1)
    later, overdue = make_idea(), make_idea()
    for idea in (later, overdue):
        services.idea_like(idea=idea, member=UserFactory())
    type(overdue).objects.filter(pk=overdue.pk).update(
        response_due_at=timezone.now() - timedelta(days=2)
    )
    inbox = client_for(product_manager).get("/api/v1/idea-inbox").json()
    assert [i["id"] for i in inbox] == [overdue.pk, later.pk]


def test_staff_breakdown_on_behalf_merge_release_and_csv(
    client_for, make_idea, product_manager, support_agent, area
):
    nurse = UserFactory(segment=SegmentFactory(slug="nurse"), organisation="Clinique")
    original, duplicate = make_idea(), make_idea()
    recorded = client_for(support_agent).post(
        f"/api/v1/ideas/{original.pk}/likes-on-behalf",
        {"member_id": nurse.pk},
        content_type="application/json",
    )
    assert recorded.status_code == 200
    assert IdeaLike.objects.get(idea=original).on_behalf_by_id == support_agent.pk
    staff = client_for(product_manager)
    detail = staff.get(f"/api/v1/ideas/{original.pk}").json()
    assert detail["breakdown"]["organisations"] == [{"label": "Clinique", "count": 1}]
    assert detail["breakdown"]["on_behalf"] == 1
    merged = staff.post(
        f"/api/v1/ideas/{duplicate.pk}/merge",
        {"original_id": original.pk},
        content_type="application/json",
    )
    assert merged.status_code == 201
    assert fresh(duplicate).merged_into_id == original.pk
    undone = staff.delete(f"/api/v1/idea-merges/{merged.json()['id']}")
    assert undone.json()["undone_at"]
    release = staff.post(
        "/api/v1/idea-releases",
        {
            "title": "Agenda 5",
            "notes": "Reminders by SMS are here.",
            "released_on": "2026-11-20",
            "product_areas": ["agenda"],
            "idea_ids": [original.pk],
        },
        content_type="application/json",
    ).json()
    staff.post(f"/api/v1/idea-releases/{release['id']}/publish")
    assert fresh(original).status.kind == StatusKind.RELEASED
    csv = staff.get("/api/v1/idea-export.csv")
    assert csv.status_code == 200
    text = b"".join(csv.streaming_content).decode()
    assert text.splitlines()[0].startswith("id,title,status")
    assert str(original.pk) in text


def test_list_query_count_does_not_grow(
    client_for, make_idea, member, django_assert_max_num_queries
):
    for _ in range(12):
        make_idea()
    client = client_for(member)
    client.get("/api/v1/ideas")
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/ideas").json()
    assert len(data["items"]) == 12
