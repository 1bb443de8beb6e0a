"""The members API: authentication (session, token), profile updates, lists and taxonomies."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ruche.accounts.models import ApiToken, User
from ruche.accounts.roles import Role
from ruche.accounts.services import api_token_create, api_token_revoke
from ruche.accounts.tests.factories import (
    ProductAreaFactory,
    SegmentFactory,
    UserFactory,
    member_with_role,
)
from ruche.activity.models import Activity

pytestmark = pytest.mark.django_db


def _bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def _patch(client, body, **extra):
    return client.patch(
        "/api/v1/me", data=json.dumps(body), content_type="application/json", **extra
    )


# --- Authentication -------------------------------------------------------------------------


def test_me_needs_authentication(client):
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Authentication required.", "errors": []}


def test_me_with_session(member, client_for):
    response = client_for(member).get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == member.pk
    assert body["email"] == member.email
    assert body["display_name"] == "Marie Member"
    assert body["roles"] == ["member"]


def test_me_with_a_personal_token(member):
    _token, raw = api_token_create(member=member, name="script")
    response = Client().get("/api/v1/me", **_bearer(raw))
    assert response.status_code == 200
    assert response.json()["id"] == member.pk
    assert ApiToken.objects.get(user=member).last_used_at is not None


def test_revoked_token_is_refused(member):
    token, raw = api_token_create(member=member, name="script")
    client = Client()
    assert client.get("/api/v1/me", **_bearer(raw)).status_code == 200
    api_token_revoke(member=member, token_id=token.pk)
    response = client.get("/api/v1/me", **_bearer(raw))
    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication required."


def test_revoking_through_the_api(member):
    token, raw = api_token_create(member=member, name="script")
    client = Client()
    assert client.delete(f"/api/v1/me/tokens/{token.pk}", **_bearer(raw)).status_code == 204
    assert client.get("/api/v1/me", **_bearer(raw)).status_code == 401


def test_token_of_an_inactive_member_is_refused(member):
    _token, raw = api_token_create(member=member, name="script")
    User.objects.filter(pk=member.pk).update(is_active=False)
    assert Client().get("/api/v1/me", **_bearer(raw)).status_code == 401


@pytest.mark.parametrize(
    "raw",
    [
        "garbage",
        "ruche_not-a-real-token",
        "ruche_" + "x" * 200,
        "",
    ],
)
def test_garbage_token_is_refused(member, raw):
    api_token_create(member=member, name="script")
    response = Client().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication required."


def test_only_the_token_hash_is_stored(member):
    token, raw = api_token_create(member=member, name="script")
    assert raw.startswith("ruche_")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert stored.key_prefix == raw[: len(stored.key_prefix)]
    assert len(stored.key_prefix) < len(raw) // 3
    for value in ApiToken.objects.filter(pk=token.pk).values().get().values():
        assert str(value) != raw
        assert raw[len(stored.key_prefix) :] not in str(value)


def test_token_created_through_the_api_is_shown_once(member, client_for):
    client = client_for(member)
    created = client.post(
        "/api/v1/me/tokens", data=json.dumps({"name": "ci"}), content_type="application/json"
    )
    assert created.status_code == 201
    raw = created.json()["token"]
    assert Client().get("/api/v1/me", **_bearer(raw)).json()["id"] == member.pk
    listed = client.get("/api/v1/me/tokens").json()
    assert [t["name"] for t in listed] == ["ci"]
    assert "token" not in listed[0]
    assert raw not in json.dumps(listed)


# --- Profile updates ------------------------------------------------------------------------

BAD_PATCHES = [
    pytest.param({"segment": "astronaut"}, ["segment"], id="unknown-segment"),
    pytest.param({"display_name": "x" * 200}, ["display_name"], id="long-name"),
    pytest.param({"country": "ZZ"}, ["country"], id="bad-country"),
    pytest.param({"ui_language": "xx"}, ["ui_language"], id="bad-ui-language"),
    pytest.param({"language": "klingon"}, ["language"], id="bad-language"),
    pytest.param({"profile_visibility": "everyone"}, ["profile_visibility"], id="bad-visibility"),
    pytest.param({"bio": "b" * 501}, ["bio"], id="long-bio"),
    pytest.param({"country": "ZZ", "ui_language": "xx"}, ["country", "ui_language"], id="two"),
]


@pytest.mark.parametrize(("body", "fields"), BAD_PATCHES)
def test_bad_profile_update_is_refused_and_changes_nothing(member, client_for, body, fields):
    segment = SegmentFactory(slug="gp")
    User.objects.filter(pk=member.pk).update(segment=segment, ui_language="en", bio="Hello")
    client = client_for(member)
    before = User.objects.values().get(pk=member.pk)
    activities = Activity.objects.count()

    response = _patch(client, {**body, "organisation": "Cabinet Dupont"})

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert sorted(error["field"] for error in errors) == sorted(fields)
    assert all(error["reason"] for error in errors)
    assert response.json()["detail"] == "Invalid input."
    assert User.objects.values().get(pk=member.pk) == before
    assert Activity.objects.count() == activities


def test_good_profile_update_is_saved_and_recorded(member, client_for):
    SegmentFactory(slug="nurse")
    response = _patch(
        client_for(member),
        {
            "display_name": "Marie Curie",
            "segment": "nurse",
            "country": "be",
            "ui_language": "fr",
            "bio": "Infirmière libérale.",
            "profile_visibility": "public",
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["display_name"] == "Marie Curie"
    assert body["segment"]["slug"] == "nurse"
    assert body["country"] == "BE"
    assert body["ui_language"] == "fr"
    assert body["profile_visibility"] == "public"

    member.refresh_from_db()
    assert member.display_name == "Marie Curie"
    assert member.segment.slug == "nurse"
    assert member.country.code == "BE"
    assert member.bio == "Infirmière libérale."

    activity = Activity.objects.get(actor=member, verb="member.profile_updated")
    assert activity.payload == {
        "fields": sorted(
            ["bio", "country", "display_name", "profile_visibility", "segment", "ui_language"]
        )
    }


def test_profile_update_can_clear_the_segment(member, client_for):
    User.objects.filter(pk=member.pk).update(segment=SegmentFactory(slug="gp"))
    response = _patch(client_for(member), {"segment": ""})
    assert response.status_code == 200
    assert response.json()["segment"] is None
    member.refresh_from_db()
    assert member.segment is None


def test_profile_update_without_change_records_nothing(member, client_for):
    response = _patch(client_for(member), {"display_name": "Marie Member"})
    assert response.status_code == 200
    assert not Activity.objects.filter(verb="member.profile_updated").exists()


def test_profile_update_refuses_fields_that_are_not_editable(member, client_for):
    response = _patch(client_for(member), {"email": "new@example.org", "is_staff": True})
    # Unknown fields are ignored by the schema; nothing else changes.
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.email != "new@example.org"
    assert member.is_staff is False


def test_profile_update_with_a_token(member):
    _token, raw = api_token_create(member=member, name="script")
    response = _patch(Client(), {"organisation": "Clinique"}, **_bearer(raw))
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.organisation == "Clinique"


# --- CSRF -----------------------------------------------------------------------------------


def test_session_write_without_csrf_token_is_refused(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.get("/api/v1/me").status_code == 200

    response = _patch(client, {"organisation": "Forged"})
    assert response.status_code == 403
    token_response = client.post(
        "/api/v1/me/tokens", data=json.dumps({"name": "forged"}), content_type="application/json"
    )
    assert token_response.status_code == 403

    member.refresh_from_db()
    assert member.organisation == ""
    assert not ApiToken.objects.exists()


def test_session_write_with_csrf_token_is_accepted(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.get("/")  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    response = _patch(client, {"organisation": "Genuine"}, HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.organisation == "Genuine"


def test_token_write_needs_no_csrf_token(member):
    _token, raw = api_token_create(member=member, name="script")
    client = Client(enforce_csrf_checks=True)
    response = _patch(client, {"organisation": "Scripted"}, **_bearer(raw))
    assert response.status_code == 200


# --- Members list: constant number of queries -----------------------------------------------


def _make_members(count: int, segment) -> None:
    roles = [Role.MEMBER, Role.AMBASSADOR, Role.MODERATOR]
    for index in range(count):
        role = roles[index % len(roles)]
        if role == Role.MEMBER:
            UserFactory(segment=segment, organisation=f"Org {index}")
        else:
            member_with_role(role, segment=segment, organisation=f"Org {index}")


def _count_queries(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize(
    ("url", "count_items"),
    [
        ("/api/v1/members", lambda r: len(r.json()["items"])),
        ("/members/", lambda r: len(r.context["page"].items)),
    ],
    ids=["api", "page"],
)
def test_member_list_queries_do_not_grow_with_members(member, client_for, url, count_items):
    segment = SegmentFactory(slug="gp")
    client = client_for(member)
    _make_members(5, segment)
    small, response = _count_queries(client, url)
    assert count_items(response) == 6

    _make_members(25, segment)
    large, response = _count_queries(client, url)
    assert count_items(response) == 30
    assert large == small


def test_member_list_api_stays_under_a_fixed_budget(
    member, client_for, django_assert_max_num_queries
):
    _make_members(30, SegmentFactory(slug="gp"))
    client = client_for(member)
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/members", {"limit": 100})
    assert len(response.json()["items"]) == 31


def test_member_list_api_filters(member, client_for):
    nurse = SegmentFactory(slug="nurse")
    UserFactory(display_name="Nina Nurse", segment=nurse, country="BE")
    member_with_role(Role.AMBASSADOR, display_name="Alan Ambassador")
    client = client_for(member)

    def names(**params):
        return [m["display_name"] for m in client.get("/api/v1/members", params).json()["items"]]

    assert names(segment="nurse") == ["Nina Nurse"]
    assert names(country="be") == ["Nina Nurse"]
    assert names(role="ambassador") == ["Alan Ambassador"]
    assert names(q="nina") == ["Nina Nurse"]


def test_member_list_api_pages_by_cursor(member, client_for):
    for index in range(7):
        UserFactory(display_name=f"Same Name {index % 2}")
    client = client_for(member)
    seen, params = [], {"limit": 3}
    while True:
        body = client.get("/api/v1/members", params).json()
        seen.extend(item["id"] for item in body["items"])
        if not body["next_cursor"]:
            break
        params = {"limit": 3, "cursor": body["next_cursor"]}
    assert sorted(seen) == sorted(User.objects.values_list("id", flat=True))
    assert len(seen) == len(set(seen)) == 8


@pytest.mark.parametrize("limit", [0, 101, -1])
def test_member_list_limit_is_bounded(member, client_for, limit):
    response = client_for(member).get("/api/v1/members", {"limit": limit})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


# --- Taxonomies -----------------------------------------------------------------------------


def test_segments_are_readable_anonymously(client):
    SegmentFactory(slug="nurse", names={"en": "Nurse", "fr": "Infirmier·e"}, position=2)
    SegmentFactory(slug="gp", names={"en": "General practitioner"}, position=1)
    SegmentFactory(slug="retired", is_active=False)
    response = client.get("/api/v1/segments")
    assert response.status_code == 200
    body = response.json()
    assert [s["slug"] for s in body] == ["gp", "nurse"]
    assert body[1]["name"] == "Nurse"
    assert body[1]["names"] == {"en": "Nurse", "fr": "Infirmier·e"}


def test_segment_names_follow_the_language(client):
    SegmentFactory(slug="nurse", names={"en": "Nurse", "fr": "Infirmier·e"})
    response = client.get("/api/v1/segments", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()[0]["name"] == "Infirmier·e"


def test_product_areas_are_readable_anonymously(client, product_manager):
    agenda = ProductAreaFactory(slug="agenda", names={"en": "Agenda"})
    agenda.product_managers.add(product_manager)
    ProductAreaFactory(slug="fax", is_active=False)
    response = client.get("/api/v1/product-areas")
    assert response.status_code == 200
    body = response.json()
    assert [a["slug"] for a in body] == ["agenda"]
    assert body[0]["product_managers"] == [
        {"id": product_manager.pk, "display_name": "Paul Product"}
    ]
    staff_view = Client()
    staff_view.force_login(product_manager)
    assert [a["slug"] for a in staff_view.get("/api/v1/product-areas").json()] == ["agenda", "fax"]
