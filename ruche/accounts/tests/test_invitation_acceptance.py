"""Invitations accepted: the whole way from the link to a new member, and spent invitations."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.core.exceptions import ValidationError
from django.utils import timezone

from ruche.accounts.models import Invitation, User
from ruche.accounts.roles import Role
from ruche.accounts.services import (
    InvitationRequest,
    invitation_accept,
    invitation_create,
    invitation_revoke,
)
from ruche.accounts.signals import INVITATION_SESSION_KEY
from ruche.activity.models import Activity

from .invitation_helpers import INVITEE, PASSWORD
from .invitation_helpers import invite as _invite
from .invitation_helpers import token_in as _token_in

pytestmark = pytest.mark.django_db


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
    from ruche.accounts.services import invitation_revoke

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
