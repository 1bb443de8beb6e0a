"""Duplicates: merging an idea into the original it duplicates, and undoing the merge."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.events import emit
from ruche.core.permissions import check
from ruche.forum import threads

from .. import verbs
from ..models import CLOSED_KINDS, Idea, IdeaLike, IdeaMerge, StatusEvent, StatusKind
from ..permissions import is_deleted
from .likes import reach_threshold_if_due, recount
from .statuses import locked_idea, record_status, status_of_kind


def _lock_pair(first_id: int, second_id: int) -> dict[int, Idea]:
    # Lock both rows in a fixed order: two merges of the same pair cannot deadlock.
    low, high = sorted([first_id, second_id])
    return {low: locked_idea(low), high: locked_idea(high)}


def idea_merge(*, duplicate: Idea, original: Idea, actor: User, reason: str = "") -> IdeaMerge:
    """Merge ``duplicate`` into ``original``: likes combined (a member counts once), followers and
    comments move, the duplicate redirects, its author is told. May cross the original's
    threshold, once. Everything moved is recorded so that ``idea_unmerge`` restores both."""
    if duplicate.pk == original.pk:
        raise ValidationError({"original": _("An idea cannot be merged into itself.")})
    now = timezone.now()
    with transaction.atomic():
        locked = _lock_pair(duplicate.pk, original.pk)
        duplicate, original = locked[duplicate.pk], locked[original.pk]
        for idea in (duplicate, original):
            check(actor, "idea.merge", idea)
        for name, idea in (("duplicate", duplicate), ("original", original)):
            if is_deleted(idea):  # restore it first: a merge moves likes and comments
                raise ValidationError({name: _("This idea is deleted.")})
        if duplicate.merged_into_id:
            raise ValidationError({"duplicate": _("This idea is already merged.")})
        if original.merged_into_id:
            raise ValidationError(
                {"original": _("This idea is itself merged: merge into the idea it points to.")}
            )
        if Idea.objects.filter(merged_into=duplicate).exists():
            raise ValidationError(
                {"duplicate": _("Other ideas are merged into this one: merge into it instead.")}
            )
        if original.status.kind in CLOSED_KINDS:
            raise ValidationError({"original": _("This idea is closed: choose an open one.")})
        already = set(IdeaLike.objects.filter(idea=original).values_list("member_id", flat=True))
        copies = []
        for like in IdeaLike.objects.filter(idea=duplicate):
            if like.member_id in already or like.member_id == original.author_id:
                continue
            already.add(like.member_id)
            copies.append(
                IdeaLike(
                    idea=original,
                    member_id=like.member_id,
                    on_behalf_by_id=like.on_behalf_by_id,
                    merged_from=duplicate,
                    created_at=like.created_at,
                )
            )
        # The duplicate's author wanted this too: their proposal becomes a like of the original.
        if duplicate.author_id not in already and duplicate.author_id != original.author_id:
            copies.append(
                IdeaLike(
                    idea=original,
                    member_id=duplicate.author_id,
                    merged_from=duplicate,
                    created_at=duplicate.created_at,
                )
            )
        IdeaLike.objects.bulk_create(copies)
        # Comments and followers move to the original's thread (recorded, to be undone).
        moved = threads.merge(source=duplicate.topic, into=original.topic)
        merge = IdeaMerge.objects.create(
            duplicate=duplicate,
            original=original,
            merged_by=actor,
            merged_at=now,
            reason=reason[:300],
            previous_status=duplicate.status,
            moved_reply_ids=moved.moved_reply_ids,
            added_follow_ids=moved.added_follow_ids,
        )
        Idea.objects.filter(pk=duplicate.pk).update(merged_into=original)
        duplicate.merged_into = original
        record_status(
            duplicate,
            status_of_kind(StatusKind.MERGED),
            actor,
            reason,
            now,
            event=StatusEvent.MERGED,
            details={"title": original.title, "original": original.pk},
        )
        recount(original)
        reach_threshold_if_due(original, now=now)
        # The duplicate's author is told where their idea went (after commit).
        emit(
            verbs.idea_merged(
                duplicate=duplicate,
                original=original,
                merge=merge,
                actor=actor,
                likes_added=len(copies),
                occurred_at=now,
            )
        )
    return merge


def idea_unmerge(*, merge: IdeaMerge, actor: User) -> IdeaMerge:
    """Undo a merge: the copied likes and follows go, the comments return, the duplicate gets its
    status back. A threshold the merge made the original reach stays reached (a commitment)."""
    now = timezone.now()
    with transaction.atomic():
        merge = IdeaMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at is not None:
            raise ValidationError({"merge": _("This merge was already undone.")})
        locked = _lock_pair(merge.duplicate_id, merge.original_id)
        duplicate, original = locked[merge.duplicate_id], locked[merge.original_id]
        for idea in (duplicate, original):
            check(actor, "idea.merge", idea)
        IdeaLike.objects.filter(idea=original, merged_from=duplicate).delete()
        threads.unmerge(
            source=duplicate.topic,
            into=original.topic,
            merged=threads.ThreadMerge(
                moved_reply_ids=list(merge.moved_reply_ids),
                added_follow_ids=list(merge.added_follow_ids),
            ),
        )
        Idea.objects.filter(pk=duplicate.pk).update(merged_into=None)
        duplicate.merged_into = None
        record_status(duplicate, merge.previous_status, actor, "", now, event=StatusEvent.UNMERGED)
        recount(original)
        merge.undone_at = now
        merge.undone_by = actor
        merge.save(update_fields=["undone_at", "undone_by"])
        emit(
            verbs.idea_unmerged(
                duplicate=duplicate, original=original, actor=actor, occurred_at=now
            )
        )
    return merge
