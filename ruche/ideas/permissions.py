"""Who may see, like, answer, merge and ship ideas, as named actions of the permission module.

An idea obeys its space everywhere; a deleted idea is one whose thread is hidden. Each rule is
registered under its name (``idea.respond``, ``idea.like``, ``space.propose_idea``,
``release.publish``…), with the queryset filter of the lists that depend on it beside it; pages,
the API and the services ask ``can`` / ``check`` / ``visible`` / ``allowed``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from ruche.accounts.models import User
from ruche.accounts.roles import Role
from ruche.core.permissions import (
    Action,
    can,
    can_see,
    queryset_filter,
    rule,
    visible,
)
from ruche.forum import threads
from ruche.products.models import ProductArea
from ruche.spaces.models import PostingPolicy, Space

from .models import CLOSED_KINDS, Idea, OfficialResponse, Release, StatusKind


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
    if answers_everywhere(user):
        return True
    if not user.has_role(Role.PRODUCT_MANAGER):
        return False
    return area_id is None or area_id in managed_area_ids(user)


def is_deleted(idea: Idea) -> bool:
    return threads.is_hidden(idea.topic)


def moderates_idea_space(user, idea: Idea) -> bool:
    """Moderators of the idea's space, community managers and administrators (as for topics)."""
    return _member(user) and can_see(user, idea.space) and can(user, Action.MODERATE, idea.space)


# --- Seeing -----------------------------------------------------------------------------------


@rule(Idea, Action.SEE)
def may_see_idea(user, idea: Idea) -> bool:
    if not can_see(user, idea.space):
        return False
    # A deleted idea (its thread hidden) is known only to those who may restore it.
    return not is_deleted(idea) or moderates_idea_space(user, idea)


@queryset_filter(Idea)
def visible_ideas(user, queryset: QuerySet[Idea]) -> QuerySet[Idea]:
    """Ideas of visible spaces; deleted ones only for their space's moderators (who may restore
    them). Lists, counts and the roadmap drop deleted ideas for everyone (``alive``)."""
    alive = threads.alive("topic")
    if _member(user):
        if user.is_moderator:
            alive = Q(pk__isnull=False)
        elif user.moderated_space_ids:
            alive |= Q(space_id__in=list(user.moderated_space_ids))
    if _member(user) and user.is_staff_member:
        return queryset.filter(alive)
    return queryset.filter(alive, space__in=visible(user, Space.objects.all()))


# --- Proposing, taking part, editing, deleting -----------------------------------------------


@rule(Space, "space.propose_idea")
def may_propose_in(user, space: Space) -> bool:
    if not _member(user) or not can_see(user, space) or space.is_archived:
        return False
    return space.posting != PostingPolicy.STAFF or user.is_staff_member


@rule(Idea, "idea.like")
@rule(Idea, "idea.comment")
@rule(Idea, "idea.follow")
@rule(Idea, Action.WRITE)
def may_like_or_comment(user, idea: Idea) -> bool:
    """Take part: like, follow, comment. Closed ideas take no new likes (checked when liking)."""
    return (
        _member(user)
        and can_see(user, idea.space)
        and not idea.space.is_archived
        and not is_deleted(idea)
    )


@rule(Idea, "idea.like_on_behalf")
def may_like_on_behalf(user, idea: Idea) -> bool:
    """Staff record the like of a customer met on a call."""
    return _member(user) and user.is_staff_member and can_see(user, idea.space)


@rule(Idea, "idea.edit")
def may_edit_idea(user, idea: Idea) -> bool:
    if not _member(user) or not can_see(user, idea.space) or is_deleted(idea):
        return False
    if may_answer_idea(user, idea):
        return True
    # Authors improve their proposal until it is decided.
    return idea.author_id == user.pk and idea.status.kind not in CLOSED_KINDS


