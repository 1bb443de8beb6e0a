"""Every list of members recognition shows goes through the visibility rule of profiles.

A members-only profile is listed to signed-in members and the staff, a private one to the staff
(and the member themselves) only: on the leaderboards, in the spotlight, among a badge's holders,
among those who completed a challenge and among ambassador candidates, pages and API alike.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ruche.accounts.models import ProfileVisibility
from ruche.accounts.tests.factories import UserFactory
from ruche.activity.registry import EVENT_ATTENDED
from ruche.core.events import emit
from ruche.recognition import services
from ruche.recognition.models import Badge, Challenge, MemberEngagement
from ruche.recognition.selectors import ambassador_candidates, leaderboard

pytestmark = pytest.mark.usefixtures("defaults")
API = "/api/v1/recognition"
NAME = "Sam Subject"

MEMBERS, PRIVATE = ProfileVisibility.MEMBERS, ProfileVisibility.PRIVATE
# fmt: off
# profile visibility  viewer        listed
MATRIX = [
    (MEMBERS,             "anonymous",  False),
    (MEMBERS,             "member",     True),
    (MEMBERS,             "staff",      True),
    (PRIVATE,             "anonymous",  False),
    (PRIVATE,             "member",     False),
    (PRIVATE,             "staff",      True),
]
# fmt: on
CASES = [pytest.param(*row, id=f"{row[0].value}-{row[1]}") for row in MATRIX]


@pytest.fixture
def challenge(community_manager):
    return Challenge.objects.create(
        title="Come to a meetup",
        verb=EVENT_ATTENDED.name,
        goal=1,
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=7),
        created_by=community_manager,
    )


@pytest.fixture
def subject(db, challenge):
    """A member on every list: points this month, the event-goer badge, the challenge done,
    featured by the team, the best ambassador candidate."""
    services.rules_changed()
    member = UserFactory(display_name=NAME)
    emit(EVENT_ATTENDED(actor_id=member.pk))
    MemberEngagement.objects.filter(member=member).update(featured=True)
    return member


def _set(member, visibility: str) -> None:
    member.profile_visibility = visibility
    member.save(update_fields=["profile_visibility"])


@pytest.fixture
def viewer_client(client_for, other_member, support_agent):
    def make(viewer: str):
        return client_for(
            {"anonymous": None, "member": other_member, "staff": support_agent}[viewer]
        )

    return make


@pytest.mark.parametrize(("visibility", "viewer", "listed"), CASES)
def test_leaderboards(visibility, viewer, listed, subject, viewer_client):
    _set(subject, visibility)
    client = viewer_client(viewer)
    page = client.get("/community/leaderboard/?period=month").content.decode()
    assert (NAME in page) is listed
    hub = client.get("/community/").content.decode()
    board = hub.split('class="board"')[1].split("</ol>")[0]
    assert (NAME in board) is listed
    rows = client.get(f"{API}/leaderboard", {"period": "month"}).json()["rows"]
    assert (subject.pk in [row["member"]["id"] for row in rows]) is listed


@pytest.mark.parametrize(("visibility", "viewer", "listed"), CASES)
def test_spotlight(visibility, viewer, listed, subject, viewer_client):
    _set(subject, visibility)
    hub = viewer_client(viewer).get("/community/").content.decode()
    spotlight = hub.split('class="member-grid spotlight"')
    assert (len(spotlight) > 1 and NAME in spotlight[1]) is listed


@pytest.mark.parametrize(("visibility", "viewer", "listed"), CASES)
def test_badge_holders(visibility, viewer, listed, subject, viewer_client):
    _set(subject, visibility)
    client = viewer_client(viewer)
    page = client.get("/community/badges/event-goer/").content.decode()
    assert (NAME in page) is listed
    detail = client.get(f"{API}/badges/event-goer").json()
    assert (subject.pk in [h["member"]["id"] for h in detail["holders_page"]]) is listed
    assert detail["holders"] == (1 if listed else 0)


@pytest.mark.parametrize(("visibility", "viewer", "listed"), CASES)
def test_challenge_completions(visibility, viewer, listed, subject, challenge, viewer_client):
    _set(subject, visibility)
    page = viewer_client(viewer).get(f"/community/challenges/{challenge.pk}/").content.decode()
    done = page.split("Completed by")[1]
    assert (NAME in done) is listed


@pytest.mark.parametrize("visibility", [MEMBERS, PRIVATE])
def test_ambassador_candidates(visibility, subject, client_for, other_member, community_manager):
    """Only the community team sees the list, and the team sees every profile."""
    _set(subject, visibility)
    assert client_for(None).get("/community/candidates/").status_code == 302  # to sign in
    assert client_for(None).get(f"{API}/candidates").status_code == 401
    assert client_for(other_member).get("/community/candidates/").status_code == 404
    assert client_for(other_member).get(f"{API}/candidates").status_code == 404
    team = client_for(community_manager)
    assert NAME in team.get("/community/candidates/").content.decode()
    assert subject.pk in [row["member"]["id"] for row in team.get(f"{API}/candidates").json()]


def test_candidates_leave_out_profiles_the_viewer_may_not_see(subject, other_member):
    """The rule applies to the selector itself, whoever calls it."""
    _set(subject, PRIVATE)
    assert ambassador_candidates(viewer=other_member) == []


@pytest.mark.parametrize("visibility", [MEMBERS, PRIVATE])
def test_a_private_member_sees_their_own_row_and_rank(visibility, subject, client_for):
    _set(subject, visibility)
    UserFactory()  # someone else, with no points
    board = leaderboard(viewer=subject, period="month")
    assert [row.member for row in board.rows] == [subject]
    assert board.own.rank == 1
    page = client_for(subject).get("/community/leaderboard/?period=month").content.decode()
    assert NAME in page
    assert 'id="own-rank"' in page
    own = client_for(subject).get(f"{API}/leaderboard", {"period": "month"}).json()["own"]
    assert (own["rank"], own["member"]["id"]) == (1, subject.pk)


def test_ranks_count_the_members_the_viewer_sees(subject, other_member, client_for):
    """A visitor's board has no gaps where hidden members stand."""
    public = UserFactory(display_name="Paula Public", profile_visibility=ProfileVisibility.PUBLIC)
    emit(EVENT_ATTENDED(actor_id=public.pk))  # the same points as the subject: a tie
    emit(EVENT_ATTENDED(actor_id=subject.pk))  # the subject leads
    _set(subject, PRIVATE)
    seen = leaderboard(viewer=None, period="month")
    assert [(row.rank, row.member) for row in seen.rows] == [(1, public)]
    by_a_member = leaderboard(viewer=other_member, period="month")
    assert [(row.rank, row.member) for row in by_a_member.rows] == [(1, public)]


def test_the_leaderboard_joins_the_visibility_rule_in_its_one_query(
    subject, django_assert_num_queries
):
    """The rule is a join in the board's query, not a filter in Python: same number of queries
    for a visitor as for the staff."""
    for _ in range(3):
        emit(EVENT_ATTENDED(actor_id=UserFactory(profile_visibility=ProfileVisibility.PUBLIC).pk))
    with django_assert_num_queries(2) as captured:
        leaderboard(viewer=None, period="month", limit=10)
    sql = captured.captured_queries[0]["sql"]
    assert "profile_visibility" in sql


def test_a_grant_by_a_hidden_team_member_is_shown_as_the_team(
    subject, other_member, community_manager, client_for
):
    services.badge_grant(
        badge=Badge.objects.get(slug="recognised"),
        member=other_member,
        granted_by=community_manager,
        reason="Ran the Lyon meetup",
    )
    _set(community_manager, PRIVATE)
    page = client_for(subject).get("/community/badges/recognised/").content.decode()
    assert "granted by the team: Ran the Lyon meetup" in page
    assert community_manager.public_name not in page
