"""HTML fragments that look the same to every reader, rendered once and cached.

A list page shows dozens of rows; fetching their cached HTML one by one (the ``{% cache %}`` tag)
costs a cache round trip per row with Redis. Here the page asks for all of them at once and
renders only the missing ones.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


def attach_fragments(
    items: Iterable[Any],
    *,
    attr: str,
    template: str,
    key: Callable[[Any], tuple],
    context: Callable[[Any], dict],
    seconds: int,
) -> None:
    """Set ``attr`` on each item to its rendered ``template``, from the cache when there.

    ``key(item)`` must hold everything the fragment shows that can change; the language is
    added here.
    """
    items = list(items)
    language = get_language() or ""
    keys = [
        ":".join(str(part) for part in ("fragment", template, language, *key(item)))
        for item in items
    ]
    found = cache.get_many(keys)
    missing = {}
    for item, item_key in zip(items, keys, strict=True):
        html = found.get(item_key)
        if html is None:
            html = render_to_string(template, context(item))
            missing[item_key] = html
        setattr(item, attr, mark_safe(html))  # noqa: S308  (our own template's output)
    if missing:
        cache.set_many(missing, seconds)
