"""Rendering shared by the pages that list topics (forum, tags, areas, spaces)."""

from __future__ import annotations

from collections.abc import Iterable

from ruche.core.fragments import attach_fragments

from .models import Topic

# "… ago" in a row may lag by this much.
TOPIC_ROW_SECONDS = 60


def attach_topic_rows(topics: Iterable[Topic]) -> None:
    """Set ``row_html`` on each topic: its row in a list, the same for every reader who may see
    it, cached and keyed by everything it shows that can change."""
    attach_fragments(
        topics,
        attr="row_html",
        template="forum/_topic_row.html",
        key=lambda topic: (
            topic.pk,
            topic.last_activity_at.timestamp(),
            topic.edited_at.timestamp() if topic.edited_at else "",
            topic.like_count,
            topic.reply_count,
            topic.answered_by,
            topic.is_deleted,
        ),
        context=lambda topic: {"topic": topic},
        seconds=TOPIC_ROW_SECONDS,
    )
