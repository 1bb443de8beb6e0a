"""Writes to the activity ledger: the only way any capability records what a member did."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core import events
from ruche.core.permissions import can

from . import registry
from .models import Activity, Source

MAX_PAYLOAD_KEYS = 50


def ledger_listener(func: Callable[[list[Activity]], None]) -> Callable[[list[Activity]], None]:
    """Register ``func`` to be called, in the transaction, with the rows each write appends."""
    return events.listen_to_all_rows(func)


def _tell(rows: list[Activity]) -> None:
    events.rows_recorded(rows)


def validate_row(verb: str, source: str, payload: dict | None, idempotency_key: str | None) -> None:
    errors: dict[str, str] = {}
    try:
        registry.get(verb)
    except registry.UnknownVerb:
        errors["verb"] = _("Unknown action “%(verb)s”.") % {"verb": verb}
    if not source or len(source) > 32:
        errors["source"] = _("A source name of at most 32 characters is required.")
    if payload is not None and (not isinstance(payload, dict) or len(payload) > MAX_PAYLOAD_KEYS):
        errors["payload"] = _("Details must be an object of at most %(count)d keys.") % {
            "count": MAX_PAYLOAD_KEYS
        }
    if idempotency_key is not None and not (0 < len(idempotency_key) <= 200):
        errors["idempotency_key"] = _("The idempotency key must be 1 to 200 characters.")
    if errors:
        raise ValidationError(errors)


def activity_record(
    *,
    actor,
    verb: str,
    target: Any = None,
    space=None,
    source: str = Source.RUCHE,
    payload: dict | None = None,
    idempotency_key: str | None = None,
    occurred_at: datetime | None = None,
) -> Activity:
    """Append one action to the ledger and return it.

    With an idempotency key, recording the same (source, key) again returns the stored row
    instead of adding another, even when two requests race.
    """
    validate_row(verb, source, payload, idempotency_key)
    now = timezone.now()
    activity = Activity(
        actor=actor,
        verb=verb,
        space=space,
        source=source,
        payload=payload or {},
        idempotency_key=idempotency_key,
        occurred_at=occurred_at or now,
        recorded_at=now,
    )
    if target is not None:
        activity.target_type = ContentType.objects.get_for_model(target)
        activity.target_id = target.pk
    if idempotency_key is None:
        activity.save()
        _tell([activity])
        return activity
    existing = Activity.objects.filter(source=source, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            activity.save()
    except IntegrityError:
        # Another request stored the same event between our read and our insert.
        return Activity.objects.get(source=source, idempotency_key=idempotency_key)
    _tell([activity])
    return activity


@dataclass
class ImportResult:
    received: int
    stored: int

    @property
    def duplicates(self) -> int:
        return self.received - self.stored


def activity_import(*, rows: Iterable[Activity], batch_size: int = 5000) -> ImportResult:
    """Bulk-append external events; rows whose (source, idempotency key) exists are skipped."""
    received = stored = 0
    batch: list[Activity] = []

    def flush() -> int:
        if not batch:
            return 0
        keys = [row.idempotency_key for row in batch if row.idempotency_key]
        sources = {row.source for row in batch if row.idempotency_key}
        stored_keys = Activity.objects.filter(source__in=sources, idempotency_key__in=keys)
        before = stored_keys.count() if keys else 0
        last_id = Activity.objects.aggregate(last=Max("pk"))["last"] or 0
        # ON CONFLICT DO NOTHING: a row already imported (same source and key) is skipped.
        Activity.objects.bulk_create(batch, ignore_conflicts=True)
        after = stored_keys.count() if keys else 0
        if events.has_row_listeners():
            # The ids are not returned with ON CONFLICT DO NOTHING: read back what was added.
            _tell(
                list(
                    Activity.objects.filter(
                        pk__gt=last_id, source__in={row.source for row in batch}
                    ).order_by("pk")
                )
            )
        unkeyed = sum(1 for row in batch if not row.idempotency_key)
        batch.clear()
        return (after - before) + unkeyed

    for row in rows:
        validate_row(row.verb, row.source, row.payload, row.idempotency_key)
        received += 1
        batch.append(row)
        if len(batch) >= batch_size:
            stored += flush()
    stored += flush()
    return ImportResult(received=received, stored=stored)


@dataclass
class ExternalEvent:
    verb: str
    occurred_at: datetime
    idempotency_key: str
    member_id: int | None = None
    member_email: str | None = None
    payload: dict | None = None


def activity_import_events(*, importer, source: str, events: list[ExternalEvent]) -> ImportResult:
    """Import events from an outside source (newsletter, chat…), matching members by id or e-mail.

    Only community managers import; only external verbs are accepted; "ruche" is reserved for
    actions taken in Ruche. Every event is checked before any is stored.
    """
    if not can(importer, "activity.import"):
        raise PermissionDenied
    if source == Source.RUCHE:
        raise ValidationError({"source": _("“ruche” is reserved for actions taken in Ruche.")})
    ids = {e.member_id for e in events if e.member_id}
    emails = {e.member_email.lower() for e in events if e.member_email}
    members = User.objects.filter(Q(pk__in=ids) | Q(email__in=emails)).only("id", "email")
    by_id = {m.pk: m.pk for m in members}
    by_email = {m.email.lower(): m.pk for m in members}
    errors: dict[str, str] = {}
    rows = []
    for index, event in enumerate(events):
        actor_id = by_id.get(event.member_id) or by_email.get((event.member_email or "").lower())
        if actor_id is None:
            errors[f"events.{index}.member"] = _("No member with this id or e-mail address.")
            continue
        verb = registry.find(event.verb)
        if verb is None or not verb.external:
            errors[f"events.{index}.verb"] = _("Unknown outside action; see /activity/verbs.")
            continue
        rows.append(
            Activity(
                actor_id=actor_id,
                verb=event.verb,
                occurred_at=event.occurred_at,
                source=source,
                payload=event.payload or {},
                idempotency_key=event.idempotency_key,
            )
        )
    if errors:
        raise ValidationError(errors)
    return activity_import(rows=rows)
