"""The full permission matrix for spaces: role, visibility and action.

Every "see" cell is checked through four doors that must agree: the permission module
(``can_see``), the web page, the API detail endpoint and the API list. "write" and "moderate"
go through ``can_write`` / ``can_moderate`` and the flags the API and the page expose.
"""

from __future__ import annotations

import pytest

from ruche.accounts.tests.factories import ProgrammeFactory, SpaceFactory, UserFactory
from ruche.core.permissions import can_moderate, can_see, can_write, visible
from ruche.spaces.models import PostingPolicy, ProgrammeMembership, Space, Visibility
from ruche.spaces.selectors import space_list

pytestmark = pytest.mark.django_db

PUB, MEM, PRG, STF = (
    Visibility.PUBLIC,
    Visibility.MEMBERS,
    Visibility.PROGRAMME,
    Visibility.STAFF,
)
Y, N = True, False

# fmt: off
# role                 visibility   see  write moderate
MATRIX = [
    ("anonymous",         PUB,      Y,   N,    N),
    ("anonymous",         MEM,      N,   N,    N),
    ("anonymous",         PRG,      N,   N,    N),
    ("anonymous",         STF,      N,   N,    N),
    ("member",            PUB,      Y,   Y,    N),
    ("member",            MEM,      Y,   Y,    N),
    ("member",            PRG,      N,   N,    N),
    ("member",            STF,      N,   N,    N),
    ("ambassador",        PUB,      Y,   Y,    N),
    ("ambassador",        MEM,      Y,   Y,    N),
    ("ambassador",        PRG,      Y,   Y,    N),
    ("ambassador",        STF,      N,   N,    N),
    ("product_manager",   PUB,      Y,   Y,    N),
    ("product_manager",   MEM,      Y,   Y,    N),
    ("product_manager",   PRG,      Y,   Y,    N),
    ("product_manager",   STF,      Y,   Y,    N),
    ("support_agent",     PUB,      Y,   Y,    N),
    ("support_agent",     MEM,      Y,   Y,    N),
    ("support_agent",     PRG,      Y,   Y,    N),
    ("support_agent",     STF,      Y,   Y,    N),
    ("moderator",         PUB,      Y,   Y,    Y),
    ("moderator",         MEM,      Y,   Y,    Y),
    ("moderator",         PRG,      Y,   Y,    Y),
    ("moderator",         STF,      Y,   Y,    Y),
    ("community_manager", PUB,      Y,   Y,    Y),
    ("community_manager", MEM,      Y,   Y,    Y),
    ("community_manager", PRG,      Y,   Y,    Y),
    ("community_manager", STF,      Y,   Y,    Y),
    ("administrator",     PUB,      Y,   Y,    Y),
    ("administrator",     MEM,      Y,   Y,    Y),
    ("administrator",     PRG,      Y,   Y,    Y),
    ("administrator",     STF,      Y,   Y,    Y),
]
# fmt: on

ROLES = sorted({row[0] for row in MATRIX})
MATRIX_IDS = [f"{role}-{visibility.value}" for role, visibility, *_rest in MATRIX]


def _table(*columns: int) -> list:
    return [
        pytest.param(*(row[i] for i in (0, 1, *columns)), id=MATRIX_IDS[n])
        for n, row in enumerate(MATRIX)
    ]


def test_matrix_is_complete():
    cells = {(role, visibility) for role, visibility, *_rest in MATRIX}
    assert len(cells) == len(MATRIX) == 8 * 4
    assert set(ROLES) == {
        "anonymous",
        "member",
        "ambassador",
        "product_manager",
        "support_agent",
        "moderator",
        "community_manager",
        "administrator",
    }


@pytest.fixture
def user_for(request):
    """The fixture user for a role name; ``None`` for an anonymous visitor."""

    def make(role: str):
        if role == "anonymous":
            from django.contrib.auth.models import AnonymousUser

            return AnonymousUser()
        return request.getfixturevalue(role)

    return make


def _client(client_for, user):
    return client_for(user if user.is_authenticated else None)


