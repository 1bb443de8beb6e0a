"""What the ideas API handlers share: turning rows into responses and finding what the
visitor may see (404 otherwise)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from ruche.accounts.models import Segment
from ruche.core.api import ErrorOut
from ruche.core.permissions import can, check, visible
from ruche.core.schemas import member_ref, translated_ref

from .. import selectors
from ..models import Idea, IdeaMerge, IdeaStatus, OfficialResponse, Release
from ..permissions import is_deleted
from .router import OperationIdsRouter

router = OperationIdsRouter(operation_prefix="ruche_ideas_api", tags=["ideas"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


def status_out(status: IdeaStatus) -> dict:
    return {
        "id": status.pk,
        "slug": status.slug,
        "kind": status.kind,
        "name": status.name,
        "colour": status.colour,
        "on_roadmap": status.on_roadmap,
    }


def summary_out(idea: Idea) -> dict:
    return {
        "id": idea.pk,
        "title": idea.title,
        "status": status_out(idea.status),
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


def response_out(response: OfficialResponse) -> dict:
    return {
        "id": response.pk,
        "idea_id": response.idea_id,
        "version": response.version,
        "is_draft": response.is_draft,
        "author": member_ref(response.author),
        "decision": status_out(response.decision),
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


def idea_out(idea: Idea, viewer) -> dict:
    progress = selectors.progress(idea)
    breakdown = None
    if can(viewer, "idea_demand.see"):
        found = selectors.likes_breakdown(idea, viewer=viewer)
        breakdown = {
            "segments": [{"label": str(k), "count": n} for k, n in found.segments],
            "countries": [{"label": str(k), "count": n} for k, n in found.countries],
            "organisations": [{"label": str(k), "count": n} for k, n in found.organisations],
            "on_behalf": found.on_behalf,
        }
    return {
        **summary_out(idea),
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
        "responses": [response_out(r) for r in selectors.responses_for(viewer=viewer, idea=idea)],
        "history": [
            {
                "from_status": status_out(c.from_status) if c.from_status else None,
                "to_status": status_out(c.to_status),
                "actor": member_ref(c.actor) if c.actor else None,
                "reason": c.why,
                "created_at": c.created_at,
            }
            for c in selectors.status_history(idea)
        ],
        "breakdown": breakdown,
        "may_edit": can(viewer, "idea.edit", idea),
        "may_answer": can(viewer, "idea.respond", idea),
        "is_deleted": is_deleted(idea),
        "may_delete": can(viewer, "idea.delete", idea),
        "may_restore": can(viewer, "idea.restore", idea),
    }


def idea_for(request, idea_id: int) -> Idea:
    return selectors.idea_get(viewer=request.user, idea_id=idea_id)


def slug_lookup(queryset, slug: str | None, field: str):
    if not slug:
        return None
    found = queryset.filter(slug=slug).first()
    if found is None:
        raise ValidationError({field: _("Unknown %(field)s.") % {"field": field}})
    return found


def segments_from(slugs: list[str] | None, field: str = "segments") -> list[Segment] | None:
    if slugs is None:
        return None
    found = list(Segment.objects.filter(slug__in=slugs, is_active=True))
    if len(found) != len(set(slugs)):
        raise ValidationError({field: _("Unknown segment.")})
    return found


def like_out(idea: Idea, liked: bool) -> dict:
    count, counted, reached = Idea.objects.values_list(
        "like_count", "counted_like_count", "threshold_reached_at"
    ).get(pk=idea.pk)
    return {
        "liked": liked,
        "like_count": count,
        "counted_like_count": counted,
        "threshold_reached": reached is not None,
    }


def idea_for_write(request, idea_id: int) -> Idea:
    """The idea for a like or a follow, or 404: one light query (no detail page joins)."""
    return get_object_or_404(
        visible(request.user, Idea.objects.select_related("space", "status", "topic")), pk=idea_id
    )


def check_staff(user) -> None:
    check(user, "idea_demand.see")


def merge_out(merge: IdeaMerge) -> dict:
    return {
        "id": merge.pk,
        "duplicate_id": merge.duplicate_id,
        "original_id": merge.original_id,
        "merged_at": merge.merged_at,
        "undone_at": merge.undone_at,
    }


def release_out(release: Release) -> dict:
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


def accountability_row(item) -> dict:
    return {
        "label": str(item.label),
        "reached": item.reached,
        "answered": item.answered,
        "answered_in_time": item.answered_in_time,
        "overdue": item.overdue,
        "share_in_time": item.share_in_time,
        "median_days": item.median_days,
    }
