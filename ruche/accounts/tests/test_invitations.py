"""Invitations: one by one (service, page, API) and by CSV (accepting them: test_invitation_acceptance)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ruche.accounts.models import Invitation
from ruche.accounts.roles import Role
from ruche.accounts.services import (
    invitation_create_from_csv,
    invitation_revoke,
)
from ruche.activity.models import Activity

from .invitation_helpers import INVITEE
from .invitation_helpers import invite as _invite
from .invitation_helpers import token_in as _token_in

pytestmark = pytest.mark.django_db

# --- One invitation -------------------------------------------------------------------------


def test_service_invites_and_sends_the_link(community_manager, segment, sent, mailoutbox):
    with sent():
        invitation, raw = _invite(
            community_manager,
            email=" New.Person@Example.org ",
            role=Role.AMBASSADOR,
            segment=segment,
        )
    assert invitation.email == INVITEE
    assert invitation.role == Role.AMBASSADOR
    assert invitation.segment == segment
    assert invitation.invited_by == community_manager
    assert invitation.status == "pending"
    # Only the hash of the token is kept.
    assert invitation.token_hash == Invitation.hash_token(raw)
    assert raw not in invitation.token_hash

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [INVITEE]
    assert _token_in(message) == raw
    assert Activity.objects.filter(actor=community_manager, verb="invitation.sent").count() == 1


def test_no_mail_leaves_when_the_invitation_is_rolled_back(community_manager, mailoutbox):
    from django.db import transaction

    def invite_then_fail() -> None:
        with transaction.atomic():
            _invite(community_manager)
            raise RuntimeError("something later in the same request failed")

    with pytest.raises(RuntimeError):
        invite_then_fail()
    assert mailoutbox == []
    assert not Invitation.objects.exists()


def test_page_invites_one_person(community_manager, segment, client_for, sent, mailoutbox):
    client = client_for(community_manager)
    assert client.get("/staff/invitations/").status_code == 200
    with sent():
        response = client.post(
            "/staff/invitations/",
            {
                "kind": "single",
                "email": INVITEE,
                "role": Role.AMBASSADOR,
                "segment": segment.pk,
                "display_name": "New Person",
                "organisation": "",
                "country": "FR",
                "language": "en",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/staff/invitations/"
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.segment) == (
        INVITEE,
        Role.AMBASSADOR,
        segment,
    )
    assert len(mailoutbox) == 1
    assert invitation.token_hash == Invitation.hash_token(_token_in(mailoutbox[0]))
    assert INVITEE in client.get("/staff/invitations/").content.decode()


def test_api_invites_one_person(community_manager, segment, client_for, sent, mailoutbox):
    with sent():
        response = client_for(community_manager).post(
            "/api/v1/invitations",
            data=json.dumps({"email": INVITEE, "role": "ambassador", "segment": segment.slug}),
            content_type="application/json",
        )
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == INVITEE
    assert body["role"] == "ambassador"
    assert body["segment"]["slug"] == segment.slug
    assert body["status"] == "pending"
    assert "token" not in body
    assert len(mailoutbox) == 1
    invitation = Invitation.objects.get(pk=body["id"])
    assert invitation.token_hash == Invitation.hash_token(_token_in(mailoutbox[0]))


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-address"}, "email"),
        ({"email": INVITEE, "role": "overlord"}, "role"),
        ({"email": INVITEE, "segment": "astronaut"}, "segment"),
        ({"email": INVITEE, "country": "ZZ"}, "country"),
        ({"email": INVITEE, "language": "xx"}, "language"),
    ],
)
def test_api_refuses_bad_invitations(community_manager, client_for, mailoutbox, body, field):
    response = client_for(community_manager).post(
        "/api/v1/invitations", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert field in [error["field"] for error in response.json()["errors"]]
    assert not Invitation.objects.exists()
    assert mailoutbox == []


@pytest.mark.parametrize("role", ["member", "ambassador", "moderator", "support_agent"])
def test_only_member_managers_may_invite(role, request, client_for, sent, mailoutbox):
    user = request.getfixturevalue(role)
    client = client_for(user)
    with sent():
        api = client.post(
            "/api/v1/invitations",
            data=json.dumps({"email": INVITEE}),
            content_type="application/json",
        )
        csv_api = client.post(
            "/api/v1/invitations/csv",
            data=json.dumps({"csv": f"email\n{INVITEE}\n"}),
            content_type="application/json",
        )
        page_get = client.get("/staff/invitations/")
        page_post = client.post("/staff/invitations/", {"kind": "single", "email": INVITEE})
    assert api.status_code == 403
    assert csv_api.status_code == 403
    assert client.get("/api/v1/invitations").status_code == 403
    assert page_get.status_code == 404
    assert page_post.status_code == 404
    with pytest.raises(PermissionDenied):
        _invite(user)
    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_anonymous_may_not_invite(client):
    response = client.post(
        "/api/v1/invitations", data=json.dumps({"email": INVITEE}), content_type="application/json"
    )
    assert response.status_code == 401
    page = client.get("/staff/invitations/")
    assert page.status_code == 302
    assert page["Location"].startswith("/accounts/login/")


def test_pending_duplicate_is_refused_everywhere(community_manager, client_for, sent, mailoutbox):
    with sent():
        _invite(community_manager)
    client = client_for(community_manager)

    with pytest.raises(ValidationError) as excinfo:
        _invite(community_manager, email="NEW.Person@example.org")
    assert list(excinfo.value.message_dict) == ["email"]

    api = client.post(
        "/api/v1/invitations", data=json.dumps({"email": INVITEE}), content_type="application/json"
    )
    assert api.status_code == 422
    assert [error["field"] for error in api.json()["errors"]] == ["email"]

    page = client.post(
        "/staff/invitations/",
        {"kind": "single", "email": INVITEE, "role": "member", "language": "fr"},
    )
    assert page.status_code == 200
    assert "email" in page.context["form"].errors

    assert Invitation.objects.count() == 1
    assert len(mailoutbox) == 1


def test_revoked_or_expired_invitation_may_be_sent_again(community_manager, sent, mailoutbox):
    first, _raw = _invite(community_manager)
    invitation_revoke(invitation=first, actor=community_manager)
    second, _raw = _invite(community_manager)
    Invitation.objects.filter(pk=second.pk).update(expires_at=timezone.now() - timedelta(days=1))
    third, _raw = _invite(community_manager)
    assert Invitation.objects.filter(email=INVITEE).count() == 3
    assert third.status == "pending"


# --- CSV ------------------------------------------------------------------------------------

GOOD_CSV = (
    "email,role,segment,display_name,organisation,country,language\n"
    "alice@example.org,member,nurse,Alice A,Cabinet A,FR,fr\n"
    "bob@example.org,ambassador,,Bob B,,BE,en\n"
    "carla@example.org,,nurse,,,,\n"
)


def test_valid_csv_creates_one_invitation_and_one_mail_per_row(
    community_manager, segment, sent, mailoutbox
):
    with sent():
        result = invitation_create_from_csv(inviter=community_manager, content=GOOD_CSV)
    assert result.errors == []
    assert len(result.invitations) == 3
    invitations = {i.email: i for i in Invitation.objects.all()}
    assert set(invitations) == {"alice@example.org", "bob@example.org", "carla@example.org"}
    assert invitations["bob@example.org"].role == Role.AMBASSADOR
    assert invitations["carla@example.org"].role == Role.MEMBER
    assert invitations["alice@example.org"].segment == segment
    assert invitations["bob@example.org"].country.code == "BE"

    assert sorted(m.to[0] for m in mailoutbox) == sorted(invitations)
    for message in mailoutbox:
        token = _token_in(message)
        assert invitations[message.to[0]].token_hash == Invitation.hash_token(token)


def test_semicolon_csv_uploaded_on_the_page(
    community_manager, segment, client_for, sent, mailoutbox
):
    content = (
        "\ufeffemail;role;segment\nalice@example.org;member;nurse\nbob@example.org;ambassador;\n"
    )
    upload = SimpleUploadedFile("people.csv", content.encode(), content_type="text/csv")
    with sent():
        response = client_for(community_manager).post(
            "/staff/invitations/", {"kind": "csv", "file": upload}
        )
    assert response.status_code == 302
    assert Invitation.objects.count() == 2
    assert len(mailoutbox) == 2


def test_csv_through_the_api(community_manager, segment, client_for, sent, mailoutbox):
    with sent():
        response = client_for(community_manager).post(
            "/api/v1/invitations/csv",
            data=json.dumps({"csv": GOOD_CSV}),
            content_type="application/json",
        )
    assert response.status_code == 201
    assert sorted(i["email"] for i in response.json()) == [
        "alice@example.org",
        "bob@example.org",
        "carla@example.org",
    ]
    assert len(mailoutbox) == 3


HEADER = "email,role,segment,display_name\n"
GOOD_ROWS = "alice@example.org,member,nurse,Alice\nbob@example.org,ambassador,,Bob\n"


@pytest.mark.parametrize(
    ("bad_row", "field"),
    [
        pytest.param("not-an-address,member,,Bad\n", "email", id="bad-email"),
        pytest.param("dan@example.org,overlord,,Dan\n", "role", id="unknown-role"),
        pytest.param("dan@example.org,member,astronaut,Dan\n", "segment", id="unknown-segment"),
        pytest.param("Alice@Example.org,member,,Again\n", "email", id="duplicate-line"),
    ],
)
def test_csv_with_one_bad_row_sends_nothing(
    community_manager, segment, client_for, sent, mailoutbox, bad_row, field
):
    content = HEADER + GOOD_ROWS + bad_row + "erin@example.org,member,,Erin\n"
    with sent():
        result = invitation_create_from_csv(inviter=community_manager, content=content)
    assert [(e.line, e.field) for e in result.errors] == [(4, field)]
    assert result.invitations == []

    with sent():
        api = client_for(community_manager).post(
            "/api/v1/invitations/csv",
            data=json.dumps({"csv": content}),
            content_type="application/json",
        )
    assert api.status_code == 422
    assert [(e["line"], e["field"]) for e in api.json()["errors"]] == [(4, field)]

    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_csv_reports_every_error_with_its_line(
    community_manager, segment, client_for, sent, mailoutbox
):
    content = (
        HEADER
        + "alice@example.org,member,nurse,Alice\n"  # line 2: fine
        + "not-an-address,member,,Bad\n"  # line 3
        + "dan@example.org,overlord,,Dan\n"  # line 4
        + "erin@example.org,member,astronaut,Erin\n"  # line 5
        + "alice@example.org,member,,Alice again\n"  # line 6
        + "fred@example.org,overlord,astronaut,Fred\n"  # line 7: two errors
    )
    with sent():
        result = invitation_create_from_csv(inviter=community_manager, content=content)
    assert sorted((e.line, e.field) for e in result.errors) == [
        (3, "email"),
        (4, "role"),
        (5, "segment"),
        (6, "email"),
        (7, "role"),
        (7, "segment"),
    ]
    assert all(e.reason for e in result.errors)
    duplicate = next(e for e in result.errors if e.line == 6)
    assert "2" in duplicate.reason  # "Already on line 2."

    upload = SimpleUploadedFile("people.csv", content.encode(), content_type="text/csv")
    with sent():
        page = client_for(community_manager).post(
            "/staff/invitations/", {"kind": "csv", "file": upload}
        )
    assert page.status_code == 200
    assert [(e.line, e.field) for e in page.context["csv_errors"]] == [
        (e.line, e.field) for e in result.errors
    ]
    html = page.content.decode()
    for line in (3, 4, 5, 6, 7):
        assert f"Line {line}," in html

    assert not Invitation.objects.exists()
    assert mailoutbox == []


def test_csv_line_numbers_count_blank_lines(community_manager, segment):
    content = HEADER + "alice@example.org,member,,Alice\n\n\nnot-an-address,member,,Bad\n"
    result = invitation_create_from_csv(inviter=community_manager, content=content)
    # The bad address is on the fifth line of the file.
    assert [(e.line, e.field) for e in result.errors] == [(5, "email")]


def test_csv_refuses_addresses_already_invited(community_manager, segment, sent, mailoutbox):
    with sent():
        _invite(community_manager, email="bob@example.org")
        result = invitation_create_from_csv(inviter=community_manager, content=HEADER + GOOD_ROWS)
    assert [(e.line, e.field) for e in result.errors] == [(3, "email")]
    assert Invitation.objects.count() == 1
    assert len(mailoutbox) == 1


@pytest.mark.parametrize(
    ("content", "line", "field"),
    [
        pytest.param("name,role\nAlice,member\n", 1, "email", id="no-email-column"),
        pytest.param("email,shoe_size\na@example.org,42\n", 1, "shoe_size", id="unknown-column"),
        pytest.param("email\n", 2, "email", id="empty"),
    ],
)
def test_csv_with_a_wrong_header_is_refused(community_manager, content, line, field, mailoutbox):
    result = invitation_create_from_csv(inviter=community_manager, content=content)
    assert [(e.line, e.field) for e in result.errors] == [(line, field)]
    assert not Invitation.objects.exists()
