"""The product team's pages: writing and publishing official responses, setting a status,
merging duplicates and undoing it, the inbox of ideas awaiting an answer, the CSV export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ruche.core.permissions import check, visible
from ruche.forum import threads
from ruche.products.models import ProductArea

from .. import exports, selectors, services
from ..forms import MergeForm, ResponseForm, StatusForm
from ..models import Idea, IdeaMerge, OfficialResponse, ResponseTemplate


@login_required
def respond(request: HttpRequest, idea_id: int) -> HttpResponse:
    idea = selectors.idea_get(viewer=request.user, idea_id=idea_id)
    check(request.user, "idea.respond", idea)
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
                threads.apply_service_errors(form, exc)
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
    check(request.user, "idea.merge", duplicate)
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
                threads.apply_service_errors(form, exc)
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
    check(request.user, "idea_inbox.see")
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
    check(request.user, "idea_demand.see")
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
