"""Who sees a member's profile, e-mail address and timeline, through pages and the API."""

from __future__ import annotations

import pytest

from ruche.accounts import verbs as account_verbs
from ruche.accounts.models import ProfileVisibility
from ruche.accounts.tests.factories import UserFactory
from ruche.activity import registry as verbs
from ruche.activity.services import activity_record
from ruche.spaces.models import Visibility

pytestmark = pytest.mark.django_db

PUBLIC, MEMBERS, PRIVATE = (
    ProfileVisibility.PUBLIC,
    ProfileVisibility.MEMBERS,
    ProfileVisibility.PRIVATE,
)

# fmt: off
# profile visibility  viewer        sees the profile
PROFILE_MATRIX = [
    (PUBLIC,              "anonymous",  True),
    (PUBLIC,              "member",     True),
    (PUBLIC,              "self",       True),
    (PUBLIC,              "staff",      True),
    (MEMBERS,             "anonymous",  False),
    (MEMBERS,             "member",     True),
    (MEMBERS,             "self",       True),
    (MEMBERS,             "staff",      True),
    (PRIVATE,             "anonymous",  False),
    (PRIVATE,             "member",     False),
    (PRIVATE,             "self",       True),
    (PRIVATE,             "staff",      True),
]
# fmt: on

SUBJECT_EMAIL = "subject.person@example.org"


@pytest.fixture
def subject(db):
    return UserFactory(display_name="Sam Subject", email=SUBJECT_EMAIL)


@pytest.fixture
def viewer_client(request, subject, other_member, support_agent, client_for):
    """A client for the viewer named ``anonymous``, ``member``, ``self`` or ``staff``."""

    def make(viewer: str):
        user = {
            "anonymous": None,
            "member": other_member,
            "self": subject,
            "staff": support_agent,
        }[viewer]
        return client_for(user)

    return make


@pytest.mark.parametrize(
    ("visibility", "viewer", "sees"),
    [pytest.param(*row, id=f"{row[0].value}-{row[1]}") for row in PROFILE_MATRIX],
)
def test_profile_visibility(visibility, viewer, sees, subject, viewer_client):
    subject.profile_visibility = visibility
    subject.save(update_fields=["profile_visibility"])
    client = viewer_client(viewer)

    page = client.get(f"/members/{subject.pk}/")
    assert page.status_code == (200 if sees else 404)

    detail = client.get(f"/api/v1/members/{subject.pk}")
    assert detail.status_code == (200 if sees else 404)
    if sees:
        assert detail.json()["id"] == subject.pk
        assert detail.json()["display_name"] == "Sam Subject"

    listed = client.get("/api/v1/members", {"limit": 100}).json()["items"]
    assert (subject.pk in {item["id"] for item in listed}) is sees

    web_list = client.get("/members/")
    assert (subject in web_list.context["page"].items) is sees

    timeline = client.get(f"/api/v1/members/{subject.pk}/activity")
    assert timeline.status_code == (200 if sees else 404)


@pytest.mark.parametrize(
    ("viewer", "shows_email"),
    [("anonymous", False), ("member", False), ("self", True), ("staff", True)],
)
def test_email_shown_only_to_self_and_staff(viewer, shows_email, subject, viewer_client):
    subject.profile_visibility = PUBLIC
    subject.save(update_fields=["profile_visibility"])
    client = viewer_client(viewer)

    detail = client.get(f"/api/v1/members/{subject.pk}").json()
    assert detail["email"] == (SUBJECT_EMAIL if shows_email else None)

    listed = client.get("/api/v1/members", {"limit": 100}).json()["items"]
    row = next(item for item in listed if item["id"] == subject.pk)
    assert row["email"] == (SUBJECT_EMAIL if shows_email else None)
    if viewer != "staff":
        # Nobody but the staff sees another member's address; a member sees their own.
        own_id = client.get("/api/v1/me").json()["id"] if viewer != "anonymous" else None
        for item in listed:
            assert (item["email"] is not None) is (item["id"] == own_id), item

    page = client.get(f"/members/{subject.pk}/")
    assert (SUBJECT_EMAIL in page.content.decode()) is shows_email


