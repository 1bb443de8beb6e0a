"""Reads of notifications: always the viewer's own, with a fixed number of queries per page."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ruche.accounts.models import User
from ruche.core.pagination import Page, paginate_desc
from ruche.core.permissions import can_see, visible

from .models import Notification, NotificationKind
from .texts import notification_text

UNREAD_SHOWN_MAX = 99


def notification_queryset(*, member: User) -> QuerySet[Notification]:
    return visible(member, Notification.objects.all()).select_related(
        "actor", "topic__space", "reply"
    )


def _shown_actor(member: User, notification: Notification) -> User | None:
    """The member a notification names. Likers are not shown on the post itself: a like names
    its (latest) liker only to a recipient who may see their profile, "Someone" otherwise."""
    actor = notification.actor
    if actor is not None and notification.kind == NotificationKind.LIKE:
        return actor if can_see(member, actor) else None
    return actor


def _with_text(member: User, notifications: Iterable[Notification]) -> None:
    """Give each notification ``available``, ``shown_actor`` and ``text``.

    Content the member may no longer see (a space made private, a deleted post) is neither named
    nor linked. ``can_see`` reads the member's cached roles and the loaded actor, so this adds
    no query per row.
    """
    for notification in notifications:
        if notification.reply is not None:
            notification.reply.topic = notification.topic  # same row: spare a query per reply
        target = notification.reply or notification.topic
        # Personal notifications (badges, levels, welcome) concern only the member.
        notification.available = target is None or can_see(member, target)
        notification.shown_actor = _shown_actor(member, notification)
        notification.text = (
            notification_text(notification, actor=notification.shown_actor)
            if notification.available
            else ""
        )


def notification_page(
    *, member: User, unread_only: bool = False, cursor: str | None = None, size: int = 30
) -> Page:
    """The member's notifications, latest activity first (a grouped like rises when liked again)."""
    queryset = notification_queryset(member=member)
    if unread_only:
        queryset = queryset.filter(read_at__isnull=True)
    page = paginate_desc(queryset, field="updated_at", cursor=cursor, size=size, tiebreak="id")
    _with_text(member, page.items)
    return page


def notification_get(*, member: User, notification_id: int) -> Notification:
    """One of the member's notifications; another member's is a 404."""
    notification = get_object_or_404(notification_queryset(member=member), pk=notification_id)
    _with_text(member, [notification])
    return notification


def unread_count(member: User, limit: int = UNREAD_SHOWN_MAX + 1) -> int:
    """How many unread notifications, counted up to ``limit`` (the bell shows "99+")."""
    return (
        visible(member, Notification.objects.filter(read_at__isnull=True))
        .values("pk")[:limit]
        .count()
    )
