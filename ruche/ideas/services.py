"""Every write of ideas, with its rules. Views, API handlers, tasks and the demo call these.

Counters and the threshold: every like, unlike and merge locks the idea's row first
(``select_for_update``), then writes the like and moves the counters in the same transaction.
Writes to one idea are therefore serialised: the count is exact with any number of parallel likes,
a double click inserts once (unique constraint), and the threshold is crossed by exactly one
transaction, which sets ``threshold_reached_at``; it is never unset, so the commitment stays when
likes drop.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.db.models.functions import Lower, Trim
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import Segment, User
from ruche.activity.services import activity_record
from ruche.core.markdown import plain_text, render_markdown
from ruche.core.permissions import can_see, check_see
from ruche.forum import signals as forum_signals
from ruche.forum.models import Follow, FollowTarget, Reply, Revision, Topic, TopicKind
from ruche.forum.services import _author_role, tags_from_names
from ruche.products.models import ProductArea
from ruche.spaces.models import Space

from . import verbs
from .models import (
    CLOSED_KINDS,
    DECISION_KINDS,
    AreaIdeaSettings,
    Idea,
    IdeaLike,
    IdeaMerge,
    IdeaSettings,
    IdeaStatus,
    IdeaStatusChange,
    OfficialResponse,
    ReasonCategory,
    Release,
    ResponseTemplate,
    StatusEvent,
    StatusKind,
)
from .permissions import (
    answers_for_area,
    is_product_staff,
    may_answer_idea,
    may_delete_idea,
    may_edit_idea,
    may_like_on_behalf,
    may_like_or_comment,
    may_moderate_idea_space,
    may_propose_in,
    may_publish_release,
)

logger = logging.getLogger(__name__)

TITLE_MIN, TITLE_MAX = 8, 200
PROBLEM_MIN, TEXT_MAX = 20, 20_000
MAX_TAGS = 5
MAX_SEGMENTS = 10

# The statuses a fresh installation starts with (administrators rename, recolour, add more).
DEFAULT_STATUSES = [
    # kind, slug, English, French, colour, on roadmap
    (StatusKind.OPEN, "open", "Open", "Ouverte", "#6e7781", False),
    (
        StatusKind.AWAITING_RESPONSE,
        "awaiting-response",
        "Awaiting response",
        "En attente de réponse",
        "#bf8700",
        False,
    ),
    (StatusKind.UNDER_REVIEW, "under-review", "Under review", "À l'étude", "#8250df", False),
    (StatusKind.PLANNED, "planned", "Planned", "Prévue", "#0969da", True),
    (StatusKind.IN_PROGRESS, "in-progress", "In progress", "En cours", "#1a7f37", True),
    (StatusKind.RELEASED, "released", "Released", "Livrée", "#116329", True),
    (StatusKind.DECLINED, "declined", "Declined", "Refusée", "#cf222e", False),
    (
        StatusKind.ALREADY_POSSIBLE,
        "already-possible",
        "Already possible",
        "Déjà possible",
        "#57606a",
        False,
    ),
    (StatusKind.MERGED, "merged", "Merged", "Fusionnée", "#8c959f", False),
]


def statuses_ensure_defaults() -> int:
    """Create the default status of every kind that has none yet; returns how many were made."""
    existing = set(IdeaStatus.objects.values_list("kind", flat=True))
    created = 0
    for position, (kind, slug, en, fr, colour, roadmap) in enumerate(DEFAULT_STATUSES):
        if kind in existing:
            continue
        _status, made = IdeaStatus.objects.get_or_create(
            slug=slug,
            defaults={
                "kind": kind,
                "names": {"en": en, "fr": fr},
                "colour": colour,
                "on_roadmap": roadmap,
                "position": position,
            },
        )
        created += int(made)
    return created


def status_of_kind(kind: str) -> IdeaStatus:
    """The first status of a kind (by position); the defaults are created if none exists."""
    found = IdeaStatus.objects.filter(kind=kind).order_by("position", "id").first()
    if found is None:
        statuses_ensure_defaults()
        found = IdeaStatus.objects.filter(kind=kind).order_by("position", "id").first()
    return found


def rules_for(area_id: int | None) -> tuple[int, int, int | None]:
    """(threshold, days to answer, likes counted per organisation or None) for a product area."""
    general = IdeaSettings.current()
    threshold, days = general.threshold, general.response_days
    if area_id is not None:
        own = AreaIdeaSettings.objects.filter(product_area_id=area_id).first()
        if own is not None:
            threshold = own.threshold or threshold
            days = own.response_days or days
    return threshold, days, general.organisation_cap


def _on_commit(task, **kwargs) -> None:
    """Queue a notification once the write is committed; failing to queue never undoes it."""

    def send() -> None:
        try:
            task.delay(**kwargs)
        except Exception:
            logger.exception("Could not queue %s %s", getattr(task, "name", task), kwargs)

    transaction.on_commit(send)


def _record_status(
    idea: Idea,
    status: IdeaStatus,
    actor: User | None,
    reason: str,
    now=None,
    *,
    event: str = "",
    details: dict | None = None,
) -> None:
    """``reason``: a person's words; ``event``: what caused an automatic change (shown to each
    reader in their language, see ``IdeaStatusChange.why``)."""
    if idea.status_id == status.pk:
        return
    IdeaStatusChange.objects.create(
        idea=idea,
        from_status_id=idea.status_id,
        to_status=status,
        actor=actor,
        reason=reason[:300],
        event=event,
        details=details or {},
        created_at=now or timezone.now(),
    )
    idea.status = status
    Idea.objects.filter(pk=idea.pk).update(status=status)


# --- Proposing and editing --------------------------------------------------------------------


def _clean(
    *, title: str, problem: str, solution: str, tags: list[str] | None, segments
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (TITLE_MIN <= len(title.strip()) <= TITLE_MAX):
        errors["title"] = _("The title must be %(min)d to %(max)d characters.") % {
            "min": TITLE_MIN,
            "max": TITLE_MAX,
        }
    if not (PROBLEM_MIN <= len(problem.strip()) <= TEXT_MAX):
        errors["problem"] = _(
            "Describe the problem in %(min)d to %(max)d characters: what gets in your way today?"
        ) % {"min": PROBLEM_MIN, "max": TEXT_MAX}
    if len(solution.strip()) > TEXT_MAX:
        errors["solution"] = _("At most %(max)d characters.") % {"max": TEXT_MAX}
    if tags is not None and len(tags) > MAX_TAGS:
        errors["tags"] = _("At most %(count)d tags.") % {"count": MAX_TAGS}
    if segments is not None and len(segments) > MAX_SEGMENTS:
        errors["segments"] = _("At most %(count)d segments.") % {"count": MAX_SEGMENTS}
    return errors


def _topic_body(problem: str, solution: str) -> str:
    # The topic holds the idea's text so that the community search finds ideas too.
    return f"{problem.strip()}\n\n{solution.strip()}".strip()


def idea_create(
    *,
    author: User,
    space: Space,
    title: str,
    problem: str,
    solution: str = "",
    product_area: ProductArea | None = None,
    segments: list[Segment] | None = None,
    tags: list[str] | None = None,
    language: str | None = None,
) -> Idea:
    check_see(author, space)
    if not may_propose_in(author, space):
        raise PermissionDenied
    errors = _clean(title=title, problem=problem, solution=solution, tags=tags, segments=segments)
    if errors:
        raise ValidationError(errors)
    problem_rendered = render_markdown(problem)
    now = timezone.now()
    status = status_of_kind(StatusKind.OPEN)
    area = product_area or space.product_area
    with transaction.atomic():
        topic = Topic.objects.create(
            space=space,
            kind=TopicKind.IDEA,
            title=title.strip(),
            author=author,
            author_role=_author_role(author),
            product_area=area,
            body=_topic_body(problem, solution),
            body_html=problem_rendered.html,
            summary=plain_text(problem)[:300],
            language=language or author.language,
            created_at=now,
            last_activity_at=now,
        )
        idea = Idea.objects.create(
            topic=topic,
            space=space,
            title=title.strip(),
            problem=problem.strip(),
            problem_html=problem_rendered.html,
            solution=solution.strip(),
            solution_html=render_markdown(solution).html if solution.strip() else "",
            product_area=area,
            author=author,
            status=status,
            language=topic.language,
            created_at=now,
        )
        if segments:
            idea.segments.set(segments)
        if tags:
            tag_rows = tags_from_names(tags)
            idea.tags.set(tag_rows)
            topic.tags.set(tag_rows)
        IdeaStatusChange.objects.create(
            idea=idea, to_status=status, actor=author, reason="", created_at=now
        )
        # The author hears of comments, answers and releases, like everyone who follows it.
        Follow.objects.get_or_create(
            member=author, target_type=FollowTarget.TOPIC, target_id=topic.pk
        )
        activity_record(
            actor=author, verb=verbs.IDEA_PROPOSED.name, target=idea, space=space, occurred_at=now
        )

        # Followers of the space, its tags and product area hear of it as of any new topic.
        def announce() -> None:
            forum_signals.topic_created.send_robust(
                sender=Topic, topic=topic, actor=author, mentions=[]
            )

        transaction.on_commit(announce)
    return idea


def idea_edit(
    *,
    idea: Idea,
    editor: User,
    title: str | None = None,
    problem: str | None = None,
    solution: str | None = None,
    product_area: ProductArea | bool | None = False,
    segments: list[Segment] | None = None,
    tags: list[str] | None = None,
    reason: str = "",
) -> Idea:
    """Edit an idea; ``product_area=False`` leaves it, ``None`` clears it. The previous text is
    kept as a revision of the idea's topic (the forum's edit history)."""
    with transaction.atomic():
        idea = (
            Idea.objects.select_for_update()
            .select_related("space", "status", "topic")
            .get(pk=idea.pk)
        )
        check_see(editor, idea)
        if not may_edit_idea(editor, idea):
            raise PermissionDenied
        new_title = idea.title if title is None else title
        new_problem = idea.problem if problem is None else problem
        new_solution = idea.solution if solution is None else solution
        errors = _clean(
            title=new_title,
            problem=new_problem,
            solution=new_solution,
            tags=tags,
            segments=segments,
        )
        if (
            product_area is not False
            and product_area is not None
            and not (answers_for_area(editor, product_area.pk) or editor.pk == idea.author_id)
        ):
            errors["product_area"] = _("You cannot move an idea to this product area.")
        if errors:
            raise ValidationError(errors)
        topic = Topic.objects.select_for_update().get(pk=idea.pk)
        if (new_title.strip(), new_problem.strip(), new_solution.strip()) != (
            idea.title,
            idea.problem,
            idea.solution,
        ):
            Revision.objects.create(
                topic=topic, editor=editor, title=idea.title, body=topic.body, reason=reason[:200]
            )
        idea.title = new_title.strip()
        idea.problem = new_problem.strip()
        idea.problem_html = render_markdown(idea.problem).html
        idea.solution = new_solution.strip()
        idea.solution_html = render_markdown(idea.solution).html if idea.solution else ""
        if product_area is not False:
            idea.product_area = product_area
        idea.edited_at = timezone.now()
        idea.save()
        topic.title = idea.title
        topic.body = _topic_body(idea.problem, idea.solution)
        topic.body_html = idea.problem_html
        topic.summary = plain_text(idea.problem)[:300]
        topic.product_area = idea.product_area
        topic.edited_at = idea.edited_at
        topic.save()
        if segments is not None:
            idea.segments.set(segments)
        if tags is not None:
            tag_rows = tags_from_names(tags)
            idea.tags.set(tag_rows)
            topic.tags.set(tag_rows)
        activity_record(actor=editor, verb=verbs.IDEA_EDITED.name, target=idea, space=idea.space)
    return idea


# --- Likes and the threshold ------------------------------------------------------------------


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


def _recount(idea: Idea) -> None:
    """Set both counters from the rows (the idea's row is locked by the caller)."""
    _threshold, _days, cap = rules_for(idea.product_area_id)
    idea.like_count = IdeaLike.objects.filter(idea=idea).count()
    idea.counted_like_count = idea.like_count if cap is None else counted_likes(idea.pk, cap)
    Idea.objects.filter(pk=idea.pk).update(
        like_count=idea.like_count, counted_like_count=idea.counted_like_count
    )


def _reach_threshold_if_due(idea: Idea, *, now=None, rules: tuple | None = None) -> bool:
    """Called with the idea's row locked and its counters current. True the one time it crosses."""
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
        _record_status(
            idea,
            status_of_kind(StatusKind.AWAITING_RESPONSE),
            None,
            "",
            now,
            event=StatusEvent.THRESHOLD,
            details={"threshold": threshold},
        )
    # The author is the actor: their proposal carried the community (recognition rewards it).
    activity_record(
        actor=idea.author,
        verb=verbs.THRESHOLD_REACHED.name,
        target=idea,
        space=idea.space,
        payload={"likes": idea.counted_like_count, "threshold": threshold},
        occurred_at=now,
    )
    return True


def _locked(idea_id: int) -> Idea:
    """The idea with its row locked until the transaction ends.

    The lock is taken by a query on the idea's table alone, then the row is read with what it
    joins: a locking query with joins may skip a row another transaction just updated.
    """
    list(Idea.objects.select_for_update().filter(pk=idea_id).values_list("pk", flat=True))
    return Idea.objects.select_related("space", "status", "author", "topic").get(pk=idea_id)


def _refuse_if_deleted(idea: Idea) -> None:
    # Only moderators still see a deleted idea; they get a clear answer rather than a bare 403.
    if idea.topic.is_deleted:
        raise ValidationError({"idea": _("This idea was deleted: it takes no likes.")})


def idea_like(*, idea: Idea, member: User, on_behalf_by: User | None = None) -> bool:
    """Like an idea (or record a customer's like, ``on_behalf_by`` the staff member who met them).

    True when a like was added; False when the member already liked it (a double click).
    """
    check_see(on_behalf_by or member, idea)
    _refuse_if_deleted(idea)
    if on_behalf_by is not None:
        if not may_like_on_behalf(on_behalf_by, idea):
            raise PermissionDenied
        if not can_see(member, idea):
            raise ValidationError({"member": _("This customer cannot see this idea.")})
    elif not may_like_or_comment(member, idea):
        raise PermissionDenied
    now = timezone.now()
    with transaction.atomic():
        idea = _locked(idea.pk)
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
        Follow.objects.get_or_create(
            member=member, target_type=FollowTarget.TOPIC, target_id=idea.pk
        )
        activity_record(
            actor=member,
            verb=verbs.IDEA_LIKED.name,
            target=idea,
            space=idea.space,
            # "author": whom the like credits (recognition gives the idea's author a point).
            payload={"author": idea.author_id}
            | ({"on_behalf_by": on_behalf_by.pk} if on_behalf_by else {}),
            occurred_at=now,
        )
        if on_behalf_by is not None:
            activity_record(
                actor=on_behalf_by,
                verb=verbs.IDEA_LIKED_ON_BEHALF.name,
                target=idea,
                space=idea.space,
                payload={"member": member.pk},
                occurred_at=now,
            )
        _reach_threshold_if_due(idea, now=now, rules=rules)
    return True


def idea_unlike(*, idea: Idea, member: User) -> bool:
    """Take a like back. The threshold, once reached, stays reached."""
    check_see(member, idea)
    with transaction.atomic():
        idea = _locked(idea.pk)
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
        activity_record(actor=member, verb=verbs.IDEA_UNLIKED.name, target=idea, space=idea.space)
    return True


def idea_delete(*, idea: Idea, actor: User, reason: str = "") -> Idea:
    """Hide an idea (spam, abuse, withdrawn by its author): its topic is soft-deleted, so the
    idea and its comments leave every list, search, count and the roadmap; moderators restore it."""
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    with transaction.atomic():
        idea = _locked(idea.pk)
        topic = Topic.objects.select_for_update().get(pk=idea.pk)
        idea.topic = topic
        check_see(actor, idea)
        if topic.is_deleted:
            raise ValidationError({"idea": _("This idea is already deleted.")})
        if not may_delete_idea(actor, idea):
            raise PermissionDenied
        topic.is_deleted = True
        topic.deleted_at = timezone.now()
        topic.deleted_by = actor
        topic.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
        activity_record(
            actor=actor,
            verb=verbs.IDEA_DELETED.name,
            target=idea,
            space=idea.space,
            payload={"author": idea.author_id} | ({"reason": reason} if reason else {}),
        )
    return idea


def idea_restore(*, idea: Idea, actor: User) -> Idea:
    """Moderators bring a deleted idea back, with its likes, comments and history."""
    with transaction.atomic():
        idea = _locked(idea.pk)
        topic = Topic.objects.select_for_update().get(pk=idea.pk)
        idea.topic = topic
        check_see(actor, idea)
        if not may_moderate_idea_space(actor, idea):
            raise PermissionDenied
        if not topic.is_deleted:
            raise ValidationError({"idea": _("This idea is not deleted.")})
        topic.is_deleted = False
        topic.deleted_at = None
        topic.deleted_by = None
        topic.save(update_fields=["is_deleted", "deleted_at", "deleted_by"])
        activity_record(actor=actor, verb=verbs.IDEA_RESTORED.name, target=idea, space=idea.space)
    return idea


def idea_follow(*, idea: Idea, member: User) -> bool:
    from ruche.forum.services import follow_add

    check_see(member, idea)
    return follow_add(member=member, target_type=FollowTarget.TOPIC, target_id=idea.pk)


def idea_unfollow(*, idea: Idea, member: User) -> bool:
    from ruche.forum.services import follow_remove

    check_see(member, idea)
    return follow_remove(member=member, target_type=FollowTarget.TOPIC, target_id=idea.pk)


def idea_comment(*, idea: Idea, author: User, body: str, parent: Reply | None = None) -> Reply:
    """A comment is a forum reply on the idea's topic (Markdown, likes, mentions, moderation)."""
    from ruche.forum.services import reply_create

    check_see(author, idea)
    if not may_like_or_comment(author, idea):
        raise PermissionDenied
    return reply_create(author=author, topic=idea.topic, body=body, parent=parent)


# --- Status and official responses ------------------------------------------------------------


def idea_set_status(*, idea: Idea, status: IdeaStatus, actor: User, reason: str = "") -> Idea:
    """Product staff move an idea along (under review, in progress…) with a reason."""
    if status.kind in {StatusKind.MERGED, StatusKind.AWAITING_RESPONSE}:
        raise ValidationError(
            {"status": _("This status is set by merging or by the likes, not by hand.")}
        )
    with transaction.atomic():
        idea = _locked(idea.pk)
        check_see(actor, idea)
        if not may_answer_idea(actor, idea):
            raise PermissionDenied
        if idea.merged_into_id:
            raise ValidationError({"status": _("Undo the merge first.")})
        _record_status(idea, status, actor, reason)
        activity_record(
            actor=actor,
            verb=verbs.STATUS_CHANGED.name,
            target=idea,
            space=idea.space,
            payload={"status": status.slug},
        )
    return idea


def _clean_response(
    *,
    decision: IdeaStatus | None,
    rationale: str,
    reason_category: str,
    target_quarter: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if decision is None or decision.kind not in DECISION_KINDS:
        errors["decision"] = _("Choose the decision: under review, planned, declined…")
    minimum = IdeaSettings.current().rationale_min_chars
    if len(plain_text(rationale or "")) < minimum:
        errors["rationale"] = _(
            "Explain the decision in at least %(count)d characters: members who liked this idea "
            "deserve to know why."
        ) % {"count": minimum}
    if reason_category not in ReasonCategory.values:
        errors["reason_category"] = _("Unknown reason.")
    quarter = (target_quarter or "").strip()
    if quarter:
        import re

        if not re.fullmatch(r"\d{4}-Q[1-4]", quarter):
            errors["target_quarter"] = _("A quarter like 2027-Q1.")
    return errors


def response_save(
    *,
    idea: Idea,
    author: User,
    decision: IdeaStatus | None,
    rationale: str,
    reason_category: str = "",
    workaround: str = "",
    reconsider_conditions: str = "",
    target_quarter: str = "",
    release: Release | None = None,
    publish: bool = False,
    draft: OfficialResponse | None = None,
) -> OfficialResponse:
    """Write an official response as a draft, or publish it at once; ``draft`` updates a draft."""
    check_see(author, idea)
    if not may_answer_idea(author, idea):
        raise PermissionDenied
    errors = _clean_response(
        decision=decision,
        rationale=rationale,
        reason_category=reason_category,
        target_quarter=target_quarter,
    )
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        if draft is not None:
            response = OfficialResponse.objects.select_for_update().get(pk=draft.pk)
            if response.idea_id != idea.pk or response.published_at is not None:
                raise ValidationError({"draft": _("Only a draft of this idea can be changed.")})
        else:
            response = OfficialResponse(idea=idea, author=author, created_at=now)
        response.decision = decision
        response.rationale = rationale.strip()
        response.rationale_html = render_markdown(response.rationale).html
        response.reason_category = reason_category
        response.workaround = workaround.strip()
        response.reconsider_conditions = reconsider_conditions.strip()
        response.target_quarter = target_quarter.strip()
        response.release = release
        response.updated_at = now
        response.save()
        activity_record(
            actor=author, verb=verbs.RESPONSE_DRAFTED.name, target=idea, space=idea.space
        )
        if publish:
            response = response_publish(response=response, actor=author)
    return response


def response_publish(*, response: OfficialResponse, actor: User) -> OfficialResponse:
    """Publish a draft: it joins the idea's public timeline, sets the status, tells followers."""
    with transaction.atomic():
        idea = _locked(response.idea_id)
        check_see(actor, idea)
        if not may_answer_idea(actor, idea):
            raise PermissionDenied
        response = (
            OfficialResponse.objects.select_for_update()
            .select_related("decision")
            .get(pk=response.pk)
        )
        if response.published_at is not None:
            return response
        errors = _clean_response(
            decision=response.decision,
            rationale=response.rationale,
            reason_category=response.reason_category,
            target_quarter=response.target_quarter,
        )
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        last = OfficialResponse.objects.filter(idea=idea).aggregate(v=Max("version"))["v"] or 0
        response.version = last + 1
        response.published_at = now
        response.save(update_fields=["version", "published_at"])
        if not idea.merged_into_id:
            _record_status(
                idea,
                response.decision,
                actor,
                "",
                now,
                event=StatusEvent.RESPONSE,
                details={"version": response.version},
            )
        updates = {"target_quarter": response.target_quarter}
        if idea.first_response_at is None:
            updates["first_response_at"] = now
        Idea.objects.filter(pk=idea.pk).update(**updates)
        activity_record(
            actor=actor,
            verb=verbs.RESPONSE_PUBLISHED.name,
            target=idea,
            space=idea.space,
            payload={
                "response": response.pk,
                "version": response.version,
                "decision": response.decision.kind,
            },
            occurred_at=now,
        )
    return response


def response_template_create(
    *,
    actor: User,
    name: str,
    rationale: str,
    decision: IdeaStatus | None = None,
    reason_category: str = "",
    workaround: str = "",
    reconsider_conditions: str = "",
) -> ResponseTemplate:
    if not is_product_staff(actor):
        raise PermissionDenied
    errors = {}
    if not name.strip():
        errors["name"] = _("Give the template a name.")
    if not rationale.strip():
        errors["rationale"] = _("A template needs a text.")
    if reason_category not in ReasonCategory.values:
        errors["reason_category"] = _("Unknown reason.")
    if errors:
        raise ValidationError(errors)
    return ResponseTemplate.objects.create(
        name=name.strip()[:120],
        rationale=rationale.strip(),
        decision=decision,
        reason_category=reason_category,
        workaround=workaround.strip(),
        reconsider_conditions=reconsider_conditions.strip(),
    )


# --- Duplicates -------------------------------------------------------------------------------


def idea_merge(*, duplicate: Idea, original: Idea, actor: User, reason: str = "") -> IdeaMerge:
    """Merge ``duplicate`` into ``original``: likes combined (a member counts once), followers and
    comments move, the duplicate redirects, its author is told. May cross the original's
    threshold, once. Everything moved is recorded so that ``idea_unmerge`` restores both."""
    if duplicate.pk == original.pk:
        raise ValidationError({"original": _("An idea cannot be merged into itself.")})
    now = timezone.now()
    with transaction.atomic():
        # Lock both rows in a fixed order: two merges of the same pair cannot deadlock.
        first, second = sorted([duplicate.pk, original.pk])
        locked = {first: _locked(first), second: _locked(second)}
        duplicate, original = locked[duplicate.pk], locked[original.pk]
        for idea in (duplicate, original):
            check_see(actor, idea)
            if not may_answer_idea(actor, idea):
                raise PermissionDenied
        for name, idea in (("duplicate", duplicate), ("original", original)):
            if idea.topic.is_deleted:  # restore it first: a merge moves likes and comments
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
        following = set(
            Follow.objects.filter(
                target_type=FollowTarget.TOPIC, target_id=original.pk
            ).values_list("member_id", flat=True)
        )
        new_follows = [
            Follow(member_id=member_id, target_type=FollowTarget.TOPIC, target_id=original.pk)
            for member_id in Follow.objects.filter(
                target_type=FollowTarget.TOPIC, target_id=duplicate.pk
            ).values_list("member_id", flat=True)
            if member_id not in following
        ]
        Follow.objects.bulk_create(new_follows)
        added_follow_ids = list(
            Follow.objects.filter(
                target_type=FollowTarget.TOPIC,
                target_id=original.pk,
                member_id__in=[f.member_id for f in new_follows],
            ).values_list("pk", flat=True)
        )
        reply_ids = list(Reply.objects.filter(topic_id=duplicate.pk).values_list("pk", flat=True))
        _move_replies(reply_ids, from_topic=duplicate.pk, to_topic=original.pk)
        merge = IdeaMerge.objects.create(
            duplicate=duplicate,
            original=original,
            merged_by=actor,
            merged_at=now,
            reason=reason[:300],
            previous_status=duplicate.status,
            moved_reply_ids=reply_ids,
            added_follow_ids=added_follow_ids,
        )
        Idea.objects.filter(pk=duplicate.pk).update(merged_into=original)
        duplicate.merged_into = original
        _record_status(
            duplicate,
            status_of_kind(StatusKind.MERGED),
            actor,
            reason,
            now,
            event=StatusEvent.MERGED,
            details={"title": original.title, "original": original.pk},
        )
        _recount(original)
        _reach_threshold_if_due(original, now=now)
        activity_record(
            actor=actor,
            verb=verbs.MERGED.name,
            target=duplicate,
            space=duplicate.space,
            payload={"original": original.pk, "merge": merge.pk, "likes_added": len(copies)},
            occurred_at=now,
        )
    return merge


def _move_replies(reply_ids: list[int], *, from_topic: int, to_topic: int) -> None:
    if not reply_ids:
        return
    moved = Reply.objects.filter(pk__in=reply_ids, topic_id=from_topic)
    alive = moved.filter(is_deleted=False).count()
    moved.update(topic_id=to_topic)
    Topic.objects.filter(pk=from_topic).update(reply_count=F("reply_count") - alive)
    Topic.objects.filter(pk=to_topic).update(reply_count=F("reply_count") + alive)


def idea_unmerge(*, merge: IdeaMerge, actor: User) -> IdeaMerge:
    """Undo a merge: the copied likes and follows go, the comments return, the duplicate gets its
    status back. A threshold the merge made the original reach stays reached (a commitment)."""
    now = timezone.now()
    with transaction.atomic():
        merge = IdeaMerge.objects.select_for_update().get(pk=merge.pk)
        if merge.undone_at is not None:
            raise ValidationError({"merge": _("This merge was already undone.")})
        first, second = sorted([merge.duplicate_id, merge.original_id])
        locked = {first: _locked(first), second: _locked(second)}
        duplicate, original = locked[merge.duplicate_id], locked[merge.original_id]
        for idea in (duplicate, original):
            check_see(actor, idea)
            if not may_answer_idea(actor, idea):
                raise PermissionDenied
        IdeaLike.objects.filter(idea=original, merged_from=duplicate).delete()
        Follow.objects.filter(pk__in=merge.added_follow_ids).delete()
        _move_replies(merge.moved_reply_ids, from_topic=original.pk, to_topic=duplicate.pk)
        Idea.objects.filter(pk=duplicate.pk).update(merged_into=None)
        duplicate.merged_into = None
        _record_status(duplicate, merge.previous_status, actor, "", now, event=StatusEvent.UNMERGED)
        _recount(original)
        merge.undone_at = now
        merge.undone_by = actor
        merge.save(update_fields=["undone_at", "undone_by"])
        activity_record(
            actor=actor,
            verb=verbs.UNMERGED.name,
            target=duplicate,
            space=duplicate.space,
            payload={"original": original.pk},
            occurred_at=now,
        )
    return merge


# --- Releases ---------------------------------------------------------------------------------


def release_save(
    *,
    actor: User,
    title: str,
    notes: str,
    released_on: date,
    product_areas: list[ProductArea] | None = None,
    ideas: list[Idea] | None = None,
    release: Release | None = None,
) -> Release:
    """Create or change a release that is not published yet."""
    if not may_publish_release(actor, release):
        raise PermissionDenied
    errors = {}
    if not (3 <= len(title.strip()) <= 200):
        errors["title"] = _("The title must be %(min)d to %(max)d characters.") % {
            "min": 3,
            "max": 200,
        }
    if len(notes.strip()) < 10:
        errors["notes"] = _("Tell members what changed, in at least %(count)d characters.") % {
            "count": 10
        }
    for idea in ideas or []:
        if not can_see(actor, idea) or idea.merged_into_id:
            errors["ideas"] = _("One of these ideas cannot be delivered (merged or unknown).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if release is None:
            release = Release(created_by=actor)
        elif release.published_at is not None:
            raise ValidationError({"release": _("A published release cannot be changed.")})
        release.title = title.strip()
        release.notes = notes.strip()
        release.notes_html = render_markdown(release.notes).html
        release.released_on = released_on
        release.save()
        if product_areas is not None:
            release.product_areas.set(product_areas)
        if ideas is not None:
            release.ideas.set(ideas)
        if not may_publish_release(actor, release):
            raise PermissionDenied
    return release


def release_publish(*, release: Release, actor: User) -> Release:
    """Publish a release: its ideas become released and everyone who liked or follows them hears
    "you asked, it shipped"."""
    released = status_of_kind(StatusKind.RELEASED)
    now = timezone.now()
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        if not may_publish_release(actor, release):
            raise PermissionDenied
        if release.published_at is not None:
            return release
        release.published_at = now
        release.published_by = actor
        release.save(update_fields=["published_at", "published_by"])
        shipped = []
        for idea_id in release.ideas.order_by("pk").values_list("pk", flat=True):
            idea = _locked(idea_id)
            if idea.merged_into_id or idea.status.kind == StatusKind.RELEASED:
                continue
            _record_status(
                idea,
                released,
                actor,
                "",
                now,
                event=StatusEvent.RELEASED,
                details={"title": release.title, "release": release.pk},
            )
            activity_record(
                actor=idea.author,
                verb=verbs.RELEASED.name,
                target=idea,
                space=idea.space,
                payload={"release": release.pk},
                occurred_at=now,
            )
            shipped.append(idea.pk)
        activity_record(
            actor=actor,
            verb=verbs.RELEASE_PUBLISHED.name,
            target=release,
            payload={"ideas": shipped},
            occurred_at=now,
        )
    return release


_UNCHANGED = object()


def settings_update(
    *,
    actor: User,
    threshold: int | None = None,
    response_days: int | None = None,
    organisation_cap=_UNCHANGED,
    rationale_min_chars: int | None = None,
) -> IdeaSettings:
    """Administrators change the global rules (``organisation_cap=None`` turns the cap off)."""
    from ruche.accounts.roles import Role

    if not (actor.is_authenticated and actor.has_role(Role.ADMINISTRATOR)):
        raise PermissionDenied
    current = IdeaSettings.current()
    errors = {}
    for name, value in (("threshold", threshold), ("response_days", response_days)):
        if value is not None and value < 1:
            errors[name] = _("At least 1.")
    if organisation_cap not in (_UNCHANGED, None) and organisation_cap < 1:
        errors["organisation_cap"] = _("At least 1, or empty for no limit.")
    if errors:
        raise ValidationError(errors)
    if threshold is not None:
        current.threshold = threshold
    if response_days is not None:
        current.response_days = response_days
    if organisation_cap is not _UNCHANGED:
        current.organisation_cap = organisation_cap
    if rationale_min_chars is not None:
        current.rationale_min_chars = rationale_min_chars
    current.save()
    return current