@rule(Idea, "idea.file_under")
def may_file_under(user, idea: Idea, *, area: ProductArea) -> bool:
    """Move an idea to the product area ``area``: its author, or who answers for that area."""
    return idea.author_id == user.pk or answers_for_area(user, area.pk)


@rule(Idea, "idea.delete")
def may_delete_idea(user, idea: Idea) -> bool:
    """Moderators hide any idea (spam, abuse); an author withdraws their own idea only while it
    is still open and unanswered, so that no decision or answer disappears with it."""
    if not _member(user) or is_deleted(idea) or not can_see(user, idea.space):
        return False
    if moderates_idea_space(user, idea):
        return True
    return (
        idea.author_id == user.pk
        and idea.status.kind == StatusKind.OPEN
        and idea.first_response_at is None
        and idea.merged_into_id is None
    )


@rule(Idea, "idea.restore")
def may_restore_idea(user, idea: Idea) -> bool:
    return is_deleted(idea) and moderates_idea_space(user, idea)


# --- Answering: responses, statuses, merges ---------------------------------------------------


@rule(Idea, "idea.respond")
@rule(Idea, "idea.set_status")
@rule(Idea, "idea.merge")
@rule(Idea, Action.MODERATE)
def may_answer_idea(user, idea: Idea) -> bool:
    """Answer officially, change the status, merge: product staff of the idea's area."""
    return can_see(user, idea.space) and answers_for_area(user, idea.product_area_id)


@queryset_filter(Idea, "idea.respond")
def ideas_answered_by(user, queryset: QuerySet[Idea]) -> QuerySet[Idea]:
    """The ideas ``user`` answers for (the inbox): every idea for community managers and
    administrators; a product manager's areas and unfiled ideas; none for anyone else."""
    if answers_everywhere(user):
        return queryset
    if not (_member(user) and user.has_role(Role.PRODUCT_MANAGER)):
        return queryset.none()
    return queryset.filter(
        Q(product_area__in=managed_area_ids(user)) | Q(product_area__isnull=True)
    )


@rule(None, "idea_inbox.see")
@rule(None, "response_template.manage")
def may_work_idea_inbox(user) -> bool:
    """The inbox of ideas awaiting a response, response templates, drafts: product staff."""
    return is_product_staff(user)


@rule(None, "idea_demand.see")
def may_see_demand(user) -> bool:
    """The breakdown of likes by segment, country and organisation, the CSV export."""
    return _member(user) and user.is_staff_member


@rule(None, "idea_settings.change")
def may_change_idea_settings(user) -> bool:
    """The threshold, the delay to answer, the cap per organisation: administrators."""
    return _member(user) and user.has_role(Role.ADMINISTRATOR)


# --- Official responses -----------------------------------------------------------------------


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


# --- Releases ---------------------------------------------------------------------------------


@rule(None, "release.create")
def may_create_release(user) -> bool:
    return is_product_staff(user)


@rule(Release, "release.publish")
@rule(Release, "release.edit")
@rule(Release, Action.WRITE)
def may_publish_release(user, release: Release) -> bool:
    """Community managers and administrators ship any release; a product manager those of their
    product areas (or of none)."""
    if not is_product_staff(user):
        return False
    if answers_everywhere(user):
        return True
    areas = set(release.product_areas.values_list("pk", flat=True))
    return areas <= managed_area_ids(user) if areas else True


@rule(Release, Action.SEE)
def may_see_release(user, release: Release) -> bool:
    return release.published_at is not None or is_product_staff(user)


@queryset_filter(Release)
def visible_releases(user, queryset: QuerySet[Release]) -> QuerySet[Release]:
    if is_product_staff(user):
        return queryset
    return queryset.filter(published_at__isnull=False)


# --- Members listed with ideas ----------------------------------------------------------------


def visible_members(viewer) -> QuerySet[User]:
    """Members ``viewer`` may see listed (their profile's visibility): likes breakdowns and any
    list of members in ideas go through it."""
    return visible(viewer, User.objects.all())
