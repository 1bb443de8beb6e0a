"""Reads about members, always narrowed by the permission module."""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.core.pagination import Page, paginate_asc
from ruche.core.permissions import visible

from .models import Invitation, Segment, User


def member_queryset(*, viewer) -> QuerySet[User]:
    return visible(viewer, User.objects.all()).select_related("segment").prefetch_related("groups")


def member_list_page(
    *,
    viewer,
    query: str = "",
    segment: str = "",
    country: str = "",
    role: str = "",
    cursor: str | None = None,
    size: int = 30,
) -> Page:
    queryset = member_queryset(viewer=viewer)
    if query:
        queryset = queryset.filter(
            Q(display_name__icontains=query) | Q(organisation__icontains=query)
        )
    if segment:
        queryset = queryset.filter(segment__slug=segment)
    if country:
        queryset = queryset.filter(country=country.upper())
    if role:
        queryset = queryset.filter(groups__name=role)
    return paginate_asc(queryset, field="display_name", cursor=cursor, size=size, tiebreak="id")


def member_get(*, viewer, member_id: int) -> User:
    return get_object_or_404(member_queryset(viewer=viewer), pk=member_id)


def newest_members(*, viewer, limit: int = 8) -> list[User]:
    return list(member_queryset(viewer=viewer).order_by("-date_joined", "-id")[:limit])


def member_count() -> int:
    """How many active members the community has (cached: it is shown on every home page)."""
    return cache.get_or_set(
        "ruche:member_count", lambda: User.objects.filter(is_active=True).count(), 300
    )


def segment_list(*, active_only: bool = True) -> QuerySet[Segment]:
    queryset = Segment.objects.all()
    if active_only:
        queryset = queryset.filter(is_active=True)
    return queryset.order_by("position", "slug")


def segment_by_slug(slug: str) -> Segment:
    """The active segment with this slug, or a ValidationError on the field ``segment``."""
    segment = Segment.objects.filter(slug=slug, is_active=True).first()
    if segment is None:
        raise ValidationError({"segment": _("Unknown segment.")})
    return segment


INVITATION_STATUSES = ("pending", "accepted", "revoked", "expired")


def invitation_list(*, viewer, status: str = "") -> QuerySet[Invitation]:
    """Invitations the viewer may see, newest first, optionally of one status (in SQL)."""
    queryset = visible(viewer, Invitation.objects.select_related("segment", "invited_by"))
    now = timezone.now()
    if status == "accepted":
        queryset = queryset.filter(accepted_at__isnull=False)
    elif status == "revoked":
        queryset = queryset.filter(accepted_at__isnull=True, revoked_at__isnull=False)
    elif status == "expired":
        queryset = queryset.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__lte=now
        )
    elif status == "pending":
        queryset = queryset.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
        )
    elif status:
        raise ValidationError({"status": _("Unknown status.")})
    return queryset.order_by("-created_at", "-id")
