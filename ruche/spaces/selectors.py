from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ruche.core.permissions import visible

from .models import Space


def space_list(*, user, include_archived: bool = False) -> QuerySet[Space]:
    queryset = visible(user, Space.objects.select_related("programme", "product_area"))
    if not include_archived:
        queryset = queryset.filter(is_archived=False)
    return queryset.order_by("position", "slug")


def visible_space_ids(user) -> QuerySet:
    """A subquery of the ids of the spaces ``user`` may see, for filtering other content."""
    return visible(user, Space.objects.all()).values("id")


def space_get(*, user, slug: str) -> Space:
    """The space, or 404 for a visitor who may not know it exists."""
    return get_object_or_404(space_list(user=user, include_archived=True), slug=slug)
