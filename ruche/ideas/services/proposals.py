"""Proposing, editing, deleting and restoring ideas; following them and commenting on them.

An idea's comments, followers and edit history live on its forum thread, reached only through
``ruche.forum.threads``.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import Segment, User
from ruche.core.events import emit
from ruche.core.markdown import plain_text, render_markdown
from ruche.core.permissions import can, check, check_see
from ruche.forum import threads
from ruche.products.models import ProductArea
from ruche.spaces.models import Space

from .. import verbs
from ..models import Idea, IdeaStatusChange, StatusKind
from ..permissions import is_deleted, moderates_idea_space
from ..thread import IDEA_THREAD
from .statuses import locked_idea, status_of_kind

TITLE_MIN, TITLE_MAX = 8, 200
PROBLEM_MIN, TEXT_MAX = 20, 20_000
MAX_TAGS = 5
MAX_SEGMENTS = 10


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


def _thread_body(problem: str, solution: str) -> str:
    # The thread holds the idea's text so that the community search finds ideas too.
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
    if not can(author, "space.propose_idea", space):
        raise PermissionDenied
    errors = _clean(title=title, problem=problem, solution=solution, tags=tags, segments=segments)
    if errors:
        raise ValidationError(errors)
    problem_rendered = render_markdown(problem)
    now = timezone.now()
    status = status_of_kind(StatusKind.OPEN)
    area = product_area or space.product_area
    with transaction.atomic():
        # The author follows the thread: they hear of comments, answers and releases.
        thread = threads.create(
            kind=IDEA_THREAD.name,
            space=space,
            author=author,
            title=title,
            body=_thread_body(problem, solution),
            summary=plain_text(problem)[:300],
            product_area=area,
            tags=tags,
            language=language,
            created_at=now,
        )
        idea = Idea.objects.create(
            topic=thread,
            space=space,
            title=title.strip(),
            problem=problem.strip(),
            problem_html=problem_rendered.html,
            solution=solution.strip(),
            solution_html=render_markdown(solution).html if solution.strip() else "",
            product_area=area,
            author=author,
            status=status,
            language=thread.language,
            created_at=now,
        )
        if segments:
            idea.segments.set(segments)
        if tags:
            idea.tags.set(thread.tags.all())
        IdeaStatusChange.objects.create(
            idea=idea, to_status=status, actor=author, reason="", created_at=now
        )
        # Followers of the space, its tags and product area hear of it as of any new topic.
        emit(verbs.idea_proposed(idea=idea, occurred_at=now))
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
    kept as a revision of the idea's thread (the forum's edit history)."""
    with transaction.atomic():
        idea = (
            Idea.objects.select_for_update()
            .select_related("space", "status", "topic")
            .get(pk=idea.pk)
        )
        check(editor, "idea.edit", idea)
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
            and not can(editor, "idea.file_under", idea, area=product_area)
        ):
            errors["product_area"] = _("You cannot move an idea to this product area.")
        if errors:
            raise ValidationError(errors)
        idea.title = new_title.strip()
        idea.problem = new_problem.strip()
        idea.problem_html = render_markdown(idea.problem).html
        idea.solution = new_solution.strip()
        idea.solution_html = render_markdown(idea.solution).html if idea.solution else ""
        if product_area is not False:
            idea.product_area = product_area
        idea.edited_at = timezone.now()
        idea.save()
        thread = threads.edit(
            thread=idea.topic,
            editor=editor,
            title=idea.title,
            body=_thread_body(idea.problem, idea.solution),
            summary=plain_text(idea.problem)[:300],
            product_area=idea.product_area,
            tags=tags,
            reason=reason,
            edited_at=idea.edited_at,
        )
        if segments is not None:
            idea.segments.set(segments)
        if tags is not None:
            idea.tags.set(thread.tags.all())
        emit(verbs.idea_edited(idea=idea, editor=editor))
    return idea


def idea_delete(*, idea: Idea, actor: User, reason: str = "") -> Idea:
    """Hide an idea (spam, abuse, withdrawn by its author): its thread is hidden, so the idea
    and its comments leave every list, search, count and the roadmap; moderators restore it."""
    reason = (reason or "").strip()
    if len(reason) > 500:
        raise ValidationError({"reason": _("Keep the reason under 500 characters.")})
    with transaction.atomic():
        idea = locked_idea(idea.pk)  # the thread is read after the lock: its state is current
        check_see(actor, idea)
        if is_deleted(idea):
            raise ValidationError({"idea": _("This idea is already deleted.")})
        if not can(actor, "idea.delete", idea):
            raise PermissionDenied
        threads.hide(thread=idea.topic, actor=actor)
        emit(verbs.idea_deleted(idea=idea, actor=actor, reason=reason))
    return idea


def idea_restore(*, idea: Idea, actor: User) -> Idea:
    """Moderators bring a deleted idea back, with its likes, comments and history."""
    with transaction.atomic():
        idea = locked_idea(idea.pk)
        check_see(actor, idea)
        if not is_deleted(idea):
            if not moderates_idea_space(actor, idea):
                raise PermissionDenied
            raise ValidationError({"idea": _("This idea is not deleted.")})
        if not can(actor, "idea.restore", idea):
            raise PermissionDenied
        threads.restore(thread=idea.topic, actor=actor)
        emit(verbs.idea_restored(idea=idea, actor=actor))
    return idea


def idea_follow(*, idea: Idea, member: User) -> bool:
    check_see(member, idea)
    return threads.follow(thread=idea.topic, member=member)


def idea_unfollow(*, idea: Idea, member: User) -> bool:
    check_see(member, idea)
    return threads.unfollow(thread=idea.topic, member=member)


def idea_comment(*, idea: Idea, author: User, body: str, parent: Any = None) -> Any:
    """A comment is a forum reply on the idea's thread (Markdown, likes, mentions, moderation);
    ``parent``, the comment it answers (``threads.comment_get``)."""
    check(author, "idea.comment", idea)
    return threads.comment(thread=idea.topic, author=author, body=body, parent=parent)
