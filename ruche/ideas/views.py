"""Pages of ideas: list, proposal with similar ideas, idea page, staff inbox, responses, merges,
roadmap, releases, accountability. Thin: every write goes through ``services``."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ruche.accounts.models import Segment
from ruche.core.http import is_htmx
from ruche.core.pagination import InvalidCursor
from ruche.core.permissions import can_see, visible
from ruche.forum import selectors as forum_selectors
from ruche.forum.forms import apply_service_errors
from ruche.forum.models import Reply
from ruche.forum.permissions import may_edit_post, may_moderate_space, may_see_history
from ruche.products.models import ProductArea

from . import exports, selectors, services
from .forms import CommentForm, IdeaForm, MergeForm, ReleaseForm, ResponseForm, StatusForm
from .models import CLOSED_KINDS, Idea, IdeaMerge, OfficialResponse, ResponseTemplate
from .permissions import (
    is_product_staff,
    may_answer_idea,
    may_delete_idea,
    may_edit_idea,
    may_like_or_comment,
    may_publish_release,
    may_restore_idea,
    may_see_demand,
)


def _sorts() -> list[tuple[str, str]]:
    return [
        ("likes", _("Most liked")),
        ("momentum", _("Momentum (30 days)")),
        ("newest", _("Newest")),
        ("oldest", _("Oldest")),
    ]


def _status_choices() -> list[tuple[str, str]]:
    from .models import IdeaStatus

    services.statuses_ensure_defaults()
    return [(s.slug, s.name) for s in IdeaStatus.objects.all()]


# --- List and new idea ------------------------------------------------------------------------


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
        "may_see_demand": may_see_demand(request.user),
        "is_product_staff": is_product_staff(request.user),
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
            apply_service_errors(form, exc)
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
    if not may_edit_idea(request.user, idea):
        raise PermissionDenied
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
            apply_service_errors(form, exc)
        else:
            return redirect(idea.get_absolute_url())
    return render(
        request,
        "ideas/idea_edit.html",
        {"form": form, "idea": idea},
        status=422 if data is not None else 200,
    )


# --- Idea page --------------------------------------------------------------------------------


def _idea_context(request: HttpRequest, idea: Idea, comment_form: CommentForm | None) -> dict:
    user = request.user
    topic = idea.topic
    try:
        page = forum_selectors.reply_page(
            viewer=user, topic=topic, cursor=request.GET.get("cursor"), size=100
        )
    except InvalidCursor as exc:
        raise Http404 from exc
    for reply in page.items:
        reply.topic = topic  # the rules below read reply.topic: no query per reply
        reply.may_edit = may_edit_post(user, reply)
        reply.may_see_history = may_see_history(user, reply)
        reply.may_accept = False
    may_comment = may_like_or_comment(user, idea)
    if comment_form is None and may_comment:
        reply_to = request.GET.get("reply_to", "")
        comment_form = CommentForm(initial={"parent": int(reply_to)} if reply_to.isdigit() else {})
    may_answer = may_answer_idea(user, idea)
    context = {
        "idea": idea,
        "topic": topic,
        "page": page,
        "progress": selectors.progress(idea),
        "responses": selectors.responses_for(viewer=user, idea=idea),
        "history": selectors.status_history(idea),
        "following": selectors.is_following(user, idea),
        "may_comment": may_comment,
        "may_reply": may_comment,
        "may_moderate": may_moderate_space(user, idea.space),
        "may_edit": may_edit_idea(user, idea),
        "may_answer": may_answer,
        "may_delete": may_delete_idea(user, idea),
        "may_restore": may_restore_idea(user, idea),
        # The forum's history page of the idea's topic: its author and moderators read it.
        "may_see_history": bool(idea.edited_at) and may_see_history(user, topic),
        "is_author": user.is_authenticated and user.pk == idea.author_id,
        "is_closed": idea.status.kind in CLOSED_KINDS,
        "reply_form": comment_form,
        "share_url": f"{settings.SITE_URL}{idea.get_absolute_url()}",
        "breakdown": selectors.likes_breakdown(idea) if may_see_demand(user) else None,
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
        and not may_answer_idea(request.user, idea)
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
            parent = get_object_or_404(
                visible(request.user, Reply.objects.filter(topic_id=idea.pk)),
                pk=form.cleaned_data["parent"],
            )
        try:
            reply = services.idea_comment(
                idea=idea, author=request.user, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            return redirect(f"{idea.get_absolute_url()}#reply-{reply.pk}")
    context = _idea_context(request, idea, form)
    return render(request, "ideas/idea_detail.html", context, status=422)


# --- Staff: responses, status, merges ---------------------------------------------------------


@login_required
def respond(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = selectors.idea_get(viewer=request.user, idea_id=idea_id)
    if not may_answer_idea(request.user, idea):
        raise PermissionDenied
    drafts = OfficialResponse.objects.filter(idea=idea, published_at__isnull=True)
    draft = None
    draft_id = request.POST.get("draft") or request.GET.get("draft")
    if draft_id and str(draft_id).isdigit():
        draft = get_object_or_404(drafts, pk=int(draft_id))
    templates = ResponseTemplate.objects.select_related("decision")
    if request.method == "POST":
        form = ResponseForm(request.POST)
        if form.is_valid():
            cleaned = form.cleaned_data
            publish = request.POST.get("action") == "publish"
            try:
                services.response_save(
                    idea=idea,
                    author=request.user,
                    decision=cleaned["decision"],
                    rationale=cleaned["rationale"],
                    reason_category=cleaned["reason_category"] or "",
                    workaround=cleaned["workaround"],
                    reconsider_conditions=cleaned["reconsider_conditions"],
                    target_quarter=cleaned["target_quarter"],
                    release=cleaned["release"],
                    publish=publish,
                    draft=draft,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("The response is published; everyone who liked the idea is told.")
                    if publish
                    else _("The draft is saved. Publish it when it is ready."),
                )
                return redirect(idea.get_absolute_url())
        status = 422
    else:
        initial = {}
        template_id = request.GET.get("template", "")
        if draft is not None:
            initial = {
                "decision": draft.decision_id,
                "rationale": draft.rationale,
                "reason_category": draft.reason_category,
                "workaround": draft.workaround,
                "reconsider_conditions": draft.reconsider_conditions,
                "target_quarter": draft.target_quarter,
                "release": draft.release_id,
            }
        elif template_id.isdigit():
            template = templates.filter(pk=int(template_id)).first()
            if template is not None:
                initial = ResponseForm.initial_from(template)
        form = ResponseForm(initial=initial)
        status = 200
    return render(
        request,
        "ideas/respond.html",
        {
            "idea": idea,
            "form": form,
            "templates": templates,
            "draft": draft,
            "drafts": drafts,
            "min_chars": services.IdeaSettings.current().rationale_min_chars,
        },
        status=status,
    )


@login_required
@require_POST
def response_publish(request: HttpRequest, response_id: int) -> HttpResponse:
    response = get_object_or_404(
        visible(request.user, OfficialResponse.objects.all()), pk=response_id
    )
    try:
        services.response_publish(response=response, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The response is published."))
    return redirect(Idea(topic_id=response.idea_id).get_absolute_url())


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
    if may_restore_idea(request.user, idea):
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


@login_required
@require_POST
def set_status(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = selectors.idea_get(viewer=request.user, idea_id=idea_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
    else:
        try:
            services.idea_set_status(
                idea=idea,
                status=form.cleaned_data["status"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect(idea.get_absolute_url())


@login_required
def merge(request: HttpRequest, idea_id: int) -> HttpResponse:
    duplicate = selectors.idea_get(viewer=request.user, idea_id=idea_id)
    if not may_answer_idea(request.user, duplicate):
        raise PermissionDenied
    form = MergeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        original = (
            visible(request.user, Idea.objects.all())
            .filter(pk=form.cleaned_data["original"])
            .first()
        )
        if original is None:
            form.add_error("original", _("Unknown idea."))
        else:
            try:
                services.idea_merge(
                    duplicate=duplicate,
                    original=original,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
                for message in exc.message_dict.get("duplicate", []):
                    form.add_error(None, message)
            except PermissionDenied:
                form.add_error("original", _("You cannot merge into this idea."))
            else:
                messages.success(request, _("The ideas are merged."))
                return redirect(original.get_absolute_url())
    candidates = selectors.similar_ideas(
        viewer=request.user, title=duplicate.title, limit=6, exclude_id=duplicate.pk
    )
    return render(
        request,
        "ideas/merge.html",
        {"idea": duplicate, "form": form, "candidates": candidates},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def unmerge(request: HttpRequest, merge_id: int) -> HttpResponse:
    found = get_object_or_404(
        IdeaMerge.objects.filter(duplicate__in=visible(request.user, Idea.objects.all())),
        pk=merge_id,
    )
    try:
        services.idea_unmerge(merge=found, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The merge is undone: both ideas are as they were."))
    return redirect(Idea(topic_id=found.duplicate_id).get_absolute_url())


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    if not is_product_staff(request.user):
        raise PermissionDenied
    area = None
    if request.GET.get("area"):
        area = visible(request.user, ProductArea.objects.all()).filter(slug=request.GET["area"])
        area = area.first()
    ideas = selectors.inbox(viewer=request.user, product_area=area)
    groups: dict = {}
    for idea in ideas:
        groups.setdefault(idea.product_area, []).append(idea)
    drafts = selectors.drafts_pending(viewer=request.user).select_related("idea", "author")[:50]
    return render(
        request,
        "ideas/inbox.html",
        {
            "groups": list(groups.items()),
            "count": len(ideas),
            "overdue": sum(1 for i in ideas if i.is_overdue),
            "areas": visible(request.user, ProductArea.objects.all()),
            "area": area,
            "drafts": drafts,
        },
    )


@login_required
def export_csv(request: HttpRequest) -> HttpResponse:
    if not may_see_demand(request.user):
        raise PermissionDenied
    params = request.GET
    try:
        filters = selectors.filters_from(
            viewer=request.user,
            sort=params.get("sort", "likes"),
            status=params.get("status", ""),
            product_area=params.get("area", ""),
            segment=params.get("segment", ""),
            like_segment=params.get("like_segment", ""),
            country=params.get("country", ""),
        )
    except ValidationError:
        return redirect("ideas:list")
    return exports.csv_response(viewer=request.user, filters=filters)


# --- Roadmap, releases, accountability --------------------------------------------------------


def roadmap(request: HttpRequest) -> HttpResponse:
    areas = visible(request.user, ProductArea.objects.all())
    area = areas.filter(slug=request.GET.get("area", "")).first()
    segments = Segment.objects.filter(is_active=True)
    segment = segments.filter(slug=request.GET.get("segment", "")).first()
    columns = selectors.roadmap(viewer=request.user, product_area=area, segment=segment)
    return render(
        request,
        "ideas/roadmap.html",
        {
            "columns": [
                (_("Planned"), columns["planned"]),
                (_("In progress"), columns["in_progress"]),
                (_("Recently released"), columns["released"]),
            ],
            "areas": areas,
            "area": area,
            "segments": segments,
            "segment": segment,
            "is_product_staff": is_product_staff(request.user),
        },
    )


def release_list(request: HttpRequest) -> HttpResponse:
    releases = list(selectors.release_list(viewer=request.user)[:50])
    return render(
        request,
        "ideas/release_list.html",
        {
            "releases": releases,
            "may_publish": may_publish_release(request.user),
            "is_product_staff": is_product_staff(request.user),
        },
    )


def release_detail(request: HttpRequest, release_id: int) -> HttpResponse:
    release = get_object_or_404(selectors.release_list(viewer=request.user), pk=release_id)
    return render(
        request,
        "ideas/release_detail.html",
        {
            "release": release,
            "ideas": selectors.release_ideas(viewer=request.user, release=release),
            "may_publish": release.published_at is None
            and may_publish_release(request.user, release),
        },
    )


@login_required
def release_edit(request: HttpRequest, release_id: int | None = None) -> HttpResponse:
    release = None
    if release_id is not None:
        release = get_object_or_404(selectors.release_list(viewer=request.user), pk=release_id)
    if not may_publish_release(request.user, release):
        raise PermissionDenied
    initial = {}
    if release is not None:
        initial = {
            "title": release.title,
            "released_on": release.released_on,
            "notes": release.notes,
            "product_areas": list(release.product_areas.all()),
            "ideas": ", ".join(str(i.pk) for i in release.ideas.all()),
        }
    form = ReleaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        cleaned = form.cleaned_data
        ideas = list(visible(request.user, Idea.objects.filter(pk__in=cleaned["ideas"])))
        if len(ideas) != len(set(cleaned["ideas"])):
            form.add_error("ideas", _("Unknown idea."))
        else:
            try:
                saved = services.release_save(
                    actor=request.user,
                    title=cleaned["title"],
                    notes=cleaned["notes"],
                    released_on=cleaned["released_on"],
                    product_areas=list(cleaned["product_areas"]),
                    ideas=ideas,
                    release=release,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect(saved.get_absolute_url())
    return render(
        request,
        "ideas/release_form.html",
        {"form": form, "release": release},
        status=422 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def release_publish(request: HttpRequest, release_id: int) -> HttpResponse:
    release = get_object_or_404(selectors.release_list(viewer=request.user), pk=release_id)
    services.release_publish(release=release, actor=request.user)
    messages.success(request, _("The release is published; the likers of its ideas are told."))
    return redirect(release.get_absolute_url())


def accountability(request: HttpRequest) -> HttpResponse:
    found = selectors.accountability(viewer=request.user)
    threshold, days, cap = services.rules_for(None)
    return render(
        request,
        "ideas/accountability.html",
        {
            **found,
            "threshold": threshold,
            "days": days,
            "cap": cap,
            "is_product_staff": is_product_staff(request.user),
        },
    )
