"""The ledger behind ``ruche.core.events``: how an event becomes a row, and how an after-commit
listener handles a row once (retried until it succeeds). ``bus.py`` ties them to the kernel."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from ruche.core import events

from .models import Activity, Delivery, DeliveryState
from .services import validate_row

logger = logging.getLogger(__name__)

# Seconds before the n-th retry of a failed delivery (then every hour, up to MAX_ATTEMPTS).
RETRY_DELAYS = (30, 120, 600, 1800)
MAX_ATTEMPTS = 12


def _content_type_id(target_model: str | None) -> int | None:
    if not target_model:
        return None
    app_label, model = target_model.split(".", 1)
    return ContentType.objects.get_by_natural_key(app_label, model).pk


def record_event(
    event: events.Event, *, source: str, idempotency_key: str | None
) -> tuple[Activity, bool]:
    """Append ``event`` as a ledger row; a known (source, idempotency key) returns that row."""
    payload = event.payload()
    validate_row(type(event).name, source, payload, idempotency_key)
    now = timezone.now()
    row = Activity(
        actor_id=event.actor_id,
        verb=type(event).name,
        target_type_id=_content_type_id(event.target_model),
        target_id=event.target_id,
        space_id=event.space_id,
        source=source,
        payload=payload,
        idempotency_key=idempotency_key,
        occurred_at=event.occurred_at or now,
        recorded_at=now,
    )
    if idempotency_key is None:
        row.save()
        return row, True
    existing = Activity.objects.filter(source=source, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        # Another request stored the same event between our read and our insert.
        return Activity.objects.get(source=source, idempotency_key=idempotency_key), False
    return row, True


def delivery_pending(*, activity_id: int, listener: str) -> None:
    """Remember a delivery that could not be queued; ``deliveries_retry`` sends it later."""
    Delivery.objects.get_or_create(
        activity_id=activity_id,
        listener=listener,
        defaults={"state": DeliveryState.PENDING, "next_attempt_at": timezone.now()},
    )


def _claim(activity_id: int, listener: str) -> bool:
    """Mark the delivery done (in the caller's transaction); False if it was already done."""
    try:
        with transaction.atomic():
            Delivery.objects.create(
                activity_id=activity_id, listener=listener, state=DeliveryState.DONE, attempts=1
            )
        return True
    except IntegrityError:
        delivery = Delivery.objects.select_for_update().get(
            activity_id=activity_id, listener=listener
        )
        if delivery.state == DeliveryState.DONE:
            return False
        delivery.state = DeliveryState.DONE
        delivery.attempts += 1
        delivery.next_attempt_at = None
        delivery.last_error = ""
        delivery.updated_at = timezone.now()
        delivery.save()
        return True


def _failed(activity_id: int, listener: str, error: BaseException) -> None:
    now = timezone.now()
    with transaction.atomic():
        delivery, _created = Delivery.objects.select_for_update().get_or_create(
            activity_id=activity_id,
            listener=listener,
            defaults={"state": DeliveryState.FAILED},
        )
        delivery.attempts += 1
        if delivery.attempts >= MAX_ATTEMPTS:
            delivery.state = DeliveryState.GAVE_UP
            delivery.next_attempt_at = None
        else:
            delay = RETRY_DELAYS[min(delivery.attempts, len(RETRY_DELAYS)) - 1]
            if delivery.attempts > len(RETRY_DELAYS):
                delay = 3600
            delivery.state = DeliveryState.FAILED
            delivery.next_attempt_at = now + timedelta(seconds=delay)
        delivery.last_error = f"{type(error).__name__}: {error}"[:2000]
        delivery.updated_at = now
        delivery.save()


def delivery_run(*, activity_id: int, listener: str) -> bool:
    """Run one after-commit listener on one ledger row, at most once; True if it ran now.

    The listener's writes and the delivery's "done" mark commit together, so a second run of the
    same task (a redelivered message, a retry racing the first) does nothing. A failure is
    recorded with the time of the next attempt, and the action itself stays done.
    """
    entry = events.after_commit_listener(listener)
    row = Activity.objects.filter(pk=activity_id).first()
    if entry is None or row is None:
        logger.warning("Nothing to deliver: listener %s, ledger row %s", listener, activity_id)
        return False
    event = events.event_from_row(row)
    if event is None:
        return False
    try:
        with transaction.atomic():
            if not _claim(activity_id, listener):
                return False
            entry.func(event)
    except Exception as error:
        logger.exception("After-commit listener %s failed on ledger row %s", listener, row.pk)
        _failed(activity_id, listener, error)
        return False
    return True


def deliveries_retry(*, now=None, limit: int = 500) -> int:
    """Run the deliveries that failed or could not be queued and are due; returns how many ran."""
    now = now or timezone.now()
    due = list(
        Delivery.objects.filter(
            state__in=[DeliveryState.FAILED, DeliveryState.PENDING], next_attempt_at__lte=now
        )
        .order_by("next_attempt_at")
        .values_list("activity_id", "listener")[:limit]
    )
    return sum(
        1
        for activity_id, listener in due
        if delivery_run(activity_id=activity_id, listener=listener)
    )
