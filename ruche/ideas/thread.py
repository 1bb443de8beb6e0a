"""The kind of forum thread that carries an idea's comments, and its policy.

An idea shares its primary key with its thread (``Idea.topic``). The thread is shown on the
idea's page (the forum's page of it redirects there), stays out of the forum's lists and its
similar questions but is found by the community search; its opening post takes no forum likes
(an idea's likes are its own, with their threshold), and it is edited, moved and hidden with
the idea, never on its own.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ruche.forum import threads


def idea_url(thread: Any) -> str:
    return reverse("ideas:detail", args=[thread.pk])


IDEA_THREAD = threads.ThreadKind(
    name="idea",
    label=_("Idea"),
    url=idea_url,
    listed_in_forum=False,
    searchable=True,
    topic_likes=False,
    likes_refused=_("Like the idea on its own page."),
    editable_in_forum=False,
    retaggable=False,
    movable=False,
    flaggable=False,
    redirect_to_host=True,
)


def register() -> None:
    threads.register_kind(IDEA_THREAD)
