from celery import shared_task

from .services import escalate_unanswered


@shared_task
def escalate_unanswered_questions() -> int:
    """Run by Celery beat: questions unanswered past the configured delay go to support."""
    return escalate_unanswered()
