"""Reads of the forum, always narrowed to what the visitor may see, with a fixed query count."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ruche.core.pagination import Page, paginate_asc, paginate_desc
from ruche.core.permissions import visible

from . import kinds
from .models import Escalation, EscalationState, Like, Reply, Tag, Topic, TopicKind

TOP_PERIODS = {"week": 7, "month": 30, "year": 365, "all": None}
ORDERS = ("latest", "unanswered", "top")


def topic_queryset(*, viewer) -> QuerySet[Topic]:
    return (
        visible(viewer, Topic.objects.all())
        .select_related("space", "author", "author__segment", "product_area")
        .prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("slug")))
    )


def topic_list_page(
    *,
    viewer,
    order: str = "latest",
    period: str = "all",
    space=None,
    tag: Tag | None = None,
    product_area=None,
    kind: str | None = None,
    cursor: str | None = None,
    size: int = 30,
) -> Page:
    """Latest, unanswered or top topics; keyset pagination so page 1,000 costs what page 1 does."""
    # Lists never show the text itself: leaving it out keeps rows small.
    queryset = topic_queryset(viewer=viewer).defer("body", "body_html", "toc")
    if space is not None:
        queryset = queryset.filter(space=space)
    if tag is not None:
        queryset = queryset.filter(tags=tag)
    if product_area is not None:
        queryset = queryset.filter(product_area=product_area)
    # Threads hosted for other apps (an idea's comments…) stay out of the forum's lists unless
    # their kind says otherwise: the host lists its objects itself.
    if kind:
        queryset = queryset.filter(kind=kind)
    else:
        unlisted = kinds.names(listed_in_forum=False)
        if unlisted:
            queryset = queryset.exclude(kind__in=unlisted)
    if order == "unanswered":
        queryset = queryset.filter(kind=TopicKind.QUESTION, reply_count=0, answered_by="")
        return paginate_desc(queryset, field="created_at", cursor=cursor, size=size, tiebreak="id")
    if order == "top":
        days = TOP_PERIODS.get(period)
        if days is not None:
            queryset = queryset.filter(created_at__gte=timezone.now() - timedelta(days=days))
        return paginate_desc(queryset, field="like_count", cursor=cursor, size=size, tiebreak="id")
    return paginate_desc(
        queryset, field="last_activity_at", cursor=cursor, size=size, tiebreak="id"
    )


def topic_get(*, viewer, topic_id: int) -> Topic:
    """The topic, or 404 when the visitor may not know it exists."""
    queryset = topic_queryset(viewer=viewer).select_related("accepted_reply__author")
    if viewer.is_authenticated:
        queryset = queryset.annotate(
            liked=Exists(Like.objects.filter(topic=OuterRef("pk"), member=viewer))
        )
    return get_object_or_404(queryset, pk=topic_id)


def reply_page(
    *,
    viewer,
    topic: Topic,
    cursor: str | None = None,
    size: int = 100,
    with_source: bool = True,
) -> Page:
    """Replies in reading order, with their authors and the post they answer, in 1 query.

    ``with_source=False`` (the web page, which shows the rendered text only) leaves the Markdown
    source, the text of the post a reply answers and authors' biographies in the database.
    """
    queryset = visible(viewer, Reply.objects.filter(topic=topic)).select_related(
        "author", "author__segment", "parent", "parent__author"
    )
    if not with_source:
        queryset = queryset.defer(
            "body", "parent__body", "parent__body_html", "author__bio", "parent__author__bio"
        )
    if viewer.is_authenticated:
        queryset = queryset.annotate(
            liked=Exists(Like.objects.filter(reply=OuterRef("pk"), member=viewer))
        )
    return paginate_asc(queryset, field="created_at", cursor=cursor, size=size, tiebreak="id")


def escalation_queue(
    *, state: str = EscalationState.OPEN, assigned_to=None
) -> QuerySet[Escalation]:
    """Escalated questions, oldest first, with what an agent needs to see at a glance."""
    queryset = Escalation.objects.select_related(
        "topic", "topic__space", "topic__author", "topic__author__segment", "assigned_to"
    ).order_by("escalated_at", "id")
    if state:
        queryset = queryset.filter(state=state)
    if assigned_to is not None:
        queryset = queryset.filter(assigned_to=assigned_to)
    return queryset
