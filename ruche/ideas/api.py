"""The ideas API: ideas, likes, follows, statuses, official responses, merges, releases, the
roadmap, the inbox, accountability and the prioritised CSV export.

Handlers stay thin: they find what the visitor may see (404 otherwise), turn ids and slugs into
objects and call the services, which hold every rule (422 for bad input, 403 for a forbidden
action on something visible).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from pydantic import Field

from ruche.accounts.models import Segment, User
from ruche.api import ANYONE, ErrorOut
from ruche.core.permissions import can_see, visible
from ruche.core.schemas import MemberRef, TranslatedRef, member_ref, translated_ref
from ruche.products.models import ProductArea
from ruche.spaces.models import Space

from . import exports, selectors, services
from .models import Idea, IdeaMerge, IdeaStatus, OfficialResponse, Release, ResponseTemplate
from .permissions import (
    is_product_staff,
    may_answer_idea,
    may_delete_idea,
    may_edit_idea,
    may_like_on_behalf,
    may_restore_idea,
    may_see_demand,
)

router = Router(tags=["ideas"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# --- Schemas ----------------------------------------------------------------------------------


class StatusOut(Schema):
    id: int
    slug: str
    kind: str
    name: str
    colour: str
    on_roadmap: bool


class IdeaSummaryOut(Schema):
    id: int
    title: str
    status: StatusOut
    product_area: TranslatedRef | None
    space: TranslatedRef
    segments: list[TranslatedRef]
    author: MemberRef
    created_at: datetime
    like_count: int
    counted_like_count: int
    threshold_reached_at: datetime | None
    response_due_at: datetime | None
    first_response_at: datetime | None
    target_quarter: str
    merged_into_id: int | None
    liked: bool
    momentum: int | None = Field(None, description="Likes in the last 30 days (sort=momentum).")
    selected_likes: int | None = Field(
        None, description="Likes from the chosen segment or country (sort=segment/country)."
    )
    url: str


class IdeaPage(Schema):
    items: list[IdeaSummaryOut]
    next_cursor: str | None


class ProgressOut(Schema):
    threshold: int
    counted: int
    remaining: int
    response_days: int
    organisation_cap: int | None


class StatusChangeOut(Schema):
    from_status: StatusOut | None
    to_status: StatusOut
    actor: MemberRef | None
    reason: str
    created_at: datetime


class ResponseOut(Schema):
    id: int
    idea_id: int
    version: int | None
    is_draft: bool
    author: MemberRef
    decision: StatusOut
    rationale: str
    rationale_html: str
    reason_category: str
    workaround: str
    reconsider_conditions: str
    target_quarter: str
    release_id: int | None
    created_at: datetime
    published_at: datetime | None


class CountOut(Schema):
    label: str
    count: int


class BreakdownOut(Schema):
    segments: list[CountOut]
    countries: list[CountOut]
    organisations: list[CountOut]
    on_behalf: int


class IdeaOut(IdeaSummaryOut):
    problem: str
    problem_html: str
    solution: str
    solution_html: str
    tags: list[str]
    following: bool
    progress: ProgressOut
    responses: list[ResponseOut]
    history: list[StatusChangeOut]
    breakdown: BreakdownOut | None = Field(None, description="Staff only.")
    may_edit: bool
    may_answer: bool
    is_deleted: bool = Field(description="Deleted ideas are shown to moderators only.")
    may_delete: bool
    may_restore: bool


class IdeaIn(Schema):
    space: str = Field(description="The space's slug.")
    title: str
    problem: str = Field(description="Markdown: what gets in the way today.")
    solution: str = Field("", description="Markdown: what you propose.")
    product_area: str | None = Field(None, description="Product area slug.")
    segments: list[str] = Field([], description="Slugs of the segments who benefit.")
    tags: list[str] = []


class IdeaEditIn(Schema):
    title: str | None = None
    problem: str | None = None
    solution: str | None = None
    segments: list[str] | None = None
    tags: list[str] | None = None
    reason: str = Field("", max_length=200)


class LikeOut(Schema):
    liked: bool
    like_count: int
    counted_like_count: int
    threshold_reached: bool


class OnBehalfIn(Schema):
    member_id: int = Field(description="The customer the like is recorded for.")


class FollowingOut(Schema):
    following: bool


class StatusIn(Schema):
    status: str = Field(description="The status's slug.")
    reason: str = Field("", max_length=300)


class ResponseIn(Schema):
    decision: str = Field(description="Slug of the decided status.")
    rationale: str = Field(description="Markdown; a minimum length applies.")
    reason_category: str = ""
    workaround: str = ""
    reconsider_conditions: str = ""
    target_quarter: str = Field("", description="Like 2027-Q1.")
    release_id: int | None = None
    publish: bool = Field(False, description="Publish now; otherwise keep as a draft.")


class TemplateOut(Schema):
    id: int
    name: str
    decision: str | None
    reason_category: str
    rationale: str
    workaround: str
    reconsider_conditions: str


class MergeIn(Schema):
    original_id: int
    reason: str = Field("", max_length=300)


class MergeOut(Schema):
    id: int
    duplicate_id: int
    original_id: int
    merged_at: datetime
    undone_at: datetime | None


class ReleaseIn(Schema):
    title: str
    notes: str = Field(description="Markdown.")
    released_on: date
    product_areas: list[str] = []
    idea_ids: list[int] = []


class ReleaseOut(Schema):
    id: int
    title: str
    notes: str
    notes_html: str
    released_on: date
    product_areas: list[TranslatedRef]
    idea_ids: list[int]
    published_at: datetime | None


class RoadmapOut(Schema):
    planned: list[IdeaSummaryOut]
    in_progress: list[IdeaSummaryOut]
    released: list[IdeaSummaryOut]


class AccountabilityRow(Schema):
    label: str
    reached: int
    answered: int
    answered_in_time: int
    overdue: int
    share_in_time: int | None
    median_days: float | None


class AccountabilityOut(Schema):
    overall: AccountabilityRow
    per_area: list[AccountabilityRow]
    per_month: list[AccountabilityRow]


# --- Helpers ----------------------------------------------------------------------------------


def _status_out(status: IdeaStatus) -> dict:
    return {
        "id": status.pk,
        "slug": status.slug,
        "kind": status.kind,
        "name": status.name,
        "colour": status.colour,
        "on_roadmap": status.on_roadmap,
    }


def _summary(idea: Idea) -> dict:
    return {
        "id": idea.pk,
        "title": idea.title,
        "status": _status_out(idea.status),
        "product_area": translated_ref(idea.product_area),
        "space": translated_ref(idea.space),
        "segments": [translated_ref(s) for s in idea.segments.all()],
        "author": member_ref(idea.author),
        "created_at": idea.created_at,
        "like_count": idea.like_count,
        "counted_like_count": idea.counted_like_count,
        "threshold_reached_at": idea.threshold_reached_at,
        "response_due_at": idea.response_due_at,
        "first_response_at": idea.first_response_at,
        "target_quarter": idea.target_quarter,
        "merged_into_id": idea.merged_into_id,
        "liked": bool(getattr(idea, "liked", False)),
        "momentum": getattr(idea, "momentum", None),
        "selected_likes": getattr(idea, "selected_likes", None),
        "url": idea.get_absolute_url(),
    }


def _response_out(response: OfficialResponse) -> dict:
    return {
        "id": response.pk,
        "idea_id": response.idea_id,
        "version": response.version,
        "is_draft": response.is_draft,
        "author": member_ref(response.author),
        "decision": _status_out(response.decision),
        "rationale": response.rationale,
        "rationale_html": response.rationale_html,
        "reason_category": response.reason_category,
        "workaround": response.workaround,
        "reconsider_conditions": response.reconsider_conditions,
        "target_quarter": response.target_quarter,
        "release_id": response.release_id,
        "created_at": response.created_at,
        "published_at": response.published_at,
    }


def _idea_out(idea: Idea, viewer) -> dict:
    progress = selectors.progress(idea)
    breakdown = None
    if may_see_demand(viewer):
        found = selectors.likes_breakdown(idea)
        breakdown = {
            "segments": [{"label": str(k), "count": n} for k, n in found.segments],
            "countries": [{"label": str(k), "count": n} for k, n in found.countries],
            "organisations": [{"label": str(k), "count": n} for k, n in found.organisations],
            "on_behalf": found.on_behalf,
        }
    return {
        **_summary(idea),
        "problem": idea.problem,
        "problem_html": idea.problem_html,
        "solution": idea.solution,
        "solution_html": idea.solution_html,
        "tags": [tag.name for tag in idea.tags.all()],
        "following": selectors.is_following(viewer, idea),
        "progress": {
            "threshold": progress.threshold,
            "counted": progress.counted,
            "remaining": progress.remaining,
            "response_days": progress.days,
            "organisation_cap": progress.organisation_cap,
        },
        "responses": [_response_out(r) for r in selectors.responses_for(viewer=viewer, idea=idea)],
        "history": [
            {
                "from_status": _status_out(c.from_status) if c.from_status else None,
                "to_status": _status_out(c.to_status),
                "actor": member_ref(c.actor) if c.actor else None,
                "reason": c.why,
                "created_at": c.created_at,
            }
            for c in selectors.status_history(idea)
        ],
        "breakdown": breakdown,
        "may_edit": may_edit_idea(viewer, idea),
        "may_answer": may_answer_idea(viewer, idea),
        "is_deleted": idea.topic.is_deleted,
        "may_delete": may_delete_idea(viewer, idea),
        "may_restore": may_restore_idea(viewer, idea),
    }


def _idea(request, idea_id: int) -> Idea:
    return selectors.idea_get(viewer=request.user, idea_id=idea_id)


def _slug(queryset, slug: str | None, field: str):
    if not slug:
        return None
    found = queryset.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: _("Unknown %(field)s.") % {"field": field}})
    return found


def _segments(slugs: list[str] | None, field: str = "segments") -> list[Segment] | None:
    if slugs is None:
        return None
    found = list(Segment.objects.filter(slug__in=slugs, is_active=True))
    if len(found) != len(set(slugs)):
        raise ValidationError({field: _("Unknown segment.")})
    return found


def _like_out(idea: Idea, liked: bool) -> dict:
    count, counted, reached = Idea.objects.values_list(
        "like_count", "counted_like_count", "threshold_reached_at"
    ).get(pk=idea.pk)
    return {
        "liked": liked,
        "like_count": count,
        "counted_like_count": counted,
        "threshold_reached": reached is not None,
    }


def _idea_for_write(request, idea_id: int) -> Idea:
    """The idea for a like or a follow, or 404: one light query (no detail page joins)."""
    return get_object_or_404(
        visible(request.user, Idea.objects.select_related("space", "status", "topic")), pk=idea_id
    )


def _check_staff(user) -> None:
    if not may_see_demand(user):
        raise PermissionDenied


# --- Ideas ------------------------------------------------------------------------------------


@router.get(
    "/ideas",
    response={200: IdeaPage, **ERRORS},
    auth=ANYONE,
    summary="Ideas you may see, prioritised: by likes, momentum, likes of a segment or country…",
)
def idea_list(
    request,
    sort: Literal["likes", "momentum", "newest", "oldest", "segment", "country"] = "likes",
    status: str = Query("", description="A status slug, or a kind (open, planned…)."),
    product_area: str = "",
    segment: str = Query("", description="Ideas that benefit this segment."),
    like_segment: str = Query("", description="sort=segment: the segment whose likes count."),
    country: str = Query("", description="sort=country: the country (two letters)."),
    include_merged: bool = False,
    cursor: str | None = None,
    limit: int = Query(30, ge=1, le=100),
):
    filters = selectors.filters_from(
        viewer=request.user,
        sort=sort,
        status=status,
        product_area=product_area,
        segment=segment,
        like_segment=like_segment,
        country=country,
        include_merged=include_merged,
    )
    page = selectors.idea_list_page(viewer=request.user, filters=filters, cursor=cursor, size=limit)
    return {"items": [_summary(i) for i in page.items], "next_cursor": page.next_cursor}


@router.post("/ideas", response={201: IdeaOut, **ERRORS}, summary="Propose an idea")
def idea_create(request, payload: IdeaIn):
    space = _slug(visible(request.user, Space.objects.all()), payload.space, "space")
    if space is None:
        raise ValidationError({"space": _("Choose a space.")})
    idea = services.idea_create(
        author=request.user,
        space=space,
        title=payload.title,
        problem=payload.problem,
        solution=payload.solution,
        product_area=_slug(
            visible(request.user, ProductArea.objects.all()), payload.product_area, "product_area"
        ),
        segments=_segments(payload.segments),
        tags=payload.tags,
    )
    return Status(201, _idea_out(_idea(request, idea.pk), request.user))


@router.get(
    "/ideas/similar",
    response={200: list[IdeaSummaryOut], **ERRORS},
    auth=ANYONE,
    summary="Ideas similar to a title being typed (to like instead of duplicating)",
)
def idea_similar(
    request, title: str = Query(..., max_length=200), limit: int = Query(5, ge=1, le=20)
):
    ideas = selectors.similar_ideas(viewer=request.user, title=title, limit=limit)
    found = selectors.idea_queryset(viewer=request.user).in_bulk([i.pk for i in ideas])
    return [_summary(found[i.pk]) for i in ideas if i.pk in found]


@router.get("/ideas/{idea_id}", response={200: IdeaOut, **ERRORS}, auth=ANYONE)
def idea_detail(request, idea_id: int):
    return _idea_out(_idea(request, idea_id), request.user)


@router.patch("/ideas/{idea_id}", response={200: IdeaOut, **ERRORS}, summary="Edit an idea")
def idea_edit(request, idea_id: int, payload: IdeaEditIn):
    idea = _idea(request, idea_id)
    services.idea_edit(
        idea=idea,
        editor=request.user,
        title=payload.title,
        problem=payload.problem,
        solution=payload.solution,
        segments=_segments(payload.segments),
        tags=payload.tags,
        reason=payload.reason,
    )
    return _idea_out(_idea(request, idea_id), request.user)


@router.delete(
    "/ideas/{idea_id}",
    response={204: None, **ERRORS},
    summary="Delete an idea (moderators; its author while it is open and unanswered)",
)
def idea_delete(
    request, idea_id: int, reason: str = Query("", max_length=500, description="Why (kept).")
):
    services.idea_delete(idea=_idea(request, idea_id), actor=request.user, reason=reason)
    return Status(204, None)


@router.post(
    "/ideas/{idea_id}/restore",
    response={200: IdeaOut, **ERRORS},
    summary="Moderators: restore a deleted idea",
)
def idea_restore(request, idea_id: int):
    services.idea_restore(idea=_idea(request, idea_id), actor=request.user)
    return _idea_out(_idea(request, idea_id), request.user)


@router.put("/ideas/{idea_id}/like", response={200: LikeOut, **ERRORS}, summary="Like an idea")
def idea_like(request, idea_id: int):
    idea = _idea_for_write(request, idea_id)
    services.idea_like(idea=idea, member=request.user)
    return _like_out(idea, True)


@router.delete("/ideas/{idea_id}/like", response={200: LikeOut, **ERRORS})
def idea_unlike(request, idea_id: int):
    idea = _idea_for_write(request, idea_id)
    services.idea_unlike(idea=idea, member=request.user)
    return _like_out(idea, False)


@router.post(
    "/ideas/{idea_id}/likes-on-behalf",
    response={200: LikeOut, **ERRORS},
    summary="Staff: record the like of a customer met on a call",
)
def idea_like_on_behalf(request, idea_id: int, payload: OnBehalfIn):
    idea = _idea(request, idea_id)
    if not may_like_on_behalf(request.user, idea):
        raise PermissionDenied
    customer = User.objects.filter(pk=payload.member_id, is_active=True).first()
    if customer is None:
        raise ValidationError({"member_id": _("No member with this id.")})
    services.idea_like(idea=idea, member=customer, on_behalf_by=request.user)
    return _like_out(idea, True)


@router.put("/ideas/{idea_id}/follow", response={200: FollowingOut, **ERRORS})
def idea_follow(request, idea_id: int):
    services.idea_follow(idea=_idea(request, idea_id), member=request.user)
    return {"following": True}


@router.delete("/ideas/{idea_id}/follow", response={200: FollowingOut, **ERRORS})
def idea_unfollow(request, idea_id: int):
    services.idea_unfollow(idea=_idea(request, idea_id), member=request.user)
    return {"following": False}


@router.post(
    "/ideas/{idea_id}/status",
    response={200: IdeaOut, **ERRORS},
    summary="Product staff: change the status, with a reason",
)
def idea_set_status(request, idea_id: int, payload: StatusIn):
    idea = _idea(request, idea_id)
    status = _slug(IdeaStatus.objects.all(), payload.status, "status")
    if status is None:
        raise ValidationError({"status": _("Choose a status.")})
    services.idea_set_status(idea=idea, status=status, actor=request.user, reason=payload.reason)
    return _idea_out(_idea(request, idea_id), request.user)


@router.get("/idea-statuses", response={200: list[StatusOut], **ERRORS}, auth=ANYONE)
def status_list(request):
    services.statuses_ensure_defaults()
    return [_status_out(s) for s in IdeaStatus.objects.all()]


# --- Official responses -----------------------------------------------------------------------


@router.get(
    "/ideas/{idea_id}/responses",
    response={200: list[ResponseOut], **ERRORS},
    auth=ANYONE,
    summary="The public timeline of official responses (drafts too, for product staff)",
)
def response_list(request, idea_id: int):
    idea = _idea(request, idea_id)
    return [_response_out(r) for r in selectors.responses_for(viewer=request.user, idea=idea)]


def _response_args(request, payload: ResponseIn) -> dict:
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
    idea = _idea(request, idea_id)
    response = services.response_save(
        idea=idea, author=request.user, **_response_args(request, payload)
    )
    return Status(201, _response_out(response))


def _draft(request, response_id: int) -> OfficialResponse:
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
    draft = _draft(request, response_id)
    response = services.response_save(
        idea=draft.idea, author=request.user, draft=draft, **_response_args(request, payload)
    )
    return _response_out(response)


@router.post(
    "/idea-responses/{response_id}/publish",
    response={200: ResponseOut, **ERRORS},
    summary="Product staff: publish a draft",
)
def response_publish(request, response_id: int):
    response = services.response_publish(response=_draft(request, response_id), actor=request.user)
    return _response_out(response)


@router.get("/idea-response-templates", response={200: list[TemplateOut], **ERRORS})
def template_list(request):
    if not is_product_staff(request.user):
        raise PermissionDenied
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


# --- Merging ----------------------------------------------------------------------------------


def _merge_out(merge: IdeaMerge) -> dict:
    return {
        "id": merge.pk,
        "duplicate_id": merge.duplicate_id,
        "original_id": merge.original_id,
        "merged_at": merge.merged_at,
        "undone_at": merge.undone_at,
    }


@router.post(
    "/ideas/{idea_id}/merge",
    response={201: MergeOut, **ERRORS},
    summary="Product staff: merge this duplicate into an original",
)
def idea_merge(request, idea_id: int, payload: MergeIn):
    duplicate = _idea(request, idea_id)
    original = visible(request.user, Idea.objects.all()).filter(pk=payload.original_id).first()
    if original is None:
        raise ValidationError({"original_id": _("Unknown idea.")})
    merge = services.idea_merge(
        duplicate=duplicate, original=original, actor=request.user, reason=payload.reason
    )
    return Status(201, _merge_out(merge))


@router.delete(
    "/idea-merges/{merge_id}",
    response={200: MergeOut, **ERRORS},
    summary="Product staff: undo a merge",
)
def idea_unmerge(request, merge_id: int):
    merge = get_object_or_404(
        IdeaMerge.objects.filter(duplicate__in=visible(request.user, Idea.objects.all())),
        pk=merge_id,
    )
    return _merge_out(services.idea_unmerge(merge=merge, actor=request.user))


# --- Staff views: inbox, export ---------------------------------------------------------------


@router.get(
    "/idea-inbox",
    response={200: list[IdeaSummaryOut], **ERRORS},
    summary="Product staff: ideas awaiting an official response, due first (overdue lead)",
)
def inbox(request, product_area: str = ""):
    if not is_product_staff(request.user):
        raise PermissionDenied
    area = _slug(visible(request.user, ProductArea.objects.all()), product_area, "product_area")
    return [_summary(i) for i in selectors.inbox(viewer=request.user, product_area=area)]


@router.get(
    "/idea-export.csv",
    response={200: None, **ERRORS},
    summary="Staff: the prioritised list as CSV (same filters and orders as /ideas)",
)
def export(
    request,
    sort: Literal["likes", "momentum", "newest", "oldest", "segment", "country"] = "likes",
    status: str = "",
    product_area: str = "",
    segment: str = "",
    like_segment: str = "",
    country: str = "",
):
    _check_staff(request.user)
    filters = selectors.filters_from(
        viewer=request.user,
        sort=sort,
        status=status,
        product_area=product_area,
        segment=segment,
        like_segment=like_segment,
        country=country,
    )
    return exports.csv_response(viewer=request.user, filters=filters)


# --- Releases, roadmap, accountability --------------------------------------------------------


def _release_out(release: Release) -> dict:
    return {
        "id": release.pk,
        "title": release.title,
        "notes": release.notes,
        "notes_html": release.notes_html,
        "released_on": release.released_on,
        "product_areas": [translated_ref(a) for a in release.product_areas.all()],
        "idea_ids": [i.pk for i in release.ideas.all()],
        "published_at": release.published_at,
    }


@router.get("/idea-releases", response={200: list[ReleaseOut], **ERRORS}, auth=ANYONE)
def release_list(request):
    releases = selectors.release_list(viewer=request.user).prefetch_related("ideas")[:100]
    out = []
    for release in releases:
        data = _release_out(release)
        data["idea_ids"] = [i.pk for i in release.ideas.all() if can_see(request.user, i)]
        out.append(data)
    return out


@router.post("/idea-releases", response={201: ReleaseOut, **ERRORS}, summary="Create a release")
def release_create(request, payload: ReleaseIn):
    areas = list(visible(request.user, ProductArea.objects.filter(slug__in=payload.product_areas)))
    if len(areas) != len(set(payload.product_areas)):
        raise ValidationError({"product_areas": _("Unknown product area.")})
    ideas = list(visible(request.user, Idea.objects.filter(pk__in=payload.idea_ids)))
    if len(ideas) != len(set(payload.idea_ids)):
        raise ValidationError({"idea_ids": _("Unknown idea.")})
    release = services.release_save(
        actor=request.user,
        title=payload.title,
        notes=payload.notes,
        released_on=payload.released_on,
        product_areas=areas,
        ideas=ideas,
    )
    return Status(201, _release_out(release))


@router.post(
    "/idea-releases/{release_id}/publish",
    response={200: ReleaseOut, **ERRORS},
    summary="Publish a release: its ideas become released and their likers hear of it",
)
def release_publish(request, release_id: int):
    release = get_object_or_404(visible(request.user, Release.objects.all()), pk=release_id)
    return _release_out(services.release_publish(release=release, actor=request.user))


@router.get("/idea-roadmap", response={200: RoadmapOut, **ERRORS}, auth=ANYONE)
def roadmap(request, product_area: str = "", segment: str = ""):
    area = _slug(visible(request.user, ProductArea.objects.all()), product_area, "product_area")
    chosen = _slug(Segment.objects.filter(is_active=True), segment, "segment")
    columns = selectors.roadmap(viewer=request.user, product_area=area, segment=chosen)
    return {key: [_summary(i) for i in ideas] for key, ideas in columns.items()}


def _row(item) -> dict:
    return {
        "label": str(item.label),
        "reached": item.reached,
        "answered": item.answered,
        "answered_in_time": item.answered_in_time,
        "overdue": item.overdue,
        "share_in_time": item.share_in_time,
        "median_days": item.median_days,
    }


@router.get(
    "/idea-accountability",
    response={200: AccountabilityOut, **ERRORS},
    auth=ANYONE,
    summary="Ideas that reached the threshold, answered, answered in time, median days",
)
def accountability(request):
    found = selectors.accountability(viewer=request.user)
    return {
        "overall": _row(found["overall"]),
        "per_area": [_row(r) for r in found["per_area"]],
        "per_month": [_row(r) for r in found["per_month"]],
    }
