"""Background work of recognition: the daily refresh (levels with a window demote the
inactive, anniversaries)."""

from __future__ import annotations

from celery import shared_task

from .services import engagement_refresh


@shared_task(acks_late=True)
def engagement_refresh_task() -> dict:
    return engagement_refresh()
