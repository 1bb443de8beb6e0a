"""Official responses: the public timeline, drafts, publishing, templates."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Status

from ruche.core.api import ANYONE
from ruche.core.permissions import check, visible

from .. import selectors, services
from ..models import IdeaStatus, OfficialResponse, Release, ResponseTemplate
from .common import ERRORS, idea_for, response_out, router
from .schemas import ResponseIn, ResponseOut, TemplateOut


@router.get(
    "/ideas/{idea_id}/responses",
    response={200: list[ResponseOut], **ERRORS},
    auth=ANYONE,
    summary="The public timeline of official responses (drafts too, for product staff)",
)
def response_list(request, idea_id: int):
    idea = idea_for(request, idea_id)
    return [response_out(r) for r in selectors.responses_for(viewer=request.user, idea=idea)]


def response_args(request, payload: ResponseIn) -> dict:
    decision = IdeaStatus.objects.filter(slug=payload.decision).first()
    release = None
    if payload.release_id is not None:
        release = visible(request.user, Release.objects.all()).filter(pk=payload.release_id).first()
        if release is None:
            raise ValidationError({"release_id": _("Unknown release.")})
    return {
        "decision": decision,
        "rationale": payload.rationale,
        "reason_category": payload.reason_category,
        "workaround": payload.workaround,
        "reconsider_conditions": payload.reconsider_conditions,
        "target_quarter": payload.target_quarter,
        "release": release,
        "publish": payload.publish,
    }


@router.post(
    "/ideas/{idea_id}/responses",
    response={201: ResponseOut, **ERRORS},
    summary="Product staff: write an official response (draft, or published at once)",
)
def response_create(request, idea_id: int, payload: ResponseIn):
    idea = idea_for(request, idea_id)
    response = services.response_save(
        idea=idea, author=request.user, **response_args(request, payload)
    )
    return Status(201, response_out(response))


def draft_for(request, response_id: int) -> OfficialResponse:
    return get_object_or_404(
        visible(request.user, OfficialResponse.objects.select_related("idea__space")),
        pk=response_id,
    )


@router.put(
    "/idea-responses/{response_id}",
    response={200: ResponseOut, **ERRORS},
    summary="Product staff: change a draft (or publish it with publish=true)",
)
def response_update(request, response_id: int, payload: ResponseIn):
    draft = draft_for(request, response_id)
    response = services.response_save(
        idea=draft.idea, author=request.user, draft=draft, **response_args(request, payload)
    )
    return response_out(response)


@router.post(
    "/idea-responses/{response_id}/publish",
    response={200: ResponseOut, **ERRORS},
    summary="Product staff: publish a draft",
)
def response_publish(request, response_id: int):
    response = services.response_publish(
        response=draft_for(request, response_id), actor=request.user
    )
    return response_out(response)


@router.get("/idea-response-templates", response={200: list[TemplateOut], **ERRORS})
def template_list(request):
    check(request.user, "response_template.manage")
    return [
        {
            "id": t.pk,
            "name": t.name,
            "decision": t.decision.slug if t.decision else None,
            "reason_category": t.reason_category,
            "rationale": t.rationale,
            "workaround": t.workaround,
            "reconsider_conditions": t.reconsider_conditions,
        }
        for t in ResponseTemplate.objects.select_related("decision")
    ]
