"""Members listed by ideas go through their profile's visibility (``visible(viewer, User)``):
the breakdown of who wants an idea counts only the likers the reader may see listed, for a
private and a members-only profile, as a visitor, a member and staff."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import AnonymousUser

from ruche.accounts.models import ProfileVisibility
from ruche.accounts.tests.factories import UserFactory
from ruche.ideas import selectors, services
from ruche.spaces.models import Visibility

pytestmark = pytest.mark.django_db


@pytest.fixture
def public_idea(make_idea, spaces, member):
    return make_idea(author=member, space=spaces[Visibility.PUBLIC])


@pytest.fixture
def likers(public_idea):
    made = {
        visibility: UserFactory(
            profile_visibility=visibility, organisation=f"Clinic {visibility}", country="FR"
        )
        for visibility in ProfileVisibility.values
    }
    for liker in made.values():
        services.idea_like(idea=public_idea, member=liker)
    return made


def _organisations(breakdown) -> set[str]:
    return {label for label, _count in breakdown.organisations}


@pytest.mark.parametrize(
    ("reader", "seen"),
    [
        ("visitor", {"public"}),
        ("member", {"public", "members"}),
        ("staff", {"public", "members", "private"}),
    ],
)
def test_the_likes_breakdown_counts_only_likers_the_reader_may_see(
    public_idea, likers, other_member, support_agent, reader, seen
):
    viewer = {"visitor": AnonymousUser(), "member": other_member, "staff": support_agent}[reader]
    breakdown = selectors.likes_breakdown(public_idea, viewer=viewer)
    assert _organisations(breakdown) == {f"Clinic {v}" for v in seen}
    assert sum(count for _label, count in breakdown.countries) == len(seen)


def test_only_staff_get_the_breakdown_and_it_lists_every_liker(
    public_idea, likers, other_member, support_agent, client_for
):
    url = f"/api/v1/ideas/{public_idea.pk}"
    assert client_for(None).get(url).json()["breakdown"] is None
    assert client_for(other_member).get(url).json()["breakdown"] is None
    staff = client_for(support_agent).get(url).json()["breakdown"]
    assert {row["label"] for row in staff["organisations"]} == {
        f"Clinic {v}" for v in ProfileVisibility.values
    }
    page = client_for(other_member).get(f"/ideas/{public_idea.pk}/").content.decode()
    assert "Clinic private" not in page
    assert "Clinic private" in client_for(support_agent).get(f"/ideas/{public_idea.pk}/").text


def test_staff_record_a_like_for_a_customer_whatever_their_profile(
    public_idea, support_agent, client_for
):
    customer = UserFactory(profile_visibility=ProfileVisibility.PRIVATE)
    response = client_for(support_agent).post(
        f"/api/v1/ideas/{public_idea.pk}/likes-on-behalf",
        data=json.dumps({"member_id": customer.pk}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["like_count"] == 1
