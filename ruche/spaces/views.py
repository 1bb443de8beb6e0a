from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from ruche.core.http import is_htmx
from ruche.core.pagination import InvalidCursor
from ruche.core.permissions import can_moderate, can_write
from ruche.forum.rendering import attach_topic_rows

from .selectors import space_get, space_list


def space_index(request: HttpRequest) -> HttpResponse:
    return render(request, "spaces/space_list.html", {"spaces": space_list(user=request.user)})


def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    from ruche.forum.models import Follow, FollowTarget
    from ruche.forum.selectors import topic_list_page
    from ruche.forum.views import may_start_in

    space = space_get(user=request.user, slug=slug)
    try:
        page = topic_list_page(
            viewer=request.user,
            space=space,
            cursor=request.GET.get("cursor"),
            size=settings.RUCHE["TOPICS_PER_PAGE"],
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
        "spaces/space_detail.html",
        {
            "space": space,
            "may_write": can_write(request.user, space),
            "may_moderate": can_moderate(request.user, space),
            "moderators": space.moderators.all(),
            "page": page,
            "may_start_topic": may_start_in(request.user, space),
            "follow_type": FollowTarget.SPACE,
            "follow_id": space.pk,
            "following": following,
        },
    )
