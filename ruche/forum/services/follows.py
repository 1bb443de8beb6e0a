"""Following topics, spaces, tags and product areas (what members hear of)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.events import emit
from ruche.core.permissions import visible
from ruche.products.models import ProductArea
from ruche.spaces.models import Space

from .. import verbs
from ..models import Follow, FollowTarget, Tag, Topic

_TARGET_MODELS = {
    FollowTarget.TOPIC: Topic,
    FollowTarget.SPACE: Space,
    FollowTarget.TAG: Tag,
    FollowTarget.PRODUCT_AREA: ProductArea,
}


def _follow_target(target_type: str, target_id: int, member: User):
    if target_type not in _TARGET_MODELS:
        raise ValidationError({"target_type": _("Unknown kind of thing to follow.")})
    model = _TARGET_MODELS[target_type]
    queryset = model.objects.all() if model is Tag else visible(member, model.objects.all())
    target = queryset.filter(pk=target_id).first()
    if target is None:
        raise Http404
    return target


def follow_add(*, member: User, target_type: str, target_id: int) -> bool:
    if not member.is_authenticated:
        raise PermissionDenied
    target = _follow_target(target_type, target_id, member)
    with transaction.atomic():
        _follow, created = Follow.objects.get_or_create(
            member=member, target_type=target_type, target_id=target.pk
        )
        if created:
            emit(verbs.followed(member=member, target_type=target_type, target_id=target.pk))
    return created


def follow_remove(*, member: User, target_type: str, target_id: int) -> bool:
    if target_type not in FollowTarget.values:
        raise ValidationError({"target_type": _("Unknown kind of thing to follow.")})
    with transaction.atomic():
        deleted, _detail = Follow.objects.filter(
            member=member, target_type=target_type, target_id=target_id
        ).delete()
        if deleted:
            emit(verbs.unfollowed(member=member, target_type=target_type, target_id=target_id))
    return bool(deleted)


def follow_implied(*, member_id: int, target_type: str, target_id: int) -> bool:
    """A follow that comes with another action (liking an idea, being named product manager):
    not the member's own choice, so no ledger row and no check (the caller's action had its
    own). True if it is new."""
    _follow, created = Follow.objects.get_or_create(
        member_id=member_id, target_type=target_type, target_id=target_id
    )
    return created


def product_managers_follow_their_areas(*, area: ProductArea) -> int:
    """Product managers follow their product areas by default (called when they are named)."""
    return sum(
        follow_implied(
            member_id=manager_id, target_type=FollowTarget.PRODUCT_AREA, target_id=area.pk
        )
        for manager_id in area.product_managers.values_list("pk", flat=True)
    )
