from __future__ import annotations

from datetime import datetime

from ninja import Query, Router, Schema
from pydantic import Field

from ruche.api import ErrorOut
from ruche.core.schemas import MemberRef, member_ref

from . import selectors, services
from .models import Channel, Notification, NotificationKind

router = Router(tags=["notifications"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class NotificationOut(Schema):
    id: int
    kind: str
    text: str = Field(description="Empty when the content is no longer visible to you.")
    actor: MemberRef | None
    actor_count: int
    topic_id: int | None
    reply_id: int | None
    url: str | None
    created_at: datetime
    updated_at: datetime
    read_at: datetime | None
    unread: bool


class NotificationPage(Schema):
    items: list[NotificationOut]
    next_cursor: str | None
    unread_count: int


class ReadAllOut(Schema):
    marked_read: int


class PreferenceOut(Schema):
    kind: str
    label: str
    channel: str = Field(description=f"One of {', '.join(Channel.values)}.")


class PreferencesIn(Schema):
    channels: dict[str, str] = Field(
        description="Kind → channel (in_app, email, off); kinds left out keep their channel."
    )


def notification_out(notification: Notification) -> dict:
    available = notification.available
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "text": notification.text,
        "actor": member_ref(notification.shown_actor)
        if notification.shown_actor and available
        else None,
        "actor_count": notification.actor_count,
        "topic_id": notification.topic_id if available else None,
        "reply_id": notification.reply_id if available else None,
        "url": notification.target_url if available else None,
        "created_at": notification.created_at,
        "updated_at": notification.updated_at,
        "read_at": notification.read_at,
        "unread": notification.read_at is None,
    }


def preferences_out(channels: dict[str, str]) -> list[dict]:
    return [
        {"kind": kind, "label": str(NotificationKind(kind).label), "channel": channel}
        for kind, channel in channels.items()
    ]


@router.get(
    "/notifications",
    response={200: NotificationPage, **ERRORS},
    summary="My notifications, latest first",
)
def notification_list(
    request,
    unread: bool = False,
    cursor: str | None = None,
    limit: int = Query(30, ge=1, le=100),
):
    page = selectors.notification_page(
        member=request.user, unread_only=unread, cursor=cursor, size=limit
    )
    return {
        "items": [notification_out(n) for n in page.items],
        "next_cursor": page.next_cursor,
        "unread_count": selectors.unread_count(request.user, limit=10_000),
    }


@router.post(
    "/notifications/read-all",
    response={200: ReadAllOut, **ERRORS},
    summary="Mark all my notifications read",
)
def notification_read_all(request):
    return {"marked_read": services.notification_mark_all_read(member=request.user)}


@router.get(
    "/notifications/preferences",
    response={200: list[PreferenceOut], **ERRORS},
    summary="How I am told of each kind of notification",
)
def preferences_get(request):
    return preferences_out(services.preference_channels(request.user))


@router.put(
    "/notifications/preferences",
    response={200: list[PreferenceOut], **ERRORS},
    summary="Choose how I am told of each kind of notification",
)
def preferences_put(request, payload: PreferencesIn):
    return preferences_out(services.preferences_set(member=request.user, channels=payload.channels))


@router.post(
    "/notifications/{notification_id}/read",
    response={200: NotificationOut, **ERRORS},
    summary="Mark one of my notifications read",
)
def notification_read(request, notification_id: int):
    services.notification_mark_read(member=request.user, notification_id=notification_id)
    return notification_out(
        selectors.notification_get(member=request.user, notification_id=notification_id)
    )
