"""Reads of the ledger, narrowed to what the reader may see."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ruche.core.pagination import Page, paginate_desc
from ruche.spaces.selectors import visible_space_ids

from . import registry
from .models import Activity


def timeline_queryset(*, member, viewer) -> QuerySet[Activity]:
    """A member's actions that ``viewer`` may see, without the member's profile check.

    Private verbs (sign-ins, tokens, newsletter opens…) are for the member and the staff only;
    actions in a space are shown only to those who may see the space.
    """
    queryset = Activity.objects.filter(actor=member)
    is_self = viewer.is_authenticated and viewer.pk == member.pk
    is_staff = viewer.is_authenticated and viewer.is_staff_member
    if is_staff:
        return queryset
    if not is_self:
        queryset = queryset.exclude(verb__in=registry.private_verb_names())
    return queryset.filter(Q(space__isnull=True) | Q(space_id__in=visible_space_ids(viewer)))


def timeline_page(*, member, viewer, cursor: str | None = None, size: int = 30) -> Page:
    queryset = timeline_queryset(member=member, viewer=viewer).select_related("space")
    return paginate_desc(queryset, field="occurred_at", cursor=cursor, size=size, tiebreak="id")
