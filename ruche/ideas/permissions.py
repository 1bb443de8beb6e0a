"""Who may see, like, answer, merge and ship ideas. An idea obeys its space everywhere."""

from __future__ import annotations

from django.db.models import QuerySet

from ruche.accounts.roles import Role
from ruche.core.permissions import Action, can_see, queryset_filter, rule, visible
from ruche.spaces.models import PostingPolicy, Space

from .models import CLOSED_KINDS, Idea, OfficialResponse, Release


def _member(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_product_staff(user) -> bool:
    """Answers ideas somewhere: product managers, community managers, administrators."""
    return _member(user) and any(
        user.has_role(role)
        for role in (Role.PRODUCT_MANAGER, Role.COMMUNITY_MANAGER, Role.ADMINISTRATOR)
    )


def managed_area_ids(user) -> set[int]:
    if not _member(user):
        return set()
    cached = getattr(user, "_managed_area_ids", None)
    if cached is None:
        cached = set(user.managed_product_areas.values_list("pk", flat=True))
        user._managed_area_ids = cached
    return cached


def answers_everywhere(user) -> bool:
    return _member(user) and (
        user.has_role(Role.COMMUNITY_MANAGER) or user.has_role(Role.ADMINISTRATOR)
    )


def answers_for_area(user, area_id: int | None) -> bool:
    """Community managers and administrators answer everywhere; product managers in their areas
    (and ideas filed under no area, which any product manager may pick up)."""
    if not _member(user):
        return False
    if user.has_role(Role.COMMUNITY_MANAGER) or user.has_role(Role.ADMINISTRATOR):
        return True
    if not user.has_role(Role.PRODUCT_MANAGER):
        return False
    return area_id is None or area_id in managed_area_ids(user)


@rule(Idea, Action.SEE)
def may_see_idea(user, idea: Idea) -> bool:
    return can_see(user, idea.space)


@rule(Idea, Action.WRITE)
def may_like_or_comment(user, idea: Idea) -> bool:
    """Take part: like, follow, comment. Closed ideas take no new likes (checked when liking)."""
    return _member(user) and can_see(user, idea.space) and not idea.space.is_archived


@rule(Idea, Action.MODERATE)
def may_answer_idea(user, idea: Idea) -> bool:
    """Answer officially, change the status, merge: product staff of the idea's area."""
    return can_see(user, idea.space) and answers_for_area(user, idea.product_area_id)


def may_propose_in(user, space: Space) -> bool:
    if not _member(user) or not can_see(user, space) or space.is_archived:
        return False
    return space.posting != PostingPolicy.STAFF or user.is_staff_member


def may_edit_idea(user, idea: Idea) -> bool:
    if not _member(user) or not can_see(user, idea.space):
        return False
    if may_answer_idea(user, idea):
        return True
    # Authors improve their proposal until it is decided.
    return idea.author_id == user.pk and idea.status.kind not in CLOSED_KINDS


def may_like_on_behalf(user, idea: Idea) -> bool:
    return _member(user) and user.is_staff_member and can_see(user, idea.space)


def may_see_demand(user) -> bool:
    """The breakdown of likes by segment, country and organisation, the inbox, the CSV export."""
    return _member(user) and user.is_staff_member


def may_publish_release(user, release: Release | None = None) -> bool:
    if not is_product_staff(user):
        return False
    if (
        release is None
        or user.has_role(Role.COMMUNITY_MANAGER)
        or user.has_role(Role.ADMINISTRATOR)
    ):
        return True
    areas = set(release.product_areas.values_list("pk", flat=True))
    return areas <= managed_area_ids(user) if areas else True


@queryset_filter(Idea)
def visible_ideas(user, queryset: QuerySet[Idea]) -> QuerySet[Idea]:
    if _member(user) and user.is_staff_member:
        return queryset
    return queryset.filter(space__in=visible(user, Space.objects.all()))


@rule(OfficialResponse, Action.SEE)
def may_see_response(user, response: OfficialResponse) -> bool:
    if not can_see(user, response.idea.space):
        return False
    return response.published_at is not None or may_answer_idea(user, response.idea)


@queryset_filter(OfficialResponse)
def visible_responses(user, queryset: QuerySet[OfficialResponse]) -> QuerySet[OfficialResponse]:
    queryset = queryset.filter(idea__in=visible(user, Idea.objects.all()))
    if is_product_staff(user):
        return queryset
    return queryset.filter(published_at__isnull=False)


@rule(Release, Action.SEE)
def may_see_release(user, release: Release) -> bool:
    return release.published_at is not None or is_product_staff(user)


@rule(Release, Action.WRITE)
def may_edit_release(user, release: Release) -> bool:
    return may_publish_release(user, release)


@queryset_filter(Release)
def visible_releases(user, queryset: QuerySet[Release]) -> QuerySet[Release]:
    if is_product_staff(user):
        return queryset
    return queryset.filter(published_at__isnull=False)
