"""The notifications API: my notifications, reading them, my channel for each kind (shapes in
``schemas.py``)."""

from __future__ import annotations

from ninja import Query, Router

from ruche.core.api import ErrorOut

from . import selectors, services
from .schemas import (
    NotificationOut,
    NotificationPage,
    PreferenceOut,
    PreferencesIn,
    ReadAllOut,
    notification_out,
    preferences_out,
)

router = Router(tags=["notifications"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


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
