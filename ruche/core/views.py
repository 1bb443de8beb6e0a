from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from ruche.accounts.selectors import member_count, newest_members
from ruche.products.selectors import product_area_list
from ruche.spaces.selectors import space_list


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    spaces = list(space_list(user=user))
    return render(
        request,
        "core/home.html",
        {
            "spaces": spaces,
            "product_areas": list(product_area_list(user=user)),
            "newest_members": newest_members(viewer=user, limit=8),
            "member_count": member_count(),
        },
    )


def _no_response(request: HttpRequest) -> HttpResponse:
    return HttpResponse()


@csrf_exempt
@require_POST
def language_switch(request: HttpRequest) -> HttpResponse:
    """Set the interface language: a cookie for everyone, the profile for a signed-in member.

    Visitors who are not signed in may be served a cached page whose form holds no token of
    theirs: for them the switch needs none (it only sets their language cookie). A member's
    switch writes the profile, so it passes the usual CSRF check.
    """
    from ruche.accounts.services import member_update_profile

    if request.user.is_authenticated:
        # A plain callback: this view itself is marked exempt, which the check would honour.
        rejected = CsrfViewMiddleware(_no_response).process_view(request, _no_response, (), {})
        if rejected is not None:
            return rejected

    language = request.POST.get("language", "")
    response = set_language(request)
    if (
        request.user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and not isinstance(request.user, AnonymousUser)
    ):
        member_update_profile(member=request.user, actor=request.user, ui_language=language)
    next_url = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        response["Location"] = "/"
    return response


def healthz(request: HttpRequest) -> HttpResponse:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
