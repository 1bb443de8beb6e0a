"""The ideas app's events: one class per verb, and the functions its services build them with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from ruche.core.events import Effect, Event, target_of, verb


def _about(idea: Any) -> dict[str, Any]:
    return {**target_of(idea), "space_id": idea.space_id}


def _without_empty(payload: dict[str, Any], *keys: str) -> dict[str, Any]:
    """Optional details stay out of the ledger row when they are empty (as they always did)."""
    return {k: v for k, v in payload.items() if k not in keys or v not in (None, "")}


# Told like a new topic to the followers of the idea's space, tags and product area (the target
# is the idea, whose id is its forum thread's).
@verb("ideas.proposed", _("proposed an idea"), effect=Effect.CREATES)
@dataclass(frozen=True, kw_only=True)
class IdeaProposed(Event):
    pass


@verb("ideas.edited", _("edited an idea"), public=False)
@dataclass(frozen=True, kw_only=True)
class IdeaEdited(Event):
    pass


@verb("ideas.liked", _("liked an idea"), beneficiaries=("author",))
@dataclass(frozen=True, kw_only=True)
class IdeaLiked(Event):
    author: int | None = None  # the idea's author, credited by recognition
    # The staff member who recorded a customer's like (in the payload only then).
    on_behalf_by: int | None = None

    def payload(self) -> dict[str, Any]:
        return _without_empty(super().payload(), "on_behalf_by")


@verb("ideas.unliked", _("took back a like of an idea"), public=False, undoes=IdeaLiked)
@dataclass(frozen=True, kw_only=True)
class IdeaUnliked(Event):
    author: int | None = None


@verb("ideas.liked_on_behalf", _("recorded a customer's like of an idea"), public=False)
@dataclass(frozen=True, kw_only=True)
class IdeaLikedOnBehalf(Event):
    member: int | None = None  # the customer the like is attributed to


# The actor is the idea's author, so that recognition can reward a proposal the community carried.
@verb("ideas.threshold_reached", _("saw their idea reach its threshold"))
@dataclass(frozen=True, kw_only=True)
class ThresholdReached(Event):
    likes: int = 0
    threshold: int = 0


@verb("ideas.status_changed", _("changed the status of an idea"), public=False)
@dataclass(frozen=True, kw_only=True)
class StatusChanged(Event):
    status: str = ""


@verb("ideas.response_drafted", _("drafted an official response"), public=False)
@dataclass(frozen=True, kw_only=True)
class ResponseDrafted(Event):
    response: int | None = None


@verb("ideas.response_published", _("published an official response"))
@dataclass(frozen=True, kw_only=True)
class ResponsePublished(Event):
    response: int | None = None
    version: int = 1
    decision: str = ""


@verb("ideas.merged", _("merged a duplicate idea"), public=False)
@dataclass(frozen=True, kw_only=True)
class IdeaMerged(Event):
    original: int | None = None
    merge: int | None = None
    likes_added: int = 0


@verb("ideas.unmerged", _("undid the merge of an idea"), public=False)
@dataclass(frozen=True, kw_only=True)
class IdeaUnmerged(Event):
    original: int | None = None


@verb("ideas.release_published", _("published a release"))
@dataclass(frozen=True, kw_only=True)
class ReleasePublished(Event):
    ideas: list[int] = field(default_factory=list)


# The actor is the idea's author (recognition rewards shipped ideas).
@verb("ideas.released", _("saw their idea shipped"))
@dataclass(frozen=True, kw_only=True)
class IdeaReleased(Event):
    release: int | None = None


@verb(
    "ideas.deleted",
    _("deleted an idea"),
    public=False,
    effect=Effect.REMOVES,
    beneficiaries=("author",),
)
@dataclass(frozen=True, kw_only=True)
class IdeaDeleted(Event):
    author: int | None = None
    reason: str = ""  # a moderator's words (in the payload only when given)

    def payload(self) -> dict[str, Any]:
        return _without_empty(super().payload(), "reason")


@verb("ideas.restored", _("restored an idea"), public=False, effect=Effect.RESTORES)
@dataclass(frozen=True, kw_only=True)
class IdeaRestored(Event):
    pass


# --- Builders ---------------------------------------------------------------------------------


def idea_proposed(*, idea: Any, occurred_at: Any = None) -> IdeaProposed:
    return IdeaProposed(actor_id=idea.author_id, **_about(idea), occurred_at=occurred_at)


def idea_edited(*, idea: Any, editor: Any) -> IdeaEdited:
    return IdeaEdited(actor_id=editor.pk, **_about(idea))


def idea_liked(
    *, idea: Any, member: Any, on_behalf_by: Any = None, occurred_at: Any = None
) -> IdeaLiked:
    return IdeaLiked(
        actor_id=member.pk,
        **_about(idea),
        occurred_at=occurred_at,
        author=idea.author_id,
        on_behalf_by=on_behalf_by.pk if on_behalf_by is not None else None,
    )


def idea_unliked(*, idea: Any, member: Any) -> IdeaUnliked:
    return IdeaUnliked(actor_id=member.pk, **_about(idea), author=idea.author_id)


def idea_liked_on_behalf(
    *, idea: Any, member: Any, recorded_by: Any, occurred_at: Any = None
) -> IdeaLikedOnBehalf:
    return IdeaLikedOnBehalf(
        actor_id=recorded_by.pk, **_about(idea), occurred_at=occurred_at, member=member.pk
    )


def threshold_reached(
    *, idea: Any, likes: int, threshold: int, occurred_at: Any = None
) -> ThresholdReached:
    return ThresholdReached(
        actor_id=idea.author_id,
        **_about(idea),
        occurred_at=occurred_at,
        likes=likes,
        threshold=threshold,
    )


def status_changed(*, idea: Any, actor: Any | None, status: str) -> StatusChanged:
    return StatusChanged(
        actor_id=actor.pk if actor else idea.author_id, **_about(idea), status=status
    )


def response_drafted(*, idea: Any, response: Any, author: Any) -> ResponseDrafted:
    return ResponseDrafted(actor_id=author.pk, **_about(idea), response=response.pk)


def response_published(
    *, idea: Any, response: Any, actor: Any, occurred_at: Any = None
) -> ResponsePublished:
    return ResponsePublished(
        actor_id=actor.pk,
        **_about(idea),
        occurred_at=occurred_at,
        response=response.pk,
        version=response.version,
        decision=response.decision.kind,
    )


def idea_merged(
    *,
    duplicate: Any,
    original: Any,
    merge: Any,
    actor: Any,
    likes_added: int,
    occurred_at: Any = None,
) -> IdeaMerged:
    return IdeaMerged(
        actor_id=actor.pk,
        **_about(duplicate),
        occurred_at=occurred_at,
        original=original.pk,
        merge=merge.pk,
        likes_added=likes_added,
    )


def idea_unmerged(
    *, duplicate: Any, original: Any, actor: Any, occurred_at: Any = None
) -> IdeaUnmerged:
    return IdeaUnmerged(
        actor_id=actor.pk, **_about(duplicate), occurred_at=occurred_at, original=original.pk
    )


def release_published(
    *, release: Any, actor: Any, ideas: list[int], occurred_at: Any = None
) -> ReleasePublished:
    return ReleasePublished(
        actor_id=actor.pk, **target_of(release), occurred_at=occurred_at, ideas=list(ideas)
    )


def idea_released(*, idea: Any, release: Any, occurred_at: Any = None) -> IdeaReleased:
    return IdeaReleased(
        actor_id=idea.author_id, **_about(idea), occurred_at=occurred_at, release=release.pk
    )


def idea_deleted(*, idea: Any, actor: Any, reason: str = "") -> IdeaDeleted:
    return IdeaDeleted(actor_id=actor.pk, **_about(idea), author=idea.author_id, reason=reason)


def idea_restored(*, idea: Any, actor: Any) -> IdeaRestored:
    return IdeaRestored(actor_id=actor.pk, **_about(idea))
