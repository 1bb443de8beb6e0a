"""A short page cache for anonymous visitors, as Discourse's "anonymous cache".

Most visitors of a public community read without signing in, and every one of them sees the same
page. Such a request (no session cookie, no token, GET) is answered from the cache for
``ANONYMOUS_CACHE_SECONDS`` seconds (``ruche.core.conf``); a page may thus be that much behind for them, never
for members. Keys hold the language and the full path (with htmx partials apart), and a generation
that changes whenever something may have become hidden (a space's visibility, a topic moved or
deleted, a reply deleted): such a change reaches anonymous visitors at once, not after the delay.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from .conf import ANONYMOUS_CACHE_SECONDS


def _cacheable(request: HttpRequest) -> bool:
    return (
        request.method in {"GET", "HEAD"}
        and ANONYMOUS_CACHE_SECONDS.value > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
        and "HTTP_AUTHORIZATION" not in request.META
    )


_GENERATION = "anon-page:generation"


def anonymous_cache_invalidate() -> None:
    """Forget every cached anonymous page (by moving to a new generation of keys)."""
    try:
        cache.incr(_GENERATION)
    except ValueError:  # not set yet, or evicted
        cache.set(_GENERATION, 1, None)


def _key(request: HttpRequest) -> str:
    generation = cache.get(_GENERATION, 0)
    raw = "|".join(
        (
            str(generation),
            get_language() or "",
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
        )
    )
    return "anon-page:" + hashlib.sha256(raw.encode()).hexdigest()


def anonymous_page_cache(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve anonymous visitors a recent copy of the page (200 responses only)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        stored = cache.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response["X-Anonymous-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming:
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(
                key,
                (response.content, response["Content-Type"]),
                ANONYMOUS_CACHE_SECONDS.value,
            )
            response["X-Anonymous-Cache"] = "miss"
        return response

    return wrapper
