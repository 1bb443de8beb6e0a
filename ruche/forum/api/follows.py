"""What a member follows."""

from __future__ import annotations

from ninja import Query

from ruche.core.pagination import paginate_desc
from ruche.core.permissions import visible
from ruche.products.models import ProductArea
from ruche.spaces.models import Space

from .. import services
from ..models import Follow, FollowTarget, Tag, Topic
from .common import ERRORS, router
from .schemas import FollowingOut, FollowPage


@router.put("/follows/{target_type}/{target_id}", response={200: FollowingOut, **ERRORS})
def follow(request, target_type: str, target_id: int):
    services.follow_add(member=request.user, target_type=target_type, target_id=target_id)
    return {"following": True}


@router.delete("/follows/{target_type}/{target_id}", response={200: FollowingOut, **ERRORS})
def unfollow(request, target_type: str, target_id: int):
    services.follow_remove(member=request.user, target_type=target_type, target_id=target_id)
    return {"following": False}


_FOLLOW_MODELS = {
    FollowTarget.TOPIC: (Topic, "title"),
    FollowTarget.SPACE: (Space, "name"),
    FollowTarget.TAG: (Tag, "name"),
    FollowTarget.PRODUCT_AREA: (ProductArea, "name"),
}


def _follow_names(follows: list[Follow], viewer) -> dict[tuple[str, int], str]:
    """Names of what is followed, one query per kind of target, only for what is still visible."""
    names: dict[tuple[str, int], str] = {}
    for target_type, (model, attribute) in _FOLLOW_MODELS.items():
        ids = [f.target_id for f in follows if f.target_type == target_type]
        if not ids:
            continue
        queryset = model.objects.all() if model is Tag else visible(viewer, model.objects.all())
        for obj in queryset.filter(pk__in=ids):
            names[(target_type, obj.pk)] = str(getattr(obj, attribute))
    return names


@router.get("/me/follows", response={200: FollowPage, **ERRORS}, summary="What I follow")
def my_follows(request, cursor: str | None = None, limit: int = Query(50, ge=1, le=100)):
    page = paginate_desc(
        Follow.objects.filter(member=request.user),
        field="created_at",
        cursor=cursor,
        size=limit,
        tiebreak="id",
    )
    names = _follow_names(page.items, request.user)
    return {
        "items": [
            {
                "target_type": f.target_type,
                "target_id": f.target_id,
                "name": names.get((f.target_type, f.target_id)),
                "created_at": f.created_at,
            }
            for f in page.items
        ],
        "next_cursor": page.next_cursor,
    }