@pytest.mark.parametrize(("role", "visibility", "see"), _table(2))
def test_see(role, visibility, see, spaces, user_for, client_for):
    user = user_for(role)
    space = spaces[visibility]
    client = _client(client_for, user)

    assert can_see(user, space) is see
    assert (space in visible(user, Space.objects.all())) is see

    page = client.get(f"/spaces/{space.slug}/")
    assert page.status_code == (200 if see else 404)

    detail = client.get(f"/api/v1/spaces/{space.slug}")
    assert detail.status_code == (200 if see else 404)
    if see:
        assert detail.json()["slug"] == space.slug
        assert detail.json()["visibility"] == visibility
    else:
        assert detail.json()["detail"] == "Not found."

    listed = {item["slug"] for item in client.get("/api/v1/spaces").json()}
    assert (space.slug in listed) is see

    index = client.get("/spaces/")
    assert (space in list(index.context["spaces"])) is see


@pytest.mark.parametrize(("role", "visibility", "write"), _table(3))
def test_write(role, visibility, write, spaces, user_for, client_for):
    user = user_for(role)
    space = spaces[visibility]

    assert can_write(user, space) is write
    if write:
        client = _client(client_for, user)
        assert client.get(f"/api/v1/spaces/{space.slug}").json()["may_write"] is True
        assert client.get(f"/spaces/{space.slug}/").context["may_write"] is True


@pytest.mark.parametrize(("role", "visibility", "moderate"), _table(4))
def test_moderate(role, visibility, moderate, spaces, user_for, client_for):
    user = user_for(role)
    space = spaces[visibility]

    assert can_moderate(user, space) is moderate
    if can_see(user, space):
        client = _client(client_for, user)
        assert client.get(f"/api/v1/spaces/{space.slug}").json()["may_moderate"] is moderate
        assert client.get(f"/spaces/{space.slug}/").context["may_moderate"] is moderate


# --- Named moderators -----------------------------------------------------------------------


def test_member_named_moderator_moderates_only_that_space(member, spaces, client_for):
    members_space = spaces[Visibility.MEMBERS]
    members_space.moderators.add(member)
    client = client_for(member)

    assert can_moderate(member, members_space) is True
    assert client.get("/api/v1/spaces/members-space").json()["may_moderate"] is True
    page = client.get("/spaces/members-space/")
    assert page.context["may_moderate"] is True
    assert list(page.context["moderators"]) == [member]

    assert can_moderate(member, spaces[Visibility.PUBLIC]) is False
    assert client.get("/api/v1/spaces/public-space").json()["may_moderate"] is False


@pytest.mark.parametrize("role", ["product_manager", "support_agent"])
def test_staff_named_moderator_moderates_that_space(role, request, spaces):
    user = request.getfixturevalue(role)
    staff_space = spaces[Visibility.STAFF]
    assert can_moderate(user, staff_space) is False
    staff_space.moderators.add(user)
    user.__dict__.pop("moderated_space_ids", None)
    assert can_moderate(user, staff_space) is True
    assert can_moderate(user, spaces[Visibility.MEMBERS]) is False


def test_named_moderator_of_a_space_they_cannot_see_moderates_nothing(member, spaces):
    # Being named moderator does not open a space the member may not read.
    staff_space = spaces[Visibility.STAFF]
    staff_space.moderators.add(member)
    assert can_see(member, staff_space) is False
    assert can_moderate(member, staff_space) is False
    assert can_write(member, staff_space) is False


# --- Posting policy -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "write"),
    [
        ("anonymous", N),
        ("member", N),
        ("ambassador", N),
        ("product_manager", Y),
        ("support_agent", Y),
        ("moderator", Y),
        ("community_manager", Y),
        ("administrator", Y),
    ],
)
def test_staff_posting_space_accepts_only_staff(role, write, user_for, client_for, programme):
    announcements = SpaceFactory(
        slug="announcements", visibility=Visibility.PUBLIC, posting=PostingPolicy.STAFF
    )
    user = user_for(role)
    assert can_see(user, announcements) is True
    assert can_write(user, announcements) is write
    response = _client(client_for, user).get("/api/v1/spaces/announcements")
    assert response.status_code == 200
    assert response.json()["may_write"] is write


def test_staff_posting_in_a_members_space_stays_closed_to_anonymous(member, product_manager):
    space = SpaceFactory(slug="news", visibility=Visibility.MEMBERS, posting=PostingPolicy.STAFF)
    from django.contrib.auth.models import AnonymousUser

    assert can_write(AnonymousUser(), space) is False
    assert can_write(member, space) is False
    assert can_write(product_manager, space) is True


