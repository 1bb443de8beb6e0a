"""Kinds of thread and their policy: the forum's own kinds, and those other apps host here.

A topic's ``kind`` names a :class:`ThreadKind`. The forum registers its own four (question,
testimonial, discussion, article); an app that attaches discussion threads to its own objects
(ideas, and later events, beta tests, surveys, support cases) registers its kind from its
``AppConfig.ready`` through :mod:`ruche.forum.threads`, saying where such threads are listed, who
may reply, whether the opening post takes likes, and which page shows them. The forum never tests
a kind by name for these: lists, search, likes, permissions and the topic page ask the registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MAX_NAME_LENGTH = 12  # Topic.kind's column


def forum_page(topic: Any) -> str:
    """The forum's own page of a topic."""
    return reverse("forum:topic", args=[topic.pk])


@dataclass(frozen=True)
class ThreadKind:
    """The policy of one kind of thread, declared by the app that owns it."""

    name: str  # stored in Topic.kind
    label: str | Promise
    # The page that shows a thread of this kind, given the topic (a host object's page).
    url: Callable[[Any], str] = forum_page
    # Members start it from the forum's "New topic" page (the forum's own kinds).
    startable_in_forum: bool = False
    # Shown in the forum's lists (latest, unanswered, top, tags, areas, spaces) and among the
    # similar questions offered while a title is typed.
    listed_in_forum: bool = False
    # Found by the community search, and offered among its filters.
    searchable: bool = True
    # The opening post takes the forum's likes (an idea's likes are its own, with a threshold).
    topic_likes: bool = False
    # Why a like of the opening post is refused when ``topic_likes`` is False.
    likes_refused: str | Promise = ""
    # The opening post is edited, deleted and restored on the forum's pages; otherwise the host
    # does it through ``ruche.forum.threads`` (and keeps its own object in step).
    editable_in_forum: bool = False
    # Members with the ability (or the author, a moderator) change its tags / move it.
    retaggable: bool = False
    movable: bool = False
    # Trusted members may flag and hide the opening post (replies always may be).
    flaggable: bool = False
    # The forum's topic page sends visitors to ``url`` (the host's page shows the thread).
    redirect_to_host: bool = False
    # A rule the host adds to the forum's for replying: ``may_reply(user, topic)``.
    may_reply: Callable[[Any, Any], bool] | None = None
    # A template the forum's topic page includes above the replies (``topic`` in its context).
    page_template: str = ""

    def __post_init__(self) -> None:
        if not self.name or len(self.name) > MAX_NAME_LENGTH:
            raise ValueError(f"A thread kind's name has 1 to {MAX_NAME_LENGTH} characters.")


_kinds: dict[str, ThreadKind] = {}


def register(kind: ThreadKind) -> ThreadKind:
    """Declare a kind of thread; registering the same declaration again changes nothing."""
    existing = _kinds.get(kind.name)
    if existing is not None and existing != kind:
        raise ValueError(f"Thread kind {kind.name!r} is already registered differently.")
    _kinds[kind.name] = kind
    return kind


def unregister(name: str) -> None:
    """Forget a kind (tests that declare their own)."""
    _kinds.pop(name, None)


# A row whose kind no installed app declares any more: shown on the forum's page, nowhere else.
_UNKNOWN = ThreadKind(name="unknown", label=_("Other"), searchable=False)


def get(name: str) -> ThreadKind:
    return _kinds.get(name, _UNKNOWN)


def is_known(name: str) -> bool:
    return name in _kinds


def all_kinds() -> list[ThreadKind]:
    return list(_kinds.values())


def names(**traits: Any) -> list[str]:
    """Names of the kinds whose policy has every given trait (``listed_in_forum=True``)."""
    return [
        kind.name
        for kind in _kinds.values()
        if all(getattr(kind, trait) == value for trait, value in traits.items())
    ]


def choices(**traits: Any) -> list[tuple[str, str | Promise]]:
    """(name, label) of the kinds whose policy has every given trait, for filters and forms."""
    return [
        (kind.name, kind.label)
        for kind in _kinds.values()
        if all(getattr(kind, trait) == value for trait, value in traits.items())
    ]


def kind_choices() -> list[tuple[str, str | Promise]]:
    """The choices of ``Topic.kind``: every registered kind (read when needed, after apps load)."""
    return [(kind.name, kind.label) for kind in _kinds.values()]


# --- The forum's own kinds --------------------------------------------------------------------


class TopicKind(models.TextChoices):
    """The forum's own kinds (their rules — answers, articles' summaries — are the forum's)."""

    QUESTION = "question", _("Question")
    TESTIMONIAL = "testimonial", _("Testimonial")
    DISCUSSION = "discussion", _("Discussion")
    ARTICLE = "article", _("Article")


for _value, _label in TopicKind.choices:
    register(
        ThreadKind(
            name=_value,
            label=_label,
            startable_in_forum=True,
            listed_in_forum=True,
            searchable=True,
            topic_likes=True,
            editable_in_forum=True,
            retaggable=True,
            movable=True,
            flaggable=True,
        )
    )
