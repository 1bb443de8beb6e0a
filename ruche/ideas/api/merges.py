"""Merging duplicates and undoing it (product staff)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Status

from ruche.core.permissions import visible

from .. import services
from ..models import Idea, IdeaMerge
from .common import ERRORS, idea_for, merge_out, router
from .schemas import MergeIn, MergeOut


@router.post(
    "/ideas/{idea_id}/merge",
    response={201: MergeOut, **ERRORS},
    summary="Product staff: merge this duplicate into an original",
)
def idea_merge(request, idea_id: int, payload: MergeIn):
    duplicate = idea_for(request, idea_id)
    original = visible(request.user, Idea.objects.all()).filter(pk=payload.original_id).first()
    if original is None:
        raise ValidationError({"original_id": _("Unknown idea.")})
    merge = services.idea_merge(
        duplicate=duplicate, original=original, actor=request.user, reason=payload.reason
    )
    return Status(201, merge_out(merge))


@router.delete(
    "/idea-merges/{merge_id}",
    response={200: MergeOut, **ERRORS},
    summary="Product staff: undo a merge",
)
def idea_unmerge(request, merge_id: int):
    merge = get_object_or_404(
        IdeaMerge.objects.filter(duplicate__in=visible(request.user, Idea.objects.all())),
        pk=merge_id,
    )
    return merge_out(services.idea_unmerge(merge=merge, actor=request.user))
