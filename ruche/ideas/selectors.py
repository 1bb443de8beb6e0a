"""Reads of ideas, always narrowed to what the visitor may see, with a fixed query count."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django_countries import countries

from ruche.accounts.models import Segment
from ruche.core.pagination import InvalidCursor, Page, decode_cursor, encode_cursor, paginate_desc
from ruche.core.permissions import allowed, can, visible
from ruche.forum import threads
from ruche.products.models import ProductArea
from ruche.search.selectors import similar_topics

from .models import (
    Idea,
    IdeaLike,
    IdeaStatus,
    IdeaStatusChange,
    OfficialResponse,
    Release,
    StatusKind,
)
from .permissions import visible_members
from .services import rules_for
from .thread import IDEA_THREAD

SORTS = ("likes", "momentum", "newest", "oldest", "segment", "country")
MOMENTUM_DAYS = 30
MAX_OFFSET = 10_000
LIST_COLUMNS = (
    "topic_id",
    "title",
    "space_id",
    "space__slug",
    "space__names",
    "space__visibility",
    "product_area_id",
    "product_area__slug",
    "product_area__names",
    "author_id",
    "author__display_name",
    "author__email",
    "status_id",
    "status__kind",
    "status__slug",
    "status__names",
    "status__colour",
    "status__on_roadmap",
    "created_at",
    "edited_at",
    "like_count",
    "counted_like_count",
    "threshold_reached_at",
    "response_due_at",
    "first_response_at",
    "target_quarter",
    "merged_into_id",
)


def idea_queryset(*, viewer, include_deleted: bool = False) -> QuerySet[Idea]:
    """Ideas the viewer may see. Deleted ideas (spam, withdrawn) leave every list, count and the
    roadmap, even for moderators; only the idea page (``include_deleted``) still shows them to
    the moderators of their space, so that they can restore them."""
    queryset = visible(viewer, Idea.objects.all())
    if not include_deleted:
        queryset = queryset.filter(threads.alive("topic"))
    return queryset.select_related("status", "product_area", "author", "space").prefetch_related(
        Prefetch("segments", queryset=Segment.objects.order_by("position"))
    )


@dataclass(frozen=True)
class IdeaFilters:
    sort: str = "likes"
    status: IdeaStatus | None = None
    status_kind: str = ""
    product_area: ProductArea | None = None
    segment: Segment | None = None  # ideas that benefit this segment
    like_segment: Segment | None = None  # sort=segment: likes from this segment
    like_country: str = ""  # sort=country: likes from this country
    space_id: int | None = None
    include_merged: bool = False


def filters_from(
    *,
    viewer,
    sort: str = "likes",
    status: str = "",
    product_area: str = "",
    segment: str = "",
    like_segment: str = "",
    country: str = "",
    include_merged: bool = False,
) -> IdeaFilters:
    """Filters from request parameters; a ValidationError names each wrong parameter."""
    errors: dict[str, str] = {}
    if sort not in SORTS:
        errors["sort"] = _("Unknown order.")
    found_status, kind = None, ""
    if status:
        if status in StatusKind.values:
            kind = status
        else:
            found_status = IdeaStatus.objects.filter(slug=status).first()
            if found_status is None:
                errors["status"] = _("Unknown status.")
    area = None
    if product_area:
        area = visible(viewer, ProductArea.objects.all()).filter(slug=product_area).first()
        if area is None:
            errors["product_area"] = _("Unknown product area.")
    segments = {}
    for name, slug in (("segment", segment), ("like_segment", like_segment)):
        if slug:
            segments[name] = Segment.objects.filter(slug=slug).first()
            if segments[name] is None:
                errors[name] = _("Unknown segment.")
    if sort == "segment" and not like_segment:
        errors["like_segment"] = _("Choose the segment whose likes to sort by.")
    country = (country or "").strip().upper()
    if sort == "country" and len(country) != 2:
        errors["country"] = _("Choose the country (two letters) whose likes to sort by.")
    if errors:
        raise ValidationError(errors)
    if (sort in ("segment", "country") or like_segment or country) and not can(
        viewer, "idea_demand.see"
    ):
        # Who wants what, by specialty and country, is the product team's view.
        raise PermissionDenied
    return IdeaFilters(
        sort=sort,
        status=found_status,
        status_kind=kind,
        product_area=area,
        segment=segments.get("segment"),
        like_segment=segments.get("like_segment"),
        like_country=country,
        include_merged=include_merged,
    )


def _filtered(queryset: QuerySet[Idea], filters: IdeaFilters) -> QuerySet[Idea]:
    if filters.status is not None:
        queryset = queryset.filter(status=filters.status)
    elif filters.status_kind:
        queryset = queryset.filter(status__kind=filters.status_kind)
    elif not filters.include_merged:
        queryset = queryset.filter(merged_into__isnull=True)
    if filters.product_area is not None:
        queryset = queryset.filter(product_area=filters.product_area)
    if filters.segment is not None:
        queryset = queryset.filter(segments=filters.segment)
    if filters.space_id is not None:
        queryset = queryset.filter(space_id=filters.space_id)
    return queryset


def _with_viewer(queryset: QuerySet[Idea], viewer) -> QuerySet[Idea]:
    if viewer.is_authenticated:
        queryset = queryset.annotate(
            liked=Exists(IdeaLike.objects.filter(idea=OuterRef("pk"), member=viewer))
        )
    return queryset


def _offset_page(queryset: QuerySet, cursor: str | None, size: int) -> Page:
    """For orders computed per request (momentum, likes of a segment): bounded offsets."""
    offset = 0
    if cursor:
        values = decode_cursor(cursor)
        if len(values) != 1 or not isinstance(values[0], int) or not 0 <= values[0] <= MAX_OFFSET:
            raise InvalidCursor("bad offset")
        offset = values[0]
    rows = list(queryset[offset : offset + size + 1])
    next_cursor = None
    if len(rows) > size and offset + size <= MAX_OFFSET:
        next_cursor = encode_cursor([offset + size])
    return Page(items=rows[:size], next_cursor=next_cursor)


def idea_list_page(
    *, viewer, filters: IdeaFilters | None = None, cursor: str | None = None, size: int = 30
) -> Page:
    """Ideas by likes (keyset), age (keyset), momentum or likes of a segment/country (offset)."""
    page = _idea_list_page(
        viewer=viewer, filters=filters or IdeaFilters(), cursor=cursor, size=size
    )
    for idea in page.items:
        # Every row answers these, annotated or not: a template looking up a missing attribute
        # of a model runs dir() on it, which costs more than the whole query.
        for name, default in (("liked", False), ("momentum", None), ("selected_likes", None)):
            if not hasattr(idea, name):
                setattr(idea, name, default)
    return page


def _idea_list_page(*, viewer, filters: IdeaFilters, cursor: str | None, size: int) -> Page:
    # Lists show a row per idea: only the columns the row shows are loaded (rows are small and
    # building 30 full members, spaces and areas costs more than the query).
    queryset = _with_viewer(_filtered(idea_queryset(viewer=viewer), filters), viewer).only(
        *LIST_COLUMNS
    )
    if filters.sort == "likes":
        return paginate_desc(queryset, field="like_count", cursor=cursor, size=size, tiebreak="pk")
    if filters.sort == "newest":
        return paginate_desc(queryset, field="created_at", cursor=cursor, size=size, tiebreak="pk")
    if filters.sort == "oldest":
        return _offset_page(queryset.order_by("created_at", "pk"), cursor, size)
    if filters.sort == "momentum":
        since = timezone.now() - timedelta(days=MOMENTUM_DAYS)
        queryset = queryset.annotate(
            momentum=Count("likes", filter=Q(likes__created_at__gte=since))
        ).order_by("-momentum", "-like_count", "-pk")
        return _offset_page(queryset, cursor, size)
    if filters.sort == "segment":
        condition = Q(likes__member__segment=filters.like_segment)
    else:
        condition = Q(likes__member__country=filters.like_country)
    queryset = queryset.annotate(selected_likes=Count("likes", filter=condition)).order_by(
        "-selected_likes", "-like_count", "-pk"
    )
    return _offset_page(queryset, cursor, size)


def idea_get(*, viewer, idea_id: int) -> Idea:
    """The idea, or 404 when the visitor may not know it exists."""
    queryset = _with_viewer(idea_queryset(viewer=viewer, include_deleted=True), viewer)
    queryset = queryset.select_related("merged_into", "topic", "topic__deleted_by")
    queryset = queryset.prefetch_related(Prefetch("tags", queryset=threads.tags_by_slug()))
    return get_object_or_404(queryset, pk=idea_id)


def is_following(viewer, idea: Idea) -> bool:
    return threads.is_following(viewer, idea.topic)


@dataclass
class Progress:
    threshold: int
    counted: int
    remaining: int
    days: int
    organisation_cap: int | None
    percent: int


def progress(idea: Idea) -> Progress:
    threshold, days, cap = rules_for(idea.product_area_id)
    counted = idea.counted_like_count
    return Progress(
        threshold=threshold,
        counted=counted,
        remaining=max(0, threshold - counted),
        days=days,
        organisation_cap=cap,
        percent=min(100, round(100 * counted / threshold)) if threshold else 100,
    )


def status_history(idea: Idea) -> list[IdeaStatusChange]:
    return list(
        IdeaStatusChange.objects.filter(idea=idea)
        .select_related("from_status", "to_status", "actor")
        .order_by("created_at", "id")
    )


def responses_for(*, viewer, idea: Idea) -> list[OfficialResponse]:
    """Published responses (the public timeline) and, for product staff, drafts too."""
    return list(
        visible(viewer, OfficialResponse.objects.filter(idea=idea))
        .select_related("author", "decision", "release")
        .order_by("published_at", "id")
    )


@dataclass
class Breakdown:
    segments: list[tuple[str, int]] = field(default_factory=list)
    countries: list[tuple[str, int]] = field(default_factory=list)
    organisations: list[tuple[str, int]] = field(default_factory=list)
    on_behalf: int = 0


def likes_breakdown(idea: Idea, *, viewer, limit: int = 15) -> Breakdown:
    """Which specialties, countries and organisations want this (staff only): 4 queries.

    Only the likes of members ``viewer`` may see listed count in it (a list of members, even
    grouped, goes through their profile's visibility).
    """
    likes = IdeaLike.objects.filter(idea=idea, member__in=visible_members(viewer))
    segment_names = {s.pk: s.name for s in Segment.objects.all()}
    segments = [
        (segment_names.get(row["member__segment"], _("No segment")), row["n"])
        for row in likes.values("member__segment").annotate(n=Count("id")).order_by("-n")[:limit]
    ]
    country_rows = likes.values("member__country").annotate(n=Count("id")).order_by("-n")[:limit]
    names = dict(countries)
    country_list = [
        (names.get(row["member__country"], _("Unknown")), row["n"]) for row in country_rows
    ]
    organisations = [
        (row["member__organisation"] or _("No organisation"), row["n"])
        for row in likes.values("member__organisation")
        .annotate(n=Count("id"))
        .order_by("-n")[:limit]
    ]
    return Breakdown(
        segments=segments,
        countries=country_list,
        organisations=organisations,
        on_behalf=likes.filter(on_behalf_by__isnull=False).count(),
    )


def similar_ideas(*, viewer, title: str, limit: int = 5, exclude_id: int | None = None) -> list:
    """Ideas whose title shares words with ``title`` (stemmed FR/EN/DE/IT, accents folded)."""
    topics = similar_topics(viewer=viewer, title=title, limit=limit + 1, kind=IDEA_THREAD.name)
    ids = [t.pk for t in topics if t.pk != exclude_id][:limit]
    found = visible(viewer, Idea.objects.filter(threads.alive("topic"), pk__in=ids)).select_related(
        "status", "merged_into"
    )
    by_id = {idea.pk: idea for idea in found}
    return [by_id[pk] for pk in ids if pk in by_id]


def inbox(*, viewer, product_area: ProductArea | None = None) -> list[Idea]:
    """Ideas awaiting an official response, due first (overdue ones lead), in the viewer's areas."""
    queryset = idea_queryset(viewer=viewer).filter(
        threshold_reached_at__isnull=False,
        first_response_at__isnull=True,
        merged_into__isnull=True,
    )
    if product_area is not None:
        queryset = queryset.filter(product_area=product_area)
    # The ideas the viewer answers for (a product manager: their areas and unfiled ideas).
    queryset = allowed(viewer, "idea.respond", queryset)
    return list(queryset.order_by("response_due_at", "pk")[:500])


def drafts_pending(*, viewer) -> QuerySet[OfficialResponse]:
    if not can(viewer, "idea_inbox.see"):
        return OfficialResponse.objects.none()
    return visible(viewer, OfficialResponse.objects.filter(published_at__isnull=True))


RECENTLY_RELEASED_DAYS = 90


def roadmap(
    *, viewer, product_area: ProductArea | None = None, segment: Segment | None = None
) -> dict[str, list[Idea]]:
    """Planned, in progress and recently released ideas the viewer may see."""
    queryset = idea_queryset(viewer=viewer).filter(
        merged_into__isnull=True,
        status__on_roadmap=True,
        status__kind__in=[StatusKind.PLANNED, StatusKind.IN_PROGRESS, StatusKind.RELEASED],
    )
    if product_area is not None:
        queryset = queryset.filter(product_area=product_area)
    if segment is not None:
        queryset = queryset.filter(segments=segment)
    since = timezone.now() - timedelta(days=RECENTLY_RELEASED_DAYS)
    recently_released = Exists(
        IdeaStatusChange.objects.filter(
            idea=OuterRef("pk"), to_status__kind=StatusKind.RELEASED, created_at__gte=since
        )
    )
    queryset = queryset.filter(~Q(status__kind=StatusKind.RELEASED) | recently_released)
    columns: dict[str, list[Idea]] = {
        StatusKind.PLANNED: [],
        StatusKind.IN_PROGRESS: [],
        StatusKind.RELEASED: [],
    }
    for idea in queryset.order_by("-like_count", "pk")[:300]:
        columns[idea.status.kind].append(idea)
    return columns


def release_list(*, viewer) -> QuerySet[Release]:
    return visible(viewer, Release.objects.all()).prefetch_related("product_areas")


def release_ideas(*, viewer, release: Release) -> list[Idea]:
    return list(idea_queryset(viewer=viewer).filter(releases=release).order_by("-like_count", "pk"))


# --- Accountability ---------------------------------------------------------------------------


@dataclass
class Accountability:
    label: str
    reached: int = 0
    answered: int = 0
    answered_in_time: int = 0
    overdue: int = 0
    median_days: float | None = None

    @property
    def share_in_time(self) -> int | None:
        """Of the ideas whose answer is in or due, the share answered within the delay (an idea
        still inside its delay and unanswered counts neither way yet)."""
        settled = self.answered + self.overdue
        return round(100 * self.answered_in_time / settled) if settled else None


def _summarise(label: str, rows: list[tuple], now: datetime) -> Accountability:
    result = Accountability(label=label)
    delays = []
    for reached_at, due_at, answered_at in rows:
        result.reached += 1
        if answered_at is not None:
            result.answered += 1
            if due_at is None or answered_at <= due_at:
                result.answered_in_time += 1
            delays.append(max(0.0, (answered_at - reached_at).total_seconds() / 86400))
        elif due_at is not None and due_at < now:
            result.overdue += 1
    if delays:
        result.median_days = round(statistics.median(delays), 1)
    return result


def accountability(*, viewer, months: int = 12) -> dict:
    """The promise made visible: ideas that reached the threshold, answered, answered in time,
    median days to answer; overall, per product area and per month the threshold was reached."""
    now = timezone.now()
    rows = list(
        visible(
            viewer,
            Idea.objects.filter(threads.alive("topic"), threshold_reached_at__isnull=False),
        )
        .filter(merged_into__isnull=True)
        .values_list(
            "product_area_id", "threshold_reached_at", "response_due_at", "first_response_at"
        )
    )
    areas = {a.pk: a for a in visible(viewer, ProductArea.objects.all())}
    overall = _summarise(_("All product areas"), [r[1:] for r in rows], now)
    per_area = []
    for area_id in sorted({r[0] for r in rows}, key=lambda pk: (pk is None, pk or 0)):
        label = areas[area_id].name if area_id in areas else _("No product area")
        per_area.append(_summarise(label, [r[1:] for r in rows if r[0] == area_id], now))
    per_month = []
    start = (now.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    month = start
    while month <= now:
        following = (month + timedelta(days=32)).replace(day=1)
        chosen = [r[1:] for r in rows if month <= r[1] < following]
        per_month.append(_summarise(month.strftime("%Y-%m"), chosen, now))
        month = following
    return {"overall": overall, "per_area": per_area, "per_month": per_month}
