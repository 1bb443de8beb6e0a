"""Leaderboards, pages and the API: filters, denials, own rank, query counts, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from ruche.accounts import verbs as account_verbs
from ruche.accounts.models import User
from ruche.accounts.roles import Role
from ruche.accounts.services import member_grant_role, member_update_profile, role_group
from ruche.accounts.tests.factories import SegmentFactory, UserFactory
from ruche.activity.services import activity_record
from ruche.core.events import emit, target_of
from ruche.recognition import services
from ruche.recognition.models import Badge
from ruche.recognition.selectors import leaderboard

from .helpers import question, reply

pytestmark = pytest.mark.usefixtures("defaults")
API = "/api/v1/recognition"


@pytest.fixture(autouse=True)
def _no_event_cap(defaults):
    from ruche.recognition.models import PointRule

    PointRule.objects.filter(verb="event.attended").update(daily_cap=0)
    services.rules_changed()


@pytest.fixture
def reader(db):
    """A signed-in member with no points, reading the boards (members' profiles are shown to
    signed-in members; the visibility of each list has its own tests)."""
    return UserFactory(display_name="Rita Reader")


def attend(member, times: int = 1) -> None:
    for _ in range(times):
        activity_record(actor=member, verb="event.attended")


def test_leaderboard_order_staff_excluded_and_own_rank(member, support_agent):
    others = [UserFactory() for _ in range(5)]
    for number, other in enumerate(others, start=2):
        attend(other, number)  # 10, 15, 20, 25, 30 points
    attend(member, 1)  # 5 points: last
    attend(support_agent, 3)
    board = leaderboard(viewer=member, period="month", limit=3)
    assert [row.points for row in board.rows] == [30, 25, 20]
    assert [row.rank for row in board.rows] == [1, 2, 3]
    assert board.has_next
    everyone = leaderboard(viewer=member, period="month", limit=10)
    assert len(everyone.rows) == 6  # the support agent is left out
    assert not everyone.has_next
    assert (board.own.rank, board.own.points) == (6, 5)
    with_staff = leaderboard(viewer=member, period="month", include_staff=True, limit=10)
    assert support_agent.pk in [row.member.pk for row in with_staff.rows]


def test_leaderboard_ties_share_a_rank(member, other_member, reader):
    attend(member, 2)
    attend(other_member, 2)
    third = UserFactory()
    attend(third, 1)
    board = leaderboard(viewer=reader, period="all")
    assert [row.rank for row in board.rows] == [1, 1, 3]


def test_leaderboard_filters(area, space, member, other_member, reader):
    nurses = SegmentFactory(slug="nurses", names={"en": "Nurses"})
    nurse = UserFactory(segment=nurses, country="BE")
    attend(nurse, 1)
    attend(member, 3)
    reply(other_member, question(member, space))  # area points for both
    by_segment = leaderboard(viewer=reader, period="month", segment_id=nurses.pk)
    assert [row.member for row in by_segment.rows] == [nurse]
    by_country = leaderboard(viewer=reader, period="month", country="BE")
    assert [row.member for row in by_country.rows] == [nurse]
    by_area = leaderboard(viewer=reader, period="month", area_id=area.pk)
    assert {row.member for row in by_area.rows} == {member, other_member}
    last_week = leaderboard(viewer=reader, period="week", now=timezone.now() - timedelta(days=14))
    assert last_week.rows == []


def test_members_who_hide_their_points_leave_the_board_but_see_their_rank(member, other_member):
    attend(member, 2)
    attend(other_member, 1)
    services.privacy_set(member=member, show_points=False, show_badges=True, show_activity=True)
    board = leaderboard(viewer=member, period="month")
    assert [row.member for row in board.rows] == [other_member]
    assert board.own.rank == 1


def test_leaderboard_page_queries_do_not_grow(client, django_assert_max_num_queries):
    for number in range(30):
        attend(UserFactory(), 1 + number % 4)
    client.get("/community/leaderboard/?period=month")  # the country choices are cached
    with django_assert_max_num_queries(12) as few:
        client.get("/community/leaderboard/?period=month")
    for number in range(30):
        attend(UserFactory(), 1 + number % 4)
    with django_assert_max_num_queries(12) as many:
        response = client.get("/community/leaderboard/?period=month")
    assert response.status_code == 200
    assert len(few.captured_queries) == len(many.captured_queries)


def test_pages_render(client_for, member, other_member, space, community_manager):
    attend(member, 2)
    reply(member, question(other_member, space))
    client = client_for(member)
    for url in (
        "/community/",
        "/community/leaderboard/?period=year&segment=&country=FR",
        "/community/badges/",
        "/community/badges/first-reply/",
        "/community/challenges/",
        "/community/me/",
        "/community/welcome/",
        "/community/guidelines/",
        f"/members/{member.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    me = client.get("/community/me/").content.decode()
    assert "Level:" in me
    assert "First reply" in me


def test_candidates_are_for_community_managers(client_for, member, community_manager):
    assert client_for(member).get("/community/candidates/").status_code == 404
    assert client_for(community_manager).get("/community/candidates/").status_code == 200
    assert client_for(member).get(f"{API}/candidates").status_code == 404


def test_candidates_top_share_and_every_segment_and_country(community_manager, moderator):
    gp = SegmentFactory(slug="gp", names={"en": "GP"})
    nurses = SegmentFactory(slug="nurses", names={"en": "Nurses"})
    busy = [UserFactory(segment=gp, country="FR") for _ in range(3)]
    for number, member in enumerate(busy):
        attend(member, 5 - number)
    quiet_nurse = UserFactory(segment=nurses, country="BE")
    attend(quiet_nurse, 1)
    attend(moderator, 9)  # staff never
    sanctioned = UserFactory(segment=gp, country="FR")
    attend(sanctioned, 8)
    from ruche.recognition.models import Sanction

    Sanction.objects.create(activity_id=1, member=sanctioned, occurred_at=timezone.now())
    from ruche.recognition.selectors import ambassador_candidates

    rows = ambassador_candidates(
        viewer=community_manager, days=30, share=0.01, min_per_segment=1, min_per_country=1
    )
    chosen = [row.member for row in rows]
    assert busy[0] in chosen  # the top 1 % (at least one)
    assert quiet_nurse in chosen  # the best nurse, the best in Belgium
    assert moderator not in chosen
    assert sanctioned not in chosen
    nurse_row = next(row for row in rows if row.member == quiet_nurse)
    assert nurse_row.points == 5
    assert any("Nurses" in reason for reason in nurse_row.reasons)


def test_inviting_a_candidate_makes_them_an_ambassador(client_for, community_manager, member):
    attend(member, 3)
    response = client_for(community_manager).post(f"{API}/candidates/{member.pk}/invite")
    assert response.status_code == 200
    member.refresh_from_db()
    member.__dict__.pop("role_slugs", None)
    assert member.has_role(Role.AMBASSADOR)
    again = client_for(community_manager).post(f"{API}/candidates/{member.pk}/invite")
    assert again.status_code == 422
    assert again.json()["errors"][0]["field"] == "member"


def test_api_me_and_leaderboard(client_for, member, other_member):
    attend(member, 2)
    attend(other_member, 3)
    client = client_for(member)
    me = client.get(f"{API}/me").json()
    assert me["points"] == 10
    assert me["level_name"] == "Newcomer"
    assert me["next_level"]["name"] == "Member"
    assert [step["slug"] for step in me["onboarding"]] == [
        "profile",
        "introduce",
        "guidelines",
        "like",
        "follow",
    ]
    board = client.get(f"{API}/leaderboard", {"period": "month", "limit": 1}).json()
    assert [row["points"] for row in board["rows"]] == [15]
    assert board["own"] == {
        "rank": 2,
        "member": {"id": member.pk, "display_name": member.public_name},
        "points": 10,
    }
    bad = client.get(f"{API}/leaderboard", {"period": "decade"})
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "period"


def test_api_privacy_hides_points_from_others(client_for, member, other_member):
    attend(member, 2)
    client = client_for(member)
    response = client.put(
        f"{API}/me/privacy",
        {"show_points": False, "show_badges": True, "show_activity": False},
        content_type="application/json",
    )
    assert response.status_code == 200
    seen = client_for(other_member).get(f"{API}/members/{member.pk}").json()
    assert seen["points"] is None
    assert seen["accepted_answers"] is None
    assert client.get(f"{API}/members/{member.pk}").json()["points"] == 10


def test_api_badges_grants_and_denials(client_for, member, other_member, community_manager):
    assert client_for(member).get(f"{API}/badges").status_code == 200
    created = client_for(community_manager).post(
        f"{API}/badges",
        {
            "slug": "meetup-regular",
            "names": {"en": "Meetup regular", "fr": "Habitué des rencontres"},
            "verb": "event.attended",
            "count": 2,
        },
        content_type="application/json",
    )
    assert created.status_code == 201
    attend(other_member, 2)
    detail = client_for(member).get(f"{API}/badges/meetup-regular").json()
    assert [h["member"]["id"] for h in detail["holders_page"]] == [other_member.pk]

    denied = client_for(member).post(
        f"{API}/badges/recognised/grants",
        {"member_id": other_member.pk, "reason": "x"},
        content_type="application/json",
    )
    assert denied.status_code == 403
    no_reason = client_for(community_manager).post(
        f"{API}/badges/recognised/grants",
        {"member_id": other_member.pk, "reason": ""},
        content_type="application/json",
    )
    assert no_reason.status_code == 422
    assert no_reason.json()["errors"][0]["field"] == "reason"
    granted = client_for(community_manager).post(
        f"{API}/badges/recognised/grants",
        {"member_id": other_member.pk, "reason": "Ran the Lyon meetup"},
        content_type="application/json",
    )
    assert granted.status_code == 201
    duplicate = client_for(member).post(
        f"{API}/badges",
        {"slug": "meetup-regular", "names": {"en": "x"}, "verb": "event.attended"},
        content_type="application/json",
    )
    assert duplicate.status_code == 403


def test_api_challenges(client_for, member, community_manager, other_member, space):
    now = timezone.now()
    created = client_for(community_manager).post(
        f"{API}/challenges",
        {
            "title": "Answer unanswered questions",
            "verb": "forum.reply_created",
            "goal": 2,
            "starts_at": (now - timedelta(hours=1)).isoformat(),
            "ends_at": (now + timedelta(days=7)).isoformat(),
            "reward_badge": "recognised",
            "reward_points": 5,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    reply(member, question(other_member, space))
    listed = client_for(member).get(f"{API}/challenges").json()
    assert [(c["progress"], c["completed"]) for c in listed] == [(1, False)]
    denied = client_for(member).post(
        f"{API}/challenges",
        created.json() | {"reward_badge": None},
        content_type="application/json",
    )
    assert denied.status_code == 403
    bad = client_for(community_manager).post(
        f"{API}/challenges",
        {
            "title": "Bad",
            "verb": "forum.reply_created",
            "goal": 1,
            "starts_at": now.isoformat(),
            "ends_at": (now - timedelta(days=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "ends_at"


def test_point_rules_api_is_for_managers(client_for, member, community_manager):
    assert client_for(member).get(f"{API}/point-rules").status_code == 403
    rules = client_for(community_manager).get(f"{API}/point-rules").json()
    reply_rule = next(r for r in rules if r["verb"] == "forum.reply_created")
    response = client_for(community_manager).put(
        f"{API}/point-rules/{reply_rule['id']}",
        {"points": 3, "daily_cap": 30, "is_active": True},
        content_type="application/json",
    )
    assert response.json()["points"] == 3


def test_welcoming_newcomers_is_a_ledger_verb_and_earns_a_badge(client_for, member, other_member):
    from ruche.activity.models import Activity

    Badge.objects.filter(slug="welcoming-committee").update(count=2)
    services.rules_changed()
    client = client_for(member)
    first, second = UserFactory(), UserFactory()
    assert client.post(f"{API}/welcome/{first.pk}").json() == {"done": True}
    assert client.post(f"{API}/welcome/{first.pk}").json() == {"done": False}  # once only
    assert client.post(f"{API}/welcome/{second.pk}").json() == {"done": True}
    assert Activity.objects.filter(verb="recognition.newcomer_welcomed", actor=member).count() == 2
    assert member.badge_awards.filter(badge__slug="welcoming-committee").exists()
    assert client.post(f"{API}/welcome/{member.pk}").status_code == 403


def test_newcomer_posts_are_marked_with_a_welcome_button(client_for, member, other_member, space):
    topic = question(other_member, space)
    page = client_for(member).get(topic.get_absolute_url()).content.decode()
    assert "New member" in page
    assert f"/community/welcome/{other_member.pk}/" in page


def test_onboarding_checklist_progress(client_for, member, area):
    from ruche.forum import services as forum

    client = client_for(member)
    client.post("/community/guidelines/")
    forum.follow_add(member=member, target_type="product_area", target_id=area.pk)
    page = client.get("/community/welcome/").content.decode()
    assert "2 of 5 done" in page


def test_visits_are_recorded_once_a_day_from_pages(settings, client_for, member):
    from ruche.activity.models import Activity

    settings.RUCHE = {**settings.RUCHE, "RECOGNITION_RECORD_VISITS": True}
    client = client_for(member)
    client.get("/community/")
    client.get("/community/badges/")
    assert Activity.objects.filter(actor=member, verb="recognition.visited").count() == 1


def test_boards_follow_role_and_profile_changes(member, other_member, community_manager, reader):
    attend(member, 2)
    attend(other_member, 1)
    member_grant_role(member=member, role=Role.MODERATOR, actor=community_manager)
    assert [row.member for row in leaderboard(viewer=reader, period="month").rows] == [other_member]
    # The role taken back, as the accounts service tells it: the member is listed again.
    member.groups.remove(role_group(Role.MODERATOR))
    emit(
        account_verbs.MemberRoleRevoked(
            actor_id=member.pk, **target_of(member), role=Role.MODERATOR, by=community_manager.pk
        )
    )
    assert len(leaderboard(viewer=reader, period="month").rows) == 2

    nurses = SegmentFactory(slug="nurses", names={"en": "Nurses"})
    member_update_profile(member=other_member, actor=other_member, segment=nurses, country="CH")
    assert [
        r.member for r in leaderboard(viewer=reader, period="month", segment_id=nurses.pk).rows
    ] == [other_member]
    assert [r.member for r in leaderboard(viewer=reader, period="month", country="CH").rows] == [
        other_member
    ]


def test_a_profile_event_relists_the_member(member, reader):
    attend(member, 1)
    User.objects.filter(pk=member.pk).update(country="BE")  # written elsewhere, then told
    assert leaderboard(viewer=reader, period="month", country="BE").rows == []
    emit(account_verbs.MemberProfileUpdated(actor_id=member.pk, fields=["country"]))
    assert [r.member for r in leaderboard(viewer=reader, period="month", country="BE").rows] == [
        member
    ]
