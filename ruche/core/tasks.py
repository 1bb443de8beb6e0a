from celery import shared_task
from django.core.mail import EmailMultiAlternatives


@shared_task(bind=True, max_retries=5, default_retry_delay=60, acks_late=True)
def send_email(self, *, subject: str, body: str, to: list[str], html: str | None = None) -> int:
    """Send one e-mail through Django's configured backend, retrying on transient failures."""
    message = EmailMultiAlternatives(subject=subject, body=body, to=to)
    if html:
        message.attach_alternative(html, "text/html")
    try:
        return message.send()
    except OSError as exc:  # SMTP connection problems
        raise self.retry(exc=exc) from exc
