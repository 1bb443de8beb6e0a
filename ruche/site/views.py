"""Pages that gather several apps: the home page, a space with its topics, a member's profile
with their activity. Each app keeps its own pages; these sit above all of them."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from ruche.accounts.models import User
from ruche.accounts.selectors import member_count, newest_members
from ruche.activity.selectors import timeline_page
from ruche.core.http import is_htmx
from ruche.core.pagination import InvalidCursor
from ruche.core.permissions import can, can_moderate, can_write, check_see, visible
from ruche.forum.conf import TOPICS_PER_PAGE
from ruche.forum.models import Follow, FollowTarget
from ruche.forum.rendering import attach_topic_rows
from ruche.forum.selectors import topic_list_page
from ruche.forum.views import may_start_in
from ruche.products.selectors import product_area_list
from ruche.spaces.selectors import space_get, space_list


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "site/home.html",
        {
            "spaces": list(space_list(user=user)),
            "product_areas": list(product_area_list(user=user)),
            "newest_members": newest_members(viewer=user, limit=8),
            "member_count": member_count(),
        },
    )


def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_get(user=request.user, slug=slug)
    try:
        page = topic_list_page(
            viewer=request.user,
            space=space,
            cursor=request.GET.get("cursor"),
            size=TOPICS_PER_PAGE.value,
        )
    except InvalidCursor as exc:
        raise Http404 from exc
    attach_topic_rows(page.items)
    if is_htmx(request) and request.GET.get("cursor"):
        return render(request, "forum/_topic_rows.html", {"page": page})
    following = (
        request.user.is_authenticated
        and Follow.objects.filter(
            member=request.user, target_type=FollowTarget.SPACE, target_id=space.pk
        ).exists()
    )
    return render(
        request,
        "site/space_detail.html",
        {
            "space": space,
            "may_write": can_write(request.user, space),
            "may_moderate": can_moderate(request.user, space),
            # Named moderators are members: listed only to those who may see their profile.
            "moderators": visible(request.user, space.moderators.all()),
            "page": page,
            "may_start_topic": may_start_in(request.user, space),
            "follow_type": FollowTarget.SPACE,
            "follow_id": space.pk,
            "following": following,
        },
    )


def member_detail(request: HttpRequest, member_id: int) -> HttpResponse:
    member = get_object_or_404(
        User.objects.select_related("segment").prefetch_related("groups"), pk=member_id
    )
    check_see(request.user, member)
    try:
        page = timeline_page(member=member, viewer=request.user, cursor=request.GET.get("cursor"))
    except InvalidCursor as exc:
        raise Http404 from exc
    if is_htmx(request):
        return render(request, "site/_timeline.html", {"member": member, "page": page})
    return render(
        request,
        "site/member_detail.html",
        {
            "member": member,
            "page": page,
            "show_private": can(request.user, "member.see_private_details", member),
            "may_edit": can_write(request.user, member),
        },
    )