def test_inactive_member_hidden_from_members_but_not_from_staff(
    subject, other_member, support_agent, client_for
):
    subject.profile_visibility = PUBLIC
    subject.is_active = False
    subject.save(update_fields=["profile_visibility", "is_active"])

    for user in (None, other_member):
        client = client_for(user)
        assert client.get(f"/members/{subject.pk}/").status_code == 404
        assert client.get(f"/api/v1/members/{subject.pk}").status_code == 404
        ids = {item["id"] for item in client.get("/api/v1/members").json()["items"]}
        assert subject.pk not in ids

    staff = client_for(support_agent)
    assert staff.get(f"/members/{subject.pk}/").status_code == 200
    assert staff.get(f"/api/v1/members/{subject.pk}").status_code == 200


def test_unknown_member_is_404(client_for, member):
    client = client_for(member)
    assert client.get("/members/999999/").status_code == 404
    response = client.get("/api/v1/members/999999")
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."
    assert client.get("/api/v1/members/999999/activity").status_code == 404


# --- Timeline -------------------------------------------------------------------------------


@pytest.fixture
def timeline(subject, spaces):
    """The subject's actions: two private verbs, one public, one per space."""
    subject.profile_visibility = PUBLIC
    subject.save(update_fields=["profile_visibility"])
    recorded = {
        "logged_in": activity_record(actor=subject, verb=account_verbs.MemberLoggedIn.name),
        "token": activity_record(actor=subject, verb=account_verbs.ApiTokenCreated.name),
        "profile": activity_record(actor=subject, verb=account_verbs.MemberProfileUpdated.name),
    }
    for visibility, space in spaces.items():
        recorded[visibility.value] = activity_record(
            actor=subject, verb=verbs.EXTERNAL_POST_CREATED.name, space=space, source="forum"
        )
    return recorded


# fmt: off
# viewer               activities the viewer sees on the subject's timeline
TIMELINE_MATRIX = [
    ("anonymous",         {"profile", "public"}),
    ("member",            {"profile", "public", "members"}),
    ("ambassador",        {"profile", "public", "members", "programme"}),
    ("self",              {"logged_in", "token", "profile", "public", "members"}),
    ("support_agent",     {"logged_in", "token", "profile", "public", "members", "programme", "staff"}),
    ("community_manager", {"logged_in", "token", "profile", "public", "members", "programme", "staff"}),
]
# fmt: on


@pytest.mark.parametrize(("viewer", "expected"), TIMELINE_MATRIX)
def test_timeline_hides_private_verbs_and_unseen_spaces(
    viewer, expected, subject, timeline, request, client_for
):
    if viewer == "anonymous":
        user = None
    elif viewer == "self":
        user = subject
    elif viewer == "member":
        user = request.getfixturevalue("other_member")
    else:
        user = request.getfixturevalue(viewer)
    client = client_for(user)
    expected_ids = {timeline[name].pk for name in expected}

    api = client.get(f"/api/v1/members/{subject.pk}/activity")
    assert api.status_code == 200
    items = api.json()["items"]
    assert {item["id"] for item in items} == expected_ids
    assert len(items) == len(expected_ids)

    page = client.get(f"/members/{subject.pk}/")
    assert page.status_code == 200
    assert {a.pk for a in page.context["page"].items} == expected_ids
    html = page.content.decode()
    for name in ("programme", "staff"):
        space_name = f"{name.title()}-Space"
        assert (space_name in html) is (name in expected), space_name
    private_label = str(account_verbs.MemberLoggedIn.label)
    assert (f"<span>{private_label}</span>" in html) is ("logged_in" in expected)


def test_timeline_of_a_private_member_is_hidden_with_the_profile(
    subject, timeline, other_member, client_for
):
    subject.profile_visibility = PRIVATE
    subject.save(update_fields=["profile_visibility"])
    assert client_for(other_member).get(f"/api/v1/members/{subject.pk}/activity").status_code == 404
    assert client_for(None).get(f"/api/v1/members/{subject.pk}/activity").status_code == 404
    assert client_for(subject).get(f"/api/v1/members/{subject.pk}/activity").status_code == 200


def test_timeline_programme_space_visible_to_programme_members_only(
    subject, timeline, ambassador, member, client_for
):
    programme_activity = timeline[Visibility.PROGRAMME.value].pk
    seen_by_ambassador = {
        item["id"]
        for item in client_for(ambassador)
        .get(f"/api/v1/members/{subject.pk}/activity")
        .json()["items"]
    }
    seen_by_member = {
        item["id"]
        for item in client_for(member).get(f"/api/v1/members/{subject.pk}/activity").json()["items"]
    }
    assert programme_activity in seen_by_ambassador
    assert programme_activity not in seen_by_member
