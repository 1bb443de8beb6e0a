"""The prioritised list of ideas as CSV, for product teams' own tools (spreadsheets, boards)."""

from __future__ import annotations

import csv

from django.conf import settings
from django.http import StreamingHttpResponse
from django.utils import timezone

from .selectors import IdeaFilters, idea_list_page

MAX_ROWS = 5000
PAGE = 500


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(value) -> str:
    """Cells starting like a formula are prefixed, so a spreadsheet does not run them."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def rows(*, viewer, filters: IdeaFilters):
    yield [
        "id",
        "title",
        "status",
        "product_area",
        "segments",
        "likes",
        "counted_likes",
        "momentum_30_days",
        "selected_likes",
        "created_at",
        "threshold_reached_at",
        "response_due_at",
        "first_response_at",
        "target_quarter",
        "url",
    ]
    cursor, sent = None, 0
    while sent < MAX_ROWS:
        page = idea_list_page(viewer=viewer, filters=filters, cursor=cursor, size=PAGE)
        for idea in page.items:
            yield [
                idea.pk,
                _safe(idea.title),
                idea.status.name,
                idea.product_area.name if idea.product_area else "",
                ", ".join(s.name for s in idea.segments.all()),
                idea.like_count,
                idea.counted_like_count,
                getattr(idea, "momentum", ""),
                getattr(idea, "selected_likes", ""),
                idea.created_at.isoformat(),
                idea.threshold_reached_at.isoformat() if idea.threshold_reached_at else "",
                idea.response_due_at.isoformat() if idea.response_due_at else "",
                idea.first_response_at.isoformat() if idea.first_response_at else "",
                idea.target_quarter,
                f"{settings.SITE_URL}{idea.get_absolute_url()}",
            ]
            sent += 1
        if not page.next_cursor:
            break
        cursor = page.next_cursor


def csv_response(*, viewer, filters: IdeaFilters) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        (writer.writerow(row) for row in rows(viewer=viewer, filters=filters)),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="ideas-{stamp}.csv"'
    return response
