"""Days visited and topics read, written to the ledger cheaply.

A visit is recorded at most once a day per member: the session remembers the day, so only the
first page of the day touches the database (and the idempotency key makes a second session that
day a no-op). A topic read is recorded once per member and topic, the session remembering the
last topics recorded. Only pages (GET, not the API, not htmx fragments) count.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .conf import RECORD_VISITS
from .services import topic_read_record, visit_record

logger = logging.getLogger(__name__)
SESSION_DAY = "recognition_visit_day"
SESSION_READ = "recognition_read"
READ_REMEMBERED = 100


class EngagementMiddleware:
    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        try:
            self._record(request, response)
        except Exception:
            logger.exception("Could not record a visit")
        return response

    def _record(self, request: HttpRequest, response: HttpResponse) -> None:
        user = getattr(request, "user", None)
        if not RECORD_VISITS.value:
            return
        if (
            request.method != "GET"
            or user is None
            or not user.is_authenticated
            or response.status_code != 200
            or request.path.startswith("/api/")
            or request.headers.get("HX-Request")
            or not hasattr(request, "session")
        ):
            return
        today = timezone.localdate().isoformat()
        if request.session.get(SESSION_DAY) != today:
            visit_record(member=user, day=timezone.localdate())
            request.session[SESSION_DAY] = today
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name == "forum:topic":
            topic_id = match.kwargs.get("topic_id") or match.kwargs.get("pk")
            read = request.session.get(SESSION_READ, [])
            if topic_id and topic_id not in read:
                topic_read_record(member=user, topic_id=int(topic_id))
                request.session[SESSION_READ] = [*read, topic_id][-READ_REMEMBERED:]
