"""Starting a topic: the form, the similar questions offered while the title is typed, and
pictures uploaded for a post."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ruche.spaces.selectors import space_get

from .. import services, similar
from ..forms import TopicForm, apply_service_errors
from ..models import TopicKind


@login_required
def topic_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    data = request.POST if request.method == "POST" else None
    kind = (data or request.GET).get("kind", TopicKind.QUESTION)
    initial = {"kind": kind}
    if request.GET.get("space"):
        space = space_get(user=user, slug=request.GET["space"])
        initial["space"] = space.pk
        initial["product_area"] = space.product_area_id
    form = TopicForm(data, user=user, kind=kind, initial=initial)
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        try:
            topic = services.topic_create(
                author=user,
                space=cleaned["space"],
                kind=cleaned["kind"],
                title=cleaned["title"],
                body=cleaned["body"],
                product_area=cleaned["product_area"],
                tags=cleaned["tags"],
                summary=cleaned["summary"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        except PermissionDenied:
            form.add_error("space", _("You may not start this kind of topic in this space."))
        else:
            messages.success(request, _("Your topic was published."))
            return redirect(topic.get_absolute_url())
    return render(
        request,
        "forum/topic_form.html",
        {"form": form, "has_spaces": form.fields["space"].queryset.exists()},
        status=422 if data is not None else 200,
    )


@require_GET
def similar_questions(request: HttpRequest) -> HttpResponse:
    title = request.GET.get("title", "").strip()[:200]
    topics = []
    if len(title) >= 4:
        topics = similar.similar_topics(viewer=request.user, title=title, limit=5)
    return render(request, "forum/_similar.html", {"topics": topics, "title": title})


@require_POST
def upload(request: HttpRequest) -> JsonResponse:
    if not request.user.is_authenticated:
        return JsonResponse({"detail": _("Sign in to upload pictures.")}, status=403)
    file = request.FILES.get("file")
    if file is None:
        return JsonResponse(
            {"detail": _("Choose a picture."), "errors": [{"field": "file", "reason": "required"}]},
            status=422,
        )
    try:
        stored = services.upload_image(uploader=request.user, upload=file)
    except ValidationError as exc:
        return JsonResponse(
            {
                "detail": " ".join(exc.messages),
                "errors": [
                    {"field": name, "reason": " ".join(errors)}
                    for name, errors in exc.message_dict.items()
                ],
            },
            status=422,
        )
    url = stored.file.url
    return JsonResponse({"url": url, "markdown": f"![]({url})"})
