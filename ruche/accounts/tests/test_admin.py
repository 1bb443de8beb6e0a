"""The admin asks the permission module: each staff role sees and changes there only what its
named actions allow, and nobody but an administrator grants superuser or staff status, roles or
another account's password, or edits an administrator's account (the escalations a community
manager could once make)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from ruche.accounts.models import Invitation, User
from ruche.accounts.roles import Role
from ruche.accounts.services import (
    InvitationRequest,
    invitation_create,
    member_grant_role,
    member_revoke_role,
)
from ruche.accounts.tests.factories import ProductAreaFactory, SegmentFactory, UserFactory
from ruche.activity.models import Activity

pytestmark = pytest.mark.django_db

ROLES = [
    "administrator",
    "community_manager",
    "moderator",
    "product_manager",
    "support_agent",
    "member",
]

# The admin lists each role may open (200) — every other one answers 403.
LISTS = {
    "users": "/admin/accounts/user/",
    "segments": "/admin/accounts/segment/",
    "invitations": "/admin/accounts/invitation/",
    "tokens": "/admin/accounts/apitoken/",
    "product areas": "/admin/products/productarea/",
    "spaces": "/admin/spaces/space/",
    "programmes": "/admin/spaces/programme/",
    "programme memberships": "/admin/spaces/programmemembership/",
    "activity": "/admin/activity/activity/",
    "groups": "/admin/auth/group/",
}
OPENS = {
    "administrator": set(LISTS),
    "community_manager": {
        "users",
        "segments",
        "invitations",
        "product areas",
        "spaces",
        "programmes",
        "programme memberships",
        "activity",
    },
    "moderator": {"users", "spaces", "activity"},
    "product_manager": {"product areas", "activity"},
    "support_agent": {"users", "activity"},
    "member": set(),
}


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root@example.org", "correct-horse-battery")


@pytest.fixture
def user_for(request):
    return lambda role: request.getfixturevalue(role)


def _change_url(user: User) -> str:
    return f"/admin/accounts/user/{user.pk}/change/"


def _form(user: User, **changes) -> dict:
    """The change form of ``user`` as the admin posts it, with ``changes``."""
    data = {
        "email": user.email,
        "display_name": user.display_name,
        "segment": user.segment_id or "",
        "organisation": user.organisation,
        "country": user.country.code or "",
        "language": user.language,
        "ui_language": user.ui_language,
        "bio": user.bio,
        "profile_visibility": user.profile_visibility,
        "groups": [group.pk for group in user.groups.all()],
    }
    for flag in ("is_active", "is_staff", "is_superuser"):
        if getattr(user, flag):
            data[flag] = "on"
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        else:
            data[name] = value
    return data


@pytest.mark.parametrize("role", ROLES)
def test_each_role_opens_only_its_lists(role, user_for, client_for):
    client = client_for(user_for(role))
    for name, url in LISTS.items():
        response = client.get(url)
        if role == "member":
            # Not staff: the admin sends them to its sign-in page.
            assert response.status_code == 302, name
            assert "/admin/login/" in response["Location"]
        else:
            expected = 200 if name in OPENS[role] else 403
            assert response.status_code == expected, (role, name, response.status_code)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("administrator", 302),
        ("community_manager", 302),
        ("moderator", 403),
        ("product_manager", 403),
        ("support_agent", 403),
    ],
)
def test_who_changes_a_members_profile(role, status, user_for, member, client_for):
    response = client_for(user_for(role)).post(
        _change_url(member), _form(member, display_name="Renamed")
    )
    assert response.status_code == status
    member.refresh_from_db()
    assert (member.display_name == "Renamed") == (status == 302)


@pytest.mark.parametrize("role", ["moderator", "support_agent"])
def test_viewers_see_a_member_read_only(role, user_for, member, client_for):
    response = client_for(user_for(role)).get(_change_url(member))
    assert response.status_code == 200
    assert b'name="_save"' not in response.content


def test_product_managers_do_not_see_members(product_manager, member, client_for):
    assert client_for(product_manager).get(_change_url(member)).status_code == 403


# --- Escalation attempts by a community manager ------------------------------------------------


def test_community_manager_cannot_make_themselves_superuser(community_manager, client_for):
    admin_group = Group.objects.get(name=Role.ADMINISTRATOR)
    response = client_for(community_manager).post(
        _change_url(community_manager),
        _form(
            community_manager,
            is_superuser="on",
            groups=[admin_group.pk, *community_manager.groups.values_list("pk", flat=True)],
            display_name="Claire C.",
        ),
    )
    assert response.status_code == 302  # the profile change is saved…
    fresh = User.objects.get(pk=community_manager.pk)
    assert fresh.display_name == "Claire C."
    assert not fresh.is_superuser  # …never the access fields
    assert set(fresh.groups.values_list("name", flat=True)) == {Role.COMMUNITY_MANAGER}


def test_community_manager_cannot_give_access_to_a_member(community_manager, member, client_for):
    admin_group = Group.objects.get(name=Role.ADMINISTRATOR)
    client_for(community_manager).post(
        _change_url(member),
        _form(member, is_superuser="on", is_staff="on", groups=[admin_group.pk]),
    )
    member.refresh_from_db()
    assert not member.is_superuser
    assert not member.is_staff
    assert not member.groups.exists()
    page = client_for(community_manager).get(_change_url(member)).content.decode()
    assert 'name="is_superuser"' not in page
    assert 'name="groups"' not in page


def test_community_manager_cannot_set_another_accounts_password(
    community_manager, member, client_for
):
    url = f"/admin/accounts/user/{member.pk}/password/"
    client = client_for(community_manager)
    assert client.get(url).status_code == 403
    response = client.post(
        url,
        {"password1": "a-new-long-pass-phrase", "password2": "a-new-long-pass-phrase"},
    )
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.check_password("correct-horse-battery")
    assert "password/" not in client.get(_change_url(member)).content.decode()


@pytest.mark.parametrize("target", ["administrator", "superuser"])
def test_community_manager_cannot_edit_an_administrators_account(
    target, user_for, community_manager, client_for
):
    account = user_for(target)
    client = client_for(community_manager)
    response = client.post(_change_url(account), _form(account, email="mine@example.org"))
    assert response.status_code == 403
    account.refresh_from_db()
    assert account.email != "mine@example.org"
    password = client.post(
        f"/admin/accounts/user/{account.pk}/password/",
        {"password1": "a-new-long-pass-phrase", "password2": "a-new-long-pass-phrase"},
    )
    assert password.status_code == 403
    assert (
        client.post(f"/admin/accounts/user/{account.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert User.objects.filter(pk=account.pk).exists()


def test_community_manager_cannot_delete_members(community_manager, member, client_for):
    response = client_for(community_manager).post(
        f"/admin/accounts/user/{member.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    assert User.objects.filter(pk=member.pk).exists()


def test_community_manager_cannot_turn_an_invitation_into_an_administrators(
    community_manager, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _raw = invitation_create(
            inviter=community_manager, request=InvitationRequest(email="friend@example.org")
        )
    client_for(community_manager).post(
        f"/admin/accounts/invitation/{invitation.pk}/change/",
        {
            "email": invitation.email,
            "role": Role.ADMINISTRATOR,
            "language": "fr",
            "expires_at_0": invitation.expires_at.date().isoformat(),
            "expires_at_1": "12:00:00",
        },
    )
    assert Invitation.objects.get(pk=invitation.pk).role == Role.MEMBER


def test_an_administrators_invitation_is_not_the_community_managers_to_change(
    administrator, community_manager, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _raw = invitation_create(
            inviter=administrator,
            request=InvitationRequest(email="new.admin@example.org", role=Role.ADMINISTRATOR),
        )
    url = f"/admin/accounts/invitation/{invitation.pk}/change/"
    response = client_for(community_manager).post(url, {"email": "me@example.org"})
    assert response.status_code == 403
    assert Invitation.objects.get(pk=invitation.pk).email == "new.admin@example.org"


def test_community_manager_cannot_invite_an_administrator(community_manager, administrator):
    with pytest.raises(ValidationError) as refused:
        invitation_create(
            inviter=community_manager,
            request=InvitationRequest(email="me.again@example.org", role=Role.ADMINISTRATOR),
        )
    assert "role" in refused.value.message_dict
    invitation, _raw = invitation_create(
        inviter=administrator,
        request=InvitationRequest(email="new.admin@example.org", role=Role.ADMINISTRATOR),
    )
    assert invitation.role == Role.ADMINISTRATOR


def test_community_manager_cannot_grant_or_revoke_the_administrator_role(
    community_manager, administrator, member
):
    with pytest.raises(PermissionDenied):
        member_grant_role(member=member, role=Role.ADMINISTRATOR, actor=community_manager)
    with pytest.raises(PermissionDenied):
        member_revoke_role(member=administrator, role=Role.ADMINISTRATOR, actor=community_manager)
    member_grant_role(member=member, role=Role.MODERATOR, actor=community_manager)
    assert User.objects.get(pk=member.pk).has_role(Role.MODERATOR)


# --- What administrators do -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["administrator", "superuser"])
def test_administrators_grant_access_and_roles(role, user_for, member, client_for):
    moderators = Group.objects.get(name=Role.MODERATOR)
    response = client_for(user_for(role)).post(
        _change_url(member), _form(member, is_staff="on", groups=[moderators.pk])
    )
    assert response.status_code == 302
    member = User.objects.get(pk=member.pk)
    assert member.is_staff
    assert member.has_role(Role.MODERATOR)
    granted = Activity.objects.get(actor=member, verb="member.role_granted")
    assert granted.payload == {"role": Role.MODERATOR, "by": user_for(role).pk}

    client_for(user_for(role)).post(_change_url(member), _form(member, groups=[]))
    assert not User.objects.get(pk=member.pk).has_role(Role.MODERATOR)
    assert Activity.objects.filter(actor=member, verb="member.role_revoked").count() == 1


def test_administrators_make_superusers(administrator, member, client_for):
    client_for(administrator).post(_change_url(member), _form(member, is_superuser="on"))
    member.refresh_from_db()
    assert member.is_superuser


def test_administrators_set_another_accounts_password(administrator, member, client_for):
    response = client_for(administrator).post(
        f"/admin/accounts/user/{member.pk}/password/",
        {
            "password1": "a-new-long-pass-phrase",
            "password2": "a-new-long-pass-phrase",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("a-new-long-pass-phrase")


def test_administrators_edit_each_other(administrator, superuser, client_for):
    response = client_for(administrator).post(
        _change_url(superuser), _form(superuser, display_name="Root")
    )
    assert response.status_code == 302
    superuser.refresh_from_db()
    assert superuser.display_name == "Root"


def test_a_staff_edit_of_a_profile_is_recorded_with_who_made_it(
    community_manager, member, client_for
):
    segment = SegmentFactory(slug="nurse")
    client_for(community_manager).post(_change_url(member), _form(member, segment=segment.pk))
    row = Activity.objects.get(actor=member, verb="member.profile_updated")
    assert row.payload == {"fields": ["segment"], "by": community_manager.pk}


# --- Product managers -----------------------------------------------------------------------


def test_product_managers_change_product_areas_through_the_service(
    product_manager, member, client_for
):
    area = ProductAreaFactory(slug="agenda")
    response = client_for(product_manager).post(
        f"/admin/products/productarea/{area.pk}/change/",
        {
            "slug": "agenda",
            "names_en": "Agenda",
            "names_fr": "Agenda",
            "descriptions_en": "",
            "descriptions_fr": "",
            "position": 0,
            "is_active": "on",
            "product_managers": [member.pk],
        },
    )
    assert response.status_code == 302
    assert list(area.product_managers.all()) == [member]
    row = Activity.objects.get(verb="products.managers_changed")
    assert row.actor_id == product_manager.pk
    assert row.payload == {"area": area.pk, "added": [member.pk], "removed": []}


def test_the_roles_rules_do_not_depend_on_djangos_permissions(community_manager, client_for):
    # Emptying the group's model permissions changes nothing: the admin asks the rules.
    Group.objects.get(name=Role.COMMUNITY_MANAGER).permissions.clear()
    other = UserFactory()
    response = client_for(community_manager).post(
        _change_url(other), _form(other, display_name="Changed")
    )
    assert response.status_code == 302
