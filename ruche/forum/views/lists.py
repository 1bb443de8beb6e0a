"""The forum's lists: latest, unanswered and top topics, of a tag, of a product area."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from ruche.core.cache import anonymous_page_cache
from ruche.core.http import is_htmx
from ruche.core.pagination import InvalidCursor
from ruche.core.permissions import visible
from ruche.products.models import ProductArea
from ruche.spaces.selectors import space_get

from .. import kinds, selectors
from ..conf import TOPICS_PER_PAGE
from ..models import FollowTarget, Tag
from ..rendering import attach_topic_rows
from .common import is_following


def _topic_list(
    request: HttpRequest,
    *,
    template: str,
    context: dict,
    space=None,
    tag: Tag | None = None,
    product_area: ProductArea | None = None,
) -> HttpResponse:
    order = request.GET.get("order", "latest")
    if order not in selectors.ORDERS:
        order = "latest"
    period = request.GET.get("period", "all")
    if period not in selectors.TOP_PERIODS:
        period = "all"
    kind = request.GET.get("kind", "")
    if not kinds.is_known(kind):
        kind = ""
    try:
        page = selectors.topic_list_page(
            viewer=request.user,
            order=order,
            period=period,
            space=space,
            tag=tag,
            product_area=product_area,
            kind=kind or None,
            cursor=request.GET.get("cursor"),
            size=TOPICS_PER_PAGE.value,
        )
    except InvalidCursor as exc:
        raise Http404 from exc
    attach_topic_rows(page.items)
    if is_htmx(request) and request.GET.get("cursor"):
        return render(request, "forum/_topic_rows.html", {"page": page})
    return render(
        request,
        template,
        {
            **context,
            "page": page,
            "order": order,
            "period": period,
            "kind": kind,
            "orders": [
                ("latest", _("Latest")),
                ("unanswered", _("Unanswered")),
                ("top", _("Top")),
            ],
            "periods": [
                ("week", _("Week")),
                ("month", _("Month")),
                ("year", _("Year")),
                ("all", _("All time")),
            ],
            "kinds": kinds.choices(listed_in_forum=True),
        },
    )


@anonymous_page_cache
def topic_list(request: HttpRequest) -> HttpResponse:
    space = None
    if request.GET.get("space"):
        space = space_get(user=request.user, slug=request.GET["space"])
    return _topic_list(
        request,
        template="forum/topic_list.html",
        context={"space": space, "may_post": request.user.is_authenticated},
        space=space,
    )


@anonymous_page_cache
def tag_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tag = get_object_or_404(Tag, slug=slug)
    return _topic_list(
        request,
        template="forum/tag_detail.html",
        context={
            "tag": tag,
            "follow_type": FollowTarget.TAG,
            "follow_id": tag.pk,
            "following": is_following(request.user, FollowTarget.TAG, tag.pk),
        },
        tag=tag,
    )


@anonymous_page_cache
def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(visible(request.user, ProductArea.objects.all()), slug=slug)
    return _topic_list(
        request,
        template="forum/area_detail.html",
        context={
            "area": area,
            "follow_type": FollowTarget.PRODUCT_AREA,
            "follow_id": area.pk,
            "following": is_following(request.user, FollowTarget.PRODUCT_AREA, area.pk),
        },
        product_area=area,
    )
