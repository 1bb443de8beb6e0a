"""Score rows: a member's points per period and area, with what the leaderboards filter on
copied beside them (specialty, country, shown, staff) so that a board is one index scan."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.db import connection
from django.db.models import Exists, OuterRef

from ruche.accounts.models import User
from ruche.accounts.roles import STAFF_ROLES

from ..models import MemberEngagement, Score

Listing = tuple[int | None, str, bool, bool]  # segment, country, shown, staff


def member_listings(member_ids: Iterable[int] | None) -> dict[int, Listing]:
    """What the leaderboards filter on, per member, in one query."""
    users = User.objects.all()
    if member_ids is not None:
        users = users.filter(pk__in=list(member_ids))
    users = users.annotate(
        staff_role=Exists(
            User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name__in=STAFF_ROLES)
        ),
        hidden=Exists(MemberEngagement.objects.filter(member_id=OuterRef("pk"), show_points=False)),
    )
    return {
        pk: (segment_id, country or "", active and not hidden, superuser or staff_role)
        for pk, segment_id, country, active, superuser, staff_role, hidden in users.values_list(
            "pk", "segment_id", "country", "is_active", "is_superuser", "staff_role", "hidden"
        )
    }


def scores_relist(*, member_ids: Iterable[int]) -> None:
    """Copy the members' specialty, country, visibility and staff status to their scores."""
    for pk, (segment_id, country, shown, staff) in member_listings(member_ids).items():
        Score.objects.filter(member_id=pk).exclude(
            segment_id=segment_id, country=country, shown=shown, staff=staff
        ).update(segment_id=segment_id, country=country, shown=shown, staff=staff)


def add_scores(rows: Iterable[tuple], listings: dict[int, Listing]) -> None:
    """Add points to score rows in one upsert (INSERT … ON CONFLICT DO UPDATE)."""
    totals: dict[tuple, int] = defaultdict(int)
    for member_id, period, start, area_id, points in rows:
        totals[(member_id, period, start, area_id)] += points
    values = [(*key, points) for key, points in totals.items() if points]
    if not values:
        return
    table = connection.ops.quote_name(Score._meta.db_table)
    placeholders = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(values))
    sql = (
        f"INSERT INTO {table} (member_id, period, start, area_id, points, "  # noqa: S608
        f"segment_id, country, shown, staff) VALUES {placeholders} "
        f"ON CONFLICT (member_id, period, start, area_id) "
        f"DO UPDATE SET points = {table}.points + excluded.points"
    )
    adapt = connection.ops.adapt_datefield_value
    params = []
    for member_id, period, start, area_id, points in values:
        segment_id, country, shown, staff = listings.get(member_id, (None, "", True, False))
        params += [member_id, period, adapt(start), area_id, points, segment_id, country]
        params += [shown, staff]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def write_scores(rows: list[tuple], listings: dict[int, Listing]) -> int:
    totals: dict[tuple, int] = defaultdict(int)
    for member_id, period, start, area_id, points in rows:
        totals[(member_id, period, start, area_id)] += points
    scores = []
    for (member_id, period, start, area_id), points in totals.items():
        if not points:
            continue
        segment_id, country, shown, staff = listings.get(member_id, (None, "", True, False))
        scores.append(
            Score(
                member_id=member_id,
                period=period,
                start=start,
                area_id=area_id,
                points=points,
                segment_id=segment_id,
                country=country,
                shown=shown,
                staff=staff,
            )
        )
    Score.objects.bulk_create(scores, batch_size=5000)
    return len(scores)
