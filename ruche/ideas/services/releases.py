"""Releases: the changelog entries that ship ideas."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.events import emit
from ruche.core.markdown import render_markdown
from ruche.core.permissions import can, can_see
from ruche.products.models import ProductArea

from .. import verbs
from ..models import Idea, Release, StatusEvent, StatusKind
from .statuses import locked_idea, record_status, status_of_kind


def _check_may_publish(actor: User, release: Release | None) -> None:
    allowed = (
        can(actor, "release.create")
        if release is None or release.pk is None
        else can(actor, "release.publish", release)
    )
    if not allowed:
        raise PermissionDenied


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
    _check_may_publish(actor, release)
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
        _check_may_publish(actor, release)  # its product areas as they are now
    return release


def release_publish(*, release: Release, actor: User) -> Release:
    """Publish a release: its ideas become released and everyone who liked or follows them hears
    "you asked, it shipped"."""
    released = status_of_kind(StatusKind.RELEASED)
    now = timezone.now()
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        _check_may_publish(actor, release)
        if release.published_at is not None:
            return release
        release.published_at = now
        release.published_by = actor
        release.save(update_fields=["published_at", "published_by"])
        shipped = []
        for idea_id in release.ideas.order_by("pk").values_list("pk", flat=True):
            idea = locked_idea(idea_id)
            if idea.merged_into_id or idea.status.kind == StatusKind.RELEASED:
                continue
            record_status(
                idea,
                released,
                actor,
                "",
                now,
                event=StatusEvent.RELEASED,
                details={"title": release.title, "release": release.pk},
            )
            # Everyone who liked or follows it hears "you asked, it shipped" (after commit).
            emit(verbs.idea_released(idea=idea, release=release, occurred_at=now))
            shipped.append(idea.pk)
        emit(verbs.release_published(release=release, actor=actor, ideas=shipped, occurred_at=now))
    return release
