from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .selectors import space_list


def space_index(request: HttpRequest) -> HttpResponse:
    return render(request, "spaces/space_list.html", {"spaces": space_list(user=request.user)})
