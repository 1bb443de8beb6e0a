"""The product team's views: the inbox of ideas awaiting an answer, the prioritised export."""

from __future__ import annotations

from typing import Literal

from ruche.core.permissions import check, visible
from ruche.products.models import ProductArea

from .. import exports, selectors
from .common import ERRORS, check_staff, router, slug_lookup, summary_out
from .schemas import IdeaSummaryOut


@router.get(
    "/idea-inbox",
    response={200: list[IdeaSummaryOut], **ERRORS},
    summary="Product staff: ideas awaiting an official response, due first (overdue lead)",
)
def inbox(request, product_area: str = ""):
    check(request.user, "idea_inbox.see")
    area = slug_lookup(
        visible(request.user, ProductArea.objects.all()), product_area, "product_area"
    )
    return [summary_out(i) for i in selectors.inbox(viewer=request.user, product_area=area)]


@router.get(
    "/idea-export.csv",
    response={200: None, **ERRORS},
    summary="Staff: the prioritised list as CSV (same filters and orders as /ideas)",
)
def export(
    request,
    sort: Literal["likes", "momentum", "newest", "oldest", "segment", "country"] = "likes",
    status: str = "",
    product_area: str = "",
    segment: str = "",
    like_segment: str = "",
    country: str = "",
):
    check_staff(request.user)
    filters = selectors.filters_from(
        viewer=request.user,
        sort=sort,
        status=status,
        product_area=product_area,
        segment=segment,
        like_segment=like_segment,
        country=country,
    )
    return exports.csv_response(viewer=request.user, filters=filters)
