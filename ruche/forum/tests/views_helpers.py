"""Helpers of the forum page tests."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ruche.forum import services
from ruche.forum.models import (
    TopicKind,
)

HTMX = {"HTTP_HX_REQUEST": "true"}
BODY = "Since the last update the agenda no longer sends the SMS reminders to my patients."


@pytest.fixture(autouse=True)
def _no_newcomer_limits(settings):
    # Most tests post a lot with fresh accounts; the newcomer limits have their own test.
    settings.RUCHE = {**settings.RUCHE, "NEWCOMER_POSTS_PER_HOUR": 10_000}


def _topic(author, space, *, kind=TopicKind.QUESTION, title="SMS reminders stopped", **extra):
    return services.topic_create(
        author=author, space=space, kind=kind, title=title, body=extra.pop("body", BODY), **extra
    )


def _reply(author, topic, body="Check the reminder settings of the agenda.", parent=None):
    return services.reply_create(author=author, topic=topic, body=body, parent=parent)


def _count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)
