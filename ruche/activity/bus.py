"""The ledger as the kernel's event bus sees it (installed by ``ActivityConfig.ready``)."""

from __future__ import annotations

import logging
from typing import Any

from ruche.core import events

from .ledger import delivery_pending, record_event
from .models import Activity
from .tasks import deliver

logger = logging.getLogger(__name__)


class ActivityLedger:
    """Implements ``ruche.core.events.Ledger`` on the ``Activity`` table."""

    def record(
        self, event: events.Event, *, source: str, idempotency_key: str | None
    ) -> tuple[Activity, bool]:
        return record_event(event, source=source, idempotency_key=idempotency_key)

    def deliver_after_commit(self, rows: list[Any]) -> None:
        for row in rows:
            for entry in events.after_commit_listeners(row.verb):
                try:
                    deliver.delay(activity_id=row.pk, listener=entry.name)
                except Exception:
                    # The broker is unreachable: keep the delivery for the sweeper to send.
                    logger.exception("Could not queue %s for ledger row %s", entry.name, row.pk)
                    delivery_pending(activity_id=row.pk, listener=entry.name)