# --- Inactive members -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["member", "ambassador", "moderator", "administrator"])
def test_inactive_user_sees_only_public(role, request, spaces, client_for):
    user = request.getfixturevalue(role)
    user.is_active = False
    user.save(update_fields=["is_active"])

    for visibility, space in spaces.items():
        expected = visibility == Visibility.PUBLIC
        assert can_see(user, space) is expected, visibility
        assert can_write(user, space) is False, visibility
        assert can_moderate(user, space) is False, visibility
    assert [s.slug for s in space_list(user=user)] == ["public-space"]

    # A session opened before the account was closed no longer carries any right.
    client = client_for(user)
    assert {s["slug"] for s in client.get("/api/v1/spaces").json()} == {"public-space"}
    assert client.get("/spaces/members-space/").status_code == 404
    assert client.get("/api/v1/spaces/staff-space").status_code == 404
    public = client.get("/api/v1/spaces/public-space").json()
    assert public["may_write"] is False
    assert public["may_moderate"] is False


# --- Archived spaces ------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_archived_space_accepts_no_writes(role, user_for, client_for, spaces):
    for space in spaces.values():
        space.is_archived = True
        space.save(update_fields=["is_archived"])
    user = user_for(role)
    client = _client(client_for, user)
    for space in spaces.values():
        assert can_write(user, space) is False, space.slug
        if can_see(user, space):
            # Still readable by its readers, through its address…
            response = client.get(f"/api/v1/spaces/{space.slug}")
            assert response.status_code == 200
            assert response.json()["may_write"] is False
            assert response.json()["is_archived"] is True
            assert client.get(f"/spaces/{space.slug}/").context["may_write"] is False
    # …but no longer listed.
    assert client.get("/api/v1/spaces").json() == []


def test_archived_space_keeps_its_moderators(moderator, spaces):
    space = spaces[Visibility.MEMBERS]
    space.is_archived = True
    space.save(update_fields=["is_archived"])
    assert can_moderate(moderator, space) is True
    assert can_write(moderator, space) is False


# --- Programmes -----------------------------------------------------------------------------


def test_member_of_another_programme_does_not_see_the_programme_space(spaces, client_for):
    beta = ProgrammeFactory(slug="beta-testers")
    outsider = UserFactory(display_name="Bea Beta")
    ProgrammeMembership.objects.create(programme=beta, member=outsider)
    beta_space = SpaceFactory(slug="beta-space", visibility=Visibility.PROGRAMME, programme=beta)
    space = spaces[Visibility.PROGRAMME]
    client = client_for(outsider)

    assert can_see(outsider, space) is False
    assert can_write(outsider, space) is False
    assert client.get("/spaces/programme-space/").status_code == 404
    assert client.get("/api/v1/spaces/programme-space").status_code == 404
    listed = {s["slug"] for s in client.get("/api/v1/spaces").json()}
    assert listed == {"public-space", "members-space", "beta-space"}

    # Their own programme space is open to them.
    assert can_see(outsider, beta_space) is True
    assert can_write(outsider, beta_space) is True


def test_ambassador_of_the_programme_without_membership_does_not_see_it(spaces):
    # The role alone does not open a programme space: membership does.
    from ruche.accounts.roles import Role
    from ruche.accounts.tests.factories import member_with_role

    lone = member_with_role(Role.AMBASSADOR, display_name="Lone Ambassador")
    assert can_see(lone, spaces[Visibility.PROGRAMME]) is False
    assert can_see(lone, spaces[Visibility.MEMBERS]) is True


def test_leaving_the_programme_closes_the_space(ambassador, spaces, client_for):
    client = client_for(ambassador)
    assert client.get("/api/v1/spaces/programme-space").status_code == 200
    ProgrammeMembership.objects.filter(member=ambassador).delete()
    assert client.get("/api/v1/spaces/programme-space").status_code == 404
    assert client.get("/spaces/programme-space/").status_code == 404


def test_superuser_without_role_groups_counts_as_administrator(spaces):
    from ruche.accounts.models import User

    root = User.objects.create_superuser("root@example.org", "a-long-root-password")
    for space in spaces.values():
        assert can_see(root, space) is True
        assert can_write(root, space) is True
        assert can_moderate(root, space) is True
