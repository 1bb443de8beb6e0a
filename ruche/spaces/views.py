from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ruche.core.permissions import can_moderate, can_write

from .selectors import space_get, space_list


def space_index(request: HttpRequest) -> HttpResponse:
    return render(request, "spaces/space_list.html", {"spaces": space_list(user=request.user)})


def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    space = space_get(user=request.user, slug=slug)
    return render(
        request,
        "spaces/space_detail.html",
        {
            "space": space,
            "may_write": can_write(request.user, space),
            "may_moderate": can_moderate(request.user, space),
            "moderators": space.moderators.all(),
        },
    )
