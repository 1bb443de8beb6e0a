"""Invitations: one by one (service, page, API), by CSV, and the whole way to a new member."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from ruche.accounts.models import Invitation, User
from ruche.accounts.roles import Role
from ruche.accounts.services import (
    InvitationRequest,
    invitation_accept,
    invitation_create,
    invitation_create_from_csv,
    invitation_revoke,
)
from ruche.accounts.signals import INVITATION_SESSION_KEY
from ruche.activity.models import Activity

pytestmark = pytest.mark.django_db

INVITEE = "new.person@example.org"
PASSWORD = "a-long-and-unusual-passphrase-42"
LINK = re.compile(r"/invitations/([A-Za-z0-9_-]+)/")


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run what waits for the commit (e-mails are sent only once the invitation is stored)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _token_in(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    assert f"{settings.SITE_URL}/invitations/{match.group(1)}/" in message.body
    return match.group(1)


def _invite(inviter, email=INVITEE, **fields):
    return invitation_create(inviter=inviter, request=InvitationRequest(email=email, **fields))


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


# --- Accepting ------------------------------------------------------------------------------


@pytest.fixture
def ambassador_invitation(community_manager, segment, sent, mailoutbox):
    with sent():
        invitation, raw = _invite(
            community_manager, role=Role.AMBASSADOR, segment=segment, organisation="Cabinet B"
        )
    token = _token_in(mailoutbox[0])
    assert token == raw
    mailoutbox.clear()
    return invitation, token


def _signup(client, email, **extra):
    return client.post(
        "/accounts/signup/",
        {
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "display_name": "New Person",
            "segment": "",
            **extra,
        },
    )


def test_full_flow_from_link_to_member(ambassador_invitation, segment, client, sent, mailoutbox):
    invitation, token = ambassador_invitation

    landing = client.get(f"/invitations/{token}/")
    assert landing.status_code == 302
    target = urlsplit(landing["Location"])
    assert target.path == "/accounts/signup/"
    assert parse_qs(target.query)["email"] == [INVITEE]

    signup_page = client.get(landing["Location"])
    assert signup_page.status_code == 200
    assert signup_page.context["form"].initial["email"] == INVITEE
    assert f'value="{INVITEE}"' in signup_page.content.decode()

    with sent():
        response = _signup(client, INVITEE)
    assert response.status_code == 302
    assert response["Location"] == "/"

    # Signed in at once: the address was proven by following the link.
    assert mailoutbox == []
    me = client.get("/api/v1/me")
    assert me.status_code == 200
    member = User.objects.get(email=INVITEE)
    assert me.json()["id"] == member.pk
    assert EmailAddress.objects.get(user=member).verified is True

    assert member.has_role(Role.AMBASSADOR)
    assert member.primary_role == Role.AMBASSADOR
    assert member.segment == segment
    assert member.display_name == "New Person"
    assert member.organisation == "Cabinet B"
    invitation.refresh_from_db()
    assert invitation.status == "accepted"
    assert invitation.accepted_by == member
    assert invitation.accepted_at is not None

    verbs = set(Activity.objects.filter(actor=member).values_list("verb", flat=True))
    assert {"invitation.accepted", "member.joined", "member.role_granted"} <= verbs
    joined = Activity.objects.get(actor=member, verb="member.joined")
    assert joined.payload == {"invited": True}
    assert INVITATION_SESSION_KEY not in client.session

    # The link is spent.
    assert client.get(f"/invitations/{token}/").status_code == 410


def test_signup_keeps_the_specialty_the_person_chose(ambassador_invitation, client, sent):
    from ruche.accounts.tests.factories import SegmentFactory

    _invitation, token = ambassador_invitation
    gp = SegmentFactory(slug="gp")
    client.get(f"/invitations/{token}/")
    with sent():
        _signup(client, INVITEE, segment=gp.pk)
    assert User.objects.get(email=INVITEE).segment == gp


def test_email_with_a_plus_is_prefilled(community_manager, client):
    email = "first.last+ruche@example.org"
    _invitation, token = _invite(community_manager, email=email)
    landing = client.get(f"/invitations/{token}/")
    target = urlsplit(landing["Location"])
    assert parse_qs(target.query)["email"] == [email]
    signup_page = client.get(landing["Location"])
    assert signup_page.context["form"].initial.get("email") == email


def test_signup_from_the_link_with_another_address_keeps_the_proven_one(
    ambassador_invitation, client, sent, mailoutbox
):
    # The link proves the invited address only; allauth makes it the account's primary,
    # verified address and keeps the one typed in as a second, unverified address.
    invitation, token = ambassador_invitation
    client.get(f"/invitations/{token}/")
    with sent():
        response = _signup(client, "someone.else@example.org")
    assert response.status_code == 302
    member = User.objects.get(email=INVITEE)
    assert not User.objects.filter(email="someone.else@example.org").exists()
    addresses = dict(EmailAddress.objects.filter(user=member).values_list("email", "verified"))
    assert addresses == {INVITEE: True, "someone.else@example.org": False}
    assert client.get("/api/v1/me").json()["email"] == INVITEE
    invitation.refresh_from_db()
    assert invitation.accepted_by == member


def test_signup_without_the_link_needs_verification_and_gets_no_role(
    ambassador_invitation, client, sent, mailoutbox
):
    invitation, _token = ambassador_invitation
    with sent():
        response = _signup(client, INVITEE)
    assert response.status_code == 302
    assert response["Location"] != "/"
    assert client.get("/api/v1/me").status_code == 401
    assert [m.to for m in mailoutbox] == [[INVITEE]]
    member = User.objects.get(email=INVITEE)
    assert EmailAddress.objects.get(user=member).verified is False
    assert not member.has_role(Role.AMBASSADOR)
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert Activity.objects.get(actor=member, verb="member.joined").payload == {"invited": False}


def test_existing_member_with_the_invited_address_signs_in_then_accepts(
    community_manager, client, client_for
):
    existing = User.objects.create_user(INVITEE, "whatever-password-123", display_name="Exi")
    _invitation, token = _invite(community_manager, role=Role.AMBASSADOR)
    landing = client.get(f"/invitations/{token}/")
    assert landing.status_code == 302
    assert landing["Location"] == f"/accounts/login/?next=/invitations/{token}/"

    signed_in = client_for(existing)
    assert signed_in.get(f"/invitations/{token}/").status_code == 200
    accepted = signed_in.post(f"/invitations/{token}/")
    assert accepted.status_code == 302
    existing.refresh_from_db()
    existing.__dict__.pop("role_slugs", None)
    assert existing.has_role(Role.AMBASSADOR)


def test_member_cannot_accept_an_invitation_sent_to_another_address(
    ambassador_invitation, member, client_for
):
    invitation, token = ambassador_invitation
    client = client_for(member)
    assert client.get(f"/invitations/{token}/").status_code == 200
    response = client.post(f"/invitations/{token}/", follow=True)
    assert response.status_code == 200
    messages = [str(m) for m in response.context["messages"]]
    assert any("another address" in m for m in messages)

    with pytest.raises(ValidationError) as excinfo:
        invitation_accept(raw_token=token, member=member)
    assert "token" in excinfo.value.message_dict

    member.refresh_from_db()
    member.__dict__.pop("role_slugs", None)
    assert not member.has_role(Role.AMBASSADOR)
    invitation.refresh_from_db()
    assert invitation.status == "pending"
    assert not Activity.objects.filter(verb="invitation.accepted").exists()


def _expire(invitation, actor):
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )


def _revoke(invitation, actor):
    invitation_revoke(invitation=invitation, actor=actor)


@pytest.mark.parametrize(("spoil", "status"), [(_expire, "expired"), (_revoke, "revoked")])
def test_spent_invitations_cannot_be_accepted(
    ambassador_invitation, community_manager, client, client_for, spoil, status
):
    invitation, token = ambassador_invitation
    spoil(invitation, community_manager)
    invitation.refresh_from_db()
    assert invitation.status == status

    landing = client.get(f"/invitations/{token}/")
    assert landing.status_code == 410
    assert INVITATION_SESSION_KEY not in client.session

    invitee = User.objects.create_user(INVITEE, "whatever-password-123")
    signed_in = client_for(invitee)
    assert signed_in.post(f"/invitations/{token}/").status_code == 410
    with pytest.raises(ValidationError) as excinfo:
        invitation_accept(raw_token=token, member=invitee)
    assert "token" in excinfo.value.message_dict

    invitee.__dict__.pop("role_slugs", None)
    assert not invitee.has_role(Role.AMBASSADOR)
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_unknown_token_is_404(client):
    assert client.get("/invitations/not-a-real-token/").status_code == 404
    assert client.get(f"/invitations/{'x' * 300}/").status_code == 404


def test_revoking_through_the_api(ambassador_invitation, community_manager, member, client_for):
    invitation, _token = ambassador_invitation
    assert client_for(member).delete(f"/api/v1/invitations/{invitation.pk}").status_code == 404
    response = client_for(community_manager).delete(f"/api/v1/invitations/{invitation.pk}")
    assert response.status_code == 204
    invitation.refresh_from_db()
    assert invitation.status == "revoked"
    again = client_for(community_manager).delete(f"/api/v1/invitations/{invitation.pk}")
    assert again.status_code == 422


def test_api_filters_invitations_by_status_in_the_database(community_manager, client_for, sent):
    from ruche.accounts.services import InvitationRequest, invitation_create, invitation_revoke

    with sent():
        first, _raw = invitation_create(
            inviter=community_manager, request=InvitationRequest(email="a@example.org")
        )
        invitation_create(
            inviter=community_manager, request=InvitationRequest(email="b@example.org")
        )
    invitation_revoke(invitation=first, actor=community_manager)
    client = client_for(community_manager)
    pending = client.get("/api/v1/invitations?status=pending").json()
    revoked = client.get("/api/v1/invitations?status=revoked").json()
    assert [i["email"] for i in pending] == ["b@example.org"]
    assert [i["email"] for i in revoked] == ["a@example.org"]
    bad = client.get("/api/v1/invitations?status=lost")
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "status"
