"""The similar topics offered under a title while it is typed ("was it asked already?").

The search app finds them and, sitting above the forum, hands its finder over from its
``AppConfig.ready`` (``provide``): the forum asks here and needs no import of the search.
Without a finder (search not installed) nothing is offered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Finder = Callable[..., list[Any]]

_finder: Finder | None = None


def provide(finder: Finder) -> None:
    """Install ``finder(viewer=, title=, limit=)``, returning the topics to offer."""
    global _finder
    _finder = finder


def similar_topics(*, viewer: Any, title: str, limit: int = 5) -> list[Any]:
    if _finder is None:
        return []
    return _finder(viewer=viewer, title=title, limit=limit)
