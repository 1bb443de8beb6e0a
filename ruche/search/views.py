from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ruche.forum import kinds
from ruche.products.models import ProductArea
from ruche.spaces.selectors import space_list

from . import selectors


def _page_number(raw: str) -> int:
    try:
        return max(1, min(int(raw), selectors.MAX_PAGES))
    except (TypeError, ValueError):
        return 1


def results(request: HttpRequest) -> HttpResponse:
    """The search page: a form, and the results once there are words or filters."""
    params = request.GET
    query = params.get("q", "").strip()[: selectors.MAX_QUERY_CHARS]
    errors: dict[str, list[str]] = {}
    results = None
    try:
        filters = selectors.search_filters(
            kind=params.get("kind", ""),
            space=params.get("space", ""),
            area=params.get("area", ""),
            tag=params.get("tag", ""),
            answered=params.get("answered", ""),
            date_from=params.get("from", ""),
            date_to=params.get("to", ""),
        )
    except ValidationError as exc:
        errors = exc.message_dict
    else:
        if query or filters.any:
            results = selectors.search(
                viewer=request.user,
                query=query,
                filters=filters,
                page=_page_number(params.get("page", "1")),
            )
    return render(
        request,
        "search/results.html",
        {
            "query": query,
            "results": results,
            "errors": errors,
            "kinds": kinds.choices(searchable=True),
            "spaces": space_list(user=request.user),
            "areas": ProductArea.objects.filter(is_active=True),
        },
        status=400 if errors else 200,
    )
