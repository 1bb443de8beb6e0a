"""The shapes of the notifications API, and how notifications fill them."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from ruche.core.schemas import MemberRef, member_ref

from .models import Channel, Notification, NotificationKind


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
