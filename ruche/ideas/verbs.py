"""The ideas app's events: one class per verb, and the functions its services build them with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from ruche.core.events import Effect, Event, target_of, verb


def _about(idea: Any) -> dict[str, Any]:
    return {**target_of(idea), "space_id": idea.space_id}


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
    reason: str = ""


@verb("ideas.restored", _("restored an idea"), public=False, effect=Effect.RESTORES)
@dataclass(frozen=True, kw_only=True)
class IdeaRestored(Event):
    pass


# --- Builders ---------------------------------------------------------------------------------


def idea_proposed(*, idea: Any, occurred_at: Any = None) -> IdeaProposed:
    return IdeaProposed(actor_id=idea.author_id, **_about(idea), occurred_at=occurred_at)


def idea_edited(*, idea: Any, editor: Any) -> IdeaEdited:
    return IdeaEdited(actor_id=editor.pk, **_about(idea))


def idea_liked(*, idea: Any, member: Any, occurred_at: Any = None) -> IdeaLiked:
    return IdeaLiked(
        actor_id=member.pk, **_about(idea), occurred_at=occurred_at, author=idea.author_id
    )


def idea_unliked(*, idea: Any, member: Any) -> IdeaUnliked:
    return IdeaUnliked(actor_id=member.pk, **_about(idea), author=idea.author_id)


def idea_liked_on_behalf(*, idea: Any, member: Any, recorded_by: Any) -> IdeaLikedOnBehalf:
    return IdeaLikedOnBehalf(actor_id=recorded_by.pk, **_about(idea), member=member.pk)


def threshold_reached(*, idea: Any, likes: int, threshold: int) -> ThresholdReached:
    return ThresholdReached(
        actor_id=idea.author_id, **_about(idea), likes=likes, threshold=threshold
    )


def status_changed(*, idea: Any, actor: Any | None, status: str) -> StatusChanged:
    return StatusChanged(
        actor_id=actor.pk if actor else idea.author_id, **_about(idea), status=status
    )


def response_drafted(*, idea: Any, response: Any, author: Any) -> ResponseDrafted:
    return ResponseDrafted(actor_id=author.pk, **_about(idea), response=response.pk)


def response_published(*, idea: Any, response: Any, actor: Any) -> ResponsePublished:
    return ResponsePublished(
        actor_id=actor.pk,
        **_about(idea),
        response=response.pk,
        version=response.version,
        decision=response.decision.kind,
    )


def idea_merged(*, duplicate: Any, original: Any, merge: Any, actor: Any, likes_added: int):
    return IdeaMerged(
        actor_id=actor.pk,
        **_about(duplicate),
        original=original.pk,
        merge=merge.pk,
        likes_added=likes_added,
    )


def idea_unmerged(*, duplicate: Any, original: Any, actor: Any) -> IdeaUnmerged:
    return IdeaUnmerged(actor_id=actor.pk, **_about(duplicate), original=original.pk)


def release_published(*, release: Any, actor: Any, ideas: list[int]) -> ReleasePublished:
    return ReleasePublished(actor_id=actor.pk, **target_of(release), ideas=list(ideas))


def idea_released(*, idea: Any, release: Any) -> IdeaReleased:
    return IdeaReleased(actor_id=idea.author_id, **_about(idea), release=release.pk)


def idea_deleted(*, idea: Any, actor: Any, reason: str = "") -> IdeaDeleted:
    return IdeaDeleted(actor_id=actor.pk, **_about(idea), author=idea.author_id, reason=reason)


def idea_restored(*, idea: Any, actor: Any) -> IdeaRestored:
    return IdeaRestored(actor_id=actor.pk, **_about(idea))


# Former names (``verbs.IDEA_LIKED.name``), kept while callers move to the classes above.
IDEA_PROPOSED = IdeaProposed
IDEA_EDITED = IdeaEdited
IDEA_LIKED = IdeaLiked
IDEA_UNLIKED = IdeaUnliked
IDEA_LIKED_ON_BEHALF = IdeaLikedOnBehalf
THRESHOLD_REACHED = ThresholdReached
STATUS_CHANGED = StatusChanged
RESPONSE_DRAFTED = ResponseDrafted
RESPONSE_PUBLISHED = ResponsePublished
MERGED = IdeaMerged
UNMERGED = IdeaUnmerged
RELEASE_PUBLISHED = ReleasePublished
RELEASED = IdeaReleased
IDEA_DELETED = IdeaDeleted
IDEA_RESTORED = IdeaRestored
