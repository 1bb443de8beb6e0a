"""Pages of ideas for everyone: the list, proposing with similar ideas shown, editing, the idea
page with its comments, liking, following, commenting, deleting and restoring."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ruche.accounts.models import Segment
from ruche.core.http import is_htmx
from ruche.core.pagination import InvalidCursor
from ruche.core.permissions import can, can_see, check, visible
from ruche.forum import threads
from ruche.products.models import ProductArea

from .. import selectors, services
from ..forms import CommentForm, IdeaForm, StatusForm
from ..models import CLOSED_KINDS, Idea, IdeaMerge, IdeaStatus


def _sorts() -> list[tuple[str, str]]:
    return [
        ("likes", _("Most liked")),
        ("momentum", _("Momentum (30 days)")),
        ("newest", _("Newest")),
        ("oldest", _("Oldest")),
    ]


def _status_choices() -> list[tuple[str, str]]:
    services.statuses_ensure_defaults()
    return [(s.slug, s.name) for s in IdeaStatus.objects.all()]


def idea_list(request: HttpRequest) -> HttpResponse:
    params = request.GET
    sort = params.get("sort", "likes")
    try:
        filters = selectors.filters_from(
            viewer=request.user,
            sort=sort,
            status=params.get("status", ""),
            product_area=params.get("area", ""),
            segment=params.get("segment", ""),
            like_segment=params.get("like_segment", ""),
            country=params.get("country", ""),
        )
        page = selectors.idea_list_page(
            viewer=request.user, filters=filters, cursor=params.get("cursor"), size=30
        )
    except (ValidationError, InvalidCursor, PermissionDenied):
        return redirect("ideas:list")
    context = {
        "page": page,
        "sort": sort,
        "sorts": _sorts(),
        "statuses": _status_choices(),
        "areas": visible(request.user, ProductArea.objects.all()),
        "segments": Segment.objects.filter(is_active=True),
        # Every filter with a value ("" when absent): a missing key would be a failed lookup.
        "params": {
            key: params.get(key, "")
            for key in ("status", "area", "segment", "like_segment", "country")
        },
        "may_see_demand": can(request.user, "idea_demand.see"),
        "is_product_staff": can(request.user, "idea_inbox.see"),
    }
    if is_htmx(request) and params.get("cursor"):
        return render(request, "ideas/_idea_rows.html", context)
    return render(request, "ideas/idea_list.html", context)


@login_required
def idea_create(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    initial = {}
    if request.GET.get("area"):
        area = ProductArea.objects.filter(slug=request.GET["area"]).first()
        initial["product_area"] = area.pk if area else None
    form = IdeaForm(data, user=request.user, initial=initial)
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        try:
            idea = services.idea_create(
                author=request.user,
                space=cleaned["space"],
                title=cleaned["title"],
                problem=cleaned["problem"],
                solution=cleaned["solution"],
                product_area=cleaned["product_area"],
                segments=list(cleaned["segments"]),
                tags=cleaned["tags"],
            )
        except ValidationError as exc:
            threads.apply_service_errors(form, exc)
        except PermissionDenied:
            form.add_error("space", _("You may not propose ideas in this space."))
        else:
            messages.success(
                request,
                _("Your idea is published. Share it: every like brings it closer to an answer."),
            )
            return redirect(idea.get_absolute_url())
    return render(
        request,
        "ideas/idea_form.html",
        {"form": form, "has_spaces": form.fields["space"].queryset.exists()},
        status=422 if data is not None else 200,
    )


@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    title = request.GET.get("title", "").strip()[:200]
    ideas = selectors.similar_ideas(viewer=request.user, title=title) if len(title) >= 4 else []
    return render(request, "ideas/_similar.html", {"ideas": ideas})


@login_required
def idea_edit(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = selectors.idea_get(viewer=request.user, idea_id=idea_id)
    check(request.user, "idea.edit", idea)
    data = request.POST if request.method == "POST" else None
    initial = {
        "title": idea.title,
        "problem": idea.problem,
        "solution": idea.solution,
        "product_area": idea.product_area_id,
        "segments": [s.pk for s in idea.segments.all()],
        "tags": ", ".join(t.name for t in idea.tags.all()),
    }
    form = IdeaForm(data, user=request.user, edit=True, initial=initial)
    if data is not None and form.is_valid():
        cleaned = form.cleaned_data
        try:
            services.idea_edit(
                idea=idea,
                editor=request.user,
                title=cleaned["title"],
                problem=cleaned["problem"],
                solution=cleaned["solution"],
                product_area=cleaned["product_area"],
                segments=list(cleaned["segments"]),
                tags=cleaned["tags"],
            )
        except ValidationError as exc:
            threads.apply_service_errors(form, exc)
        else:
            return redirect(idea.get_absolute_url())
    return render(
        request,
        "ideas/idea_edit.html",
        {"form": form, "idea": idea},
        status=422 if data is not None else 200,
    )


def _idea_context(request: HttpRequest, idea: Idea, comment_form: CommentForm | None) -> dict:
    user = request.user
    topic = idea.topic
    try:
        # The comments are the forum's replies on the idea's thread, with what the reader may
        # do on each (edit, history, flag).
        comments = threads.comments(viewer=user, thread=topic, cursor=request.GET.get("cursor"))
    except InvalidCursor as exc:
        raise Http404 from exc
    may_comment = can(user, "idea.comment", idea)
    if comment_form is None and may_comment:
        reply_to = request.GET.get("reply_to", "")
        comment_form = CommentForm(initial={"parent": int(reply_to)} if reply_to.isdigit() else {})
    may_answer = can(user, "idea.respond", idea)
    context = {
        "idea": idea,
        "topic": topic,
        "page": comments["page"],
        "progress": selectors.progress(idea),
        "responses": selectors.responses_for(viewer=user, idea=idea),
        "history": selectors.status_history(idea),
        "following": selectors.is_following(user, idea),
        "may_comment": may_comment,
        "may_reply": may_comment,
        "may_moderate": comments["may_moderate"],
        "may_edit": can(user, "idea.edit", idea),
        "may_answer": may_answer,
        "may_delete": can(user, "idea.delete", idea),
        "may_restore": can(user, "idea.restore", idea),
        # The forum's history page of the idea's thread: its author and moderators read it.
        "may_see_history": bool(idea.edited_at) and can(user, "post.see_history", topic),
        "is_author": user.is_authenticated and user.pk == idea.author_id,
        "is_closed": idea.status.kind in CLOSED_KINDS,
        "reply_form": comment_form,
        "share_url": f"{settings.SITE_URL}{idea.get_absolute_url()}",
        "breakdown": (
            selectors.likes_breakdown(idea, viewer=user) if can(user, "idea_demand.see") else None
        ),
        "merges": (
            IdeaMerge.objects.filter(original=idea, undone_at__isnull=True).select_related(
                "duplicate"
            )
            if may_answer
            else []
        ),
        "merged_here": IdeaMerge.objects.filter(duplicate=idea, undone_at__isnull=True).first()
        if may_answer
        else None,
        "status_form": StatusForm(initial={"status": idea.status_id}) if may_answer else None,
    }
    return context


def idea_detail(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = selectors.idea_get(viewer=request.user, idea_id=idea_id)
    # A duplicate redirects to the idea it was merged into (staff still see it, to undo).
    if (
        idea.merged_into_id
        and not can(request.user, "idea.respond", idea)
        and can_see(request.user, idea.merged_into)
    ):
        messages.info(request, _("This idea was merged into this one."))
        return redirect(idea.merged_into.get_absolute_url())
    context = _idea_context(request, idea, None)
    if is_htmx(request) and request.GET.get("cursor"):
        return render(request, "forum/_reply_rows.html", context)
    return render(request, "ideas/idea_detail.html", context)


def _like_button(request: HttpRequest, idea: Idea) -> HttpResponse:
    idea = selectors.idea_get(viewer=request.user, idea_id=idea.pk)
    context = {"idea": idea, "progress": selectors.progress(idea)}
    return render(request, "ideas/_like_box.html", context)


@require_POST
def idea_like(request: HttpRequest, idea_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied
    idea = selectors.idea_get(viewer=request.user, idea_id=idea_id)
    try:
        if request.POST.get("action") == "unlike":
            services.idea_unlike(idea=idea, member=request.user)
        else:
            services.idea_like(idea=idea, member=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    if is_htmx(request):
        return _like_button(request, idea)
    return redirect(idea.get_absolute_url())


@require_POST
def idea_follow(request: HttpRequest, idea_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise PermissionDenied
    idea = selectors.idea_get(viewer=request.user, idea_id=idea_id)
    if request.POST.get("action") == "unfollow":
        services.idea_unfollow(idea=idea, member=request.user)
        messages.info(request, _("You will no longer hear about this idea."))
    else:
        services.idea_follow(idea=idea, member=request.user)
        messages.info(request, _("You will hear about answers and releases of this idea."))
    return redirect(idea.get_absolute_url())


@login_required
@require_POST
def idea_comment(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = selectors.idea_get(viewer=request.user, idea_id=idea_id)
    form = CommentForm(request.POST)
    if form.is_valid():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = threads.comment_get(
                viewer=request.user, thread=idea.topic, comment_id=form.cleaned_data["parent"]
            )
            if parent is None:
                raise Http404
        try:
            reply = services.idea_comment(
                idea=idea, author=request.user, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as exc:
            threads.apply_service_errors(form, exc)
        else:
            return redirect(f"{idea.get_absolute_url()}#reply-{reply.pk}")
    context = _idea_context(request, idea, form)
    return render(request, "ideas/idea_detail.html", context, status=422)


@login_required
@require_POST
def idea_delete(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = selectors.idea_get(viewer=request.user, idea_id=idea_id)
    try:
        idea = services.idea_delete(
            idea=idea, actor=request.user, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(idea.get_absolute_url())
    messages.success(request, _("The idea was deleted."))
    if can(request.user, "idea.restore", idea):
        return redirect(idea.get_absolute_url())  # moderators stay, to restore it if need be
    return redirect("ideas:list")


@login_required
@require_POST
def idea_restore(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = selectors.idea_get(viewer=request.user, idea_id=idea_id)
    try:
        services.idea_restore(idea=idea, actor=request.user)
        messages.success(request, _("The idea was restored."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(idea.get_absolute_url())
