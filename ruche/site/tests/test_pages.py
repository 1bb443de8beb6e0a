"""The pages the site composes keep their names and addresses, and list members only to those who
may see their profile (a private profile: the member and the staff; members-only: signed in)."""

from __future__ import annotations

import pytest
from django.urls import resolve, reverse

from ruche.accounts.models import ProfileVisibility
from ruche.accounts.tests.factories import UserFactory
from ruche.site import views
from ruche.spaces.models import Visibility

pytestmark = pytest.mark.django_db

# fmt: off
# profile visibility          viewer       listed
LISTED = [
    (ProfileVisibility.PUBLIC,  "visitor",  True),
    (ProfileVisibility.PUBLIC,  "member",   True),
    (ProfileVisibility.PUBLIC,  "staff",    True),
    (ProfileVisibility.MEMBERS, "visitor",  False),
    (ProfileVisibility.MEMBERS, "member",   True),
    (ProfileVisibility.MEMBERS, "staff",    True),
    (ProfileVisibility.PRIVATE, "visitor",  False),
    (ProfileVisibility.PRIVATE, "member",   False),
    (ProfileVisibility.PRIVATE, "staff",    True),
]
# fmt: on


@pytest.fixture
def viewer(member, support_agent, client_for):
    return lambda name: client_for(
        {"visitor": None, "member": member, "staff": support_agent}[name]
    )


def test_the_composed_pages_keep_their_names_and_addresses():
    assert reverse("home") == "/"
    assert reverse("spaces:list") == "/spaces/"
    assert reverse("spaces:detail", args=["agenda"]) == "/spaces/agenda/"
    assert reverse("accounts:member_detail", args=[7]) == "/members/7/"
    assert reverse("accounts:profile_edit") == "/settings/profile/"
    assert reverse("language_switch") == "/language/"
    assert resolve("/").func is views.home
    assert resolve("/spaces/agenda/").func is views.space_detail
    assert resolve("/members/7/").func is views.member_detail


@pytest.mark.parametrize(
    ("visibility", "who", "listed"),
    [pytest.param(*row, id=f"{row[0].value}-{row[1]}") for row in LISTED],
)
def test_newest_members_on_the_home_page(visibility, who, listed, viewer):
    newcomer = UserFactory(display_name="Nina Newcomer", profile_visibility=visibility)
    response = viewer(who).get("/")
    assert (newcomer in response.context["newest_members"]) is listed
    assert ("Nina Newcomer" in response.content.decode()) is listed


@pytest.mark.parametrize(
    ("visibility", "who", "listed"),
    [pytest.param(*row, id=f"{row[0].value}-{row[1]}") for row in LISTED],
)
def test_moderators_of_a_space(visibility, who, listed, viewer, spaces):
    space = spaces[Visibility.PUBLIC]
    moderator = UserFactory(display_name="Noor Named", profile_visibility=visibility)
    space.moderators.add(moderator)
    response = viewer(who).get(f"/spaces/{space.slug}/")
    assert response.status_code == 200
    assert (moderator in response.context["moderators"]) is listed
    assert ("Noor Named" in response.content.decode()) is listed


def test_a_space_nobody_may_know_of_is_404(client, spaces):
    assert client.get(f"/spaces/{spaces[Visibility.STAFF].slug}/").status_code == 404
