"""Background work of recognition: notifications of badges, levels and challenges; the daily
refresh (levels with a window demote the inactive, anniversaries)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def notify_recognition(*, events: list[dict]) -> int:
    from ruche.notifications.services import deliver_recognition

    return sum(
        1
        for event in events
        if deliver_recognition(kind=event["kind"], member_id=event["member_id"], data=event["data"])
    )


@shared_task(acks_late=True)
def engagement_refresh_task() -> dict:
    from .services import engagement_refresh

    return engagement_refresh()
