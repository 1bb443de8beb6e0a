"""Likes of ideas and the threshold that obliges a formal answer.

Counters and the threshold: every like, unlike and merge locks the idea's row first
(``select_for_update``), then writes the like and moves the counters in the same transaction.
Writes to one idea are therefore serialised: the count is exact with any number of parallel likes,
a double click inserts once (unique constraint), and the threshold is crossed by exactly one
transaction, which sets ``threshold_reached_at``; it is never unset, so the commitment stays when
likes drop.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.db.models.functions import Lower, Trim
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.events import emit
from ruche.core.permissions import can, can_see, check_see
from ruche.forum import threads

from .. import verbs
from ..models import CLOSED_KINDS, Idea, IdeaLike, StatusEvent, StatusKind
from ..permissions import is_deleted
from .statuses import locked_idea, record_status, rules_for, status_of_kind


def counted_likes(idea_id: int, cap: int | None) -> int:
    """One like per person; with a cap, at most ``cap`` likes of one organisation count.

    Organisations are compared without case or surrounding spaces; members without an
    organisation each count as one.
    """
    likes = IdeaLike.objects.filter(idea_id=idea_id)
    if cap is None:
        return likes.count()
    rows = likes.values(org=Lower(Trim("member__organisation"))).annotate(n=Count("id"))
    return sum(row["n"] if not row["org"] else min(row["n"], cap) for row in rows)


def recount(idea: Idea) -> None:
    """Set both counters from the rows (the idea's row is locked by the caller)."""
    _threshold, _days, cap = rules_for(idea.product_area_id)
    idea.like_count = IdeaLike.objects.filter(idea=idea).count()
    idea.counted_like_count = idea.like_count if cap is None else counted_likes(idea.pk, cap)
    Idea.objects.filter(pk=idea.pk).update(
        like_count=idea.like_count, counted_like_count=idea.counted_like_count
    )


def reach_threshold_if_due(
    idea: Idea, *, now: datetime | None = None, rules: tuple | None = None
) -> bool:
    """Called with the idea's row locked and its counters current. True the one time it crosses.

    Its ``ThresholdReached`` event is what the product managers of the area and the idea's
    followers are told of (after commit).
    """
    if idea.threshold_reached_at is not None:
        return False
    threshold, days, _cap = rules or rules_for(idea.product_area_id)
    if idea.counted_like_count < threshold:
        return False
    now = now or timezone.now()
    idea.threshold_reached_at = now
    idea.response_due_at = now + timedelta(days=days)
    Idea.objects.filter(pk=idea.pk, threshold_reached_at__isnull=True).update(
        threshold_reached_at=idea.threshold_reached_at, response_due_at=idea.response_due_at
    )
    if idea.status.kind == StatusKind.OPEN:
        record_status(
            idea,
            status_of_kind(StatusKind.AWAITING_RESPONSE),
            None,
            "",
            now,
            event=StatusEvent.THRESHOLD,
            details={"threshold": threshold},
        )
    # The author is the actor: their proposal carried the community (recognition rewards it).
    emit(
        verbs.threshold_reached(
            idea=idea, likes=idea.counted_like_count, threshold=threshold, occurred_at=now
        )
    )
    return True


def _refuse_if_deleted(idea: Idea) -> None:
    # Only moderators still see a deleted idea; they get a clear answer rather than a bare 403.
    if is_deleted(idea):
        raise ValidationError({"idea": _("This idea was deleted: it takes no likes.")})


def idea_like(*, idea: Idea, member: User, on_behalf_by: User | None = None) -> bool:
    """Like an idea (or record a customer's like, ``on_behalf_by`` the staff member who met them).

    True when a like was added; False when the member already liked it (a double click).
    """
    check_see(on_behalf_by or member, idea)
    _refuse_if_deleted(idea)
    if on_behalf_by is not None:
        if not can(on_behalf_by, "idea.like_on_behalf", idea):
            raise PermissionDenied
        if not can_see(member, idea):
            raise ValidationError({"member": _("This customer cannot see this idea.")})
    elif not can(member, "idea.like", idea):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        idea = locked_idea(idea.pk)
        _refuse_if_deleted(idea)  # deleted while this request waited for the lock
        if idea.status.kind in CLOSED_KINDS:
            raise ValidationError(
                {
                    "idea": _("This idea is %(status)s: it takes no new likes.")
                    % {"status": idea.status.name.lower()}
                }
            )
        if idea.author_id == member.pk:
            raise ValidationError({"idea": _("Your own idea already counts on you.")})
        try:
            with transaction.atomic():
                IdeaLike.objects.create(
                    idea=idea, member=member, on_behalf_by=on_behalf_by, created_at=now
                )
        except IntegrityError:
            return False
        rules = rules_for(idea.product_area_id)
        cap = rules[2]
        idea.like_count += 1
        idea.counted_like_count = (
            idea.counted_like_count + 1 if cap is None else counted_likes(idea.pk, cap)
        )
        Idea.objects.filter(pk=idea.pk).update(
            like_count=F("like_count") + 1,
            counted_like_count=idea.counted_like_count,
            last_liked_at=now,
        )
        # Liking subscribes to the idea's news (answers, releases); unfollowing is one click.
        threads.follow(thread=idea.topic, member=member, implied=True)
        emit(verbs.idea_liked(idea=idea, member=member, on_behalf_by=on_behalf_by, occurred_at=now))
        if on_behalf_by is not None:
            emit(
                verbs.idea_liked_on_behalf(
                    idea=idea, member=member, recorded_by=on_behalf_by, occurred_at=now
                )
            )
        reach_threshold_if_due(idea, now=now, rules=rules)
    return True


def idea_unlike(*, idea: Idea, member: User) -> bool:
    """Take a like back. The threshold, once reached, stays reached."""
    check_see(member, idea)
    with transaction.atomic():
        idea = locked_idea(idea.pk)
        deleted, _detail = IdeaLike.objects.filter(idea=idea, member=member).delete()
        if not deleted:
            return False
        _threshold, _days, cap = rules_for(idea.product_area_id)
        counted = (
            max(0, idea.counted_like_count - 1) if cap is None else counted_likes(idea.pk, cap)
        )
        Idea.objects.filter(pk=idea.pk, like_count__gt=0).update(
            like_count=F("like_count") - 1, counted_like_count=counted
        )
        emit(verbs.idea_unliked(idea=idea, member=member))
    return True
