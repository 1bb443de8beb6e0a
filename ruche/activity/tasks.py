"""Background work of the ledger: after-commit deliveries and their retries."""

from celery import shared_task

from .ledger import deliveries_retry, delivery_run


@shared_task(acks_late=True, ignore_result=True)
def deliver(*, activity_id: int, listener: str) -> bool:
    """Run one after-commit listener on one ledger row (idempotent; failures are kept)."""
    return delivery_run(activity_id=activity_id, listener=listener)


@shared_task(ignore_result=True)
def deliveries_retry_task() -> int:
    """Every minute in production (Celery beat): retry failed or unqueued deliveries."""
    return deliveries_retry()
