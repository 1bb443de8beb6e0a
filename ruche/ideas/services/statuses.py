"""Statuses of ideas, the rules of a product area (threshold, delay), the status history, and
the row lock every write of an idea starts with."""

from __future__ import annotations

from django.utils import timezone

from ruche.accounts.models import User

from ..models import AreaIdeaSettings, Idea, IdeaSettings, IdeaStatus, IdeaStatusChange, StatusKind

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


def record_status(
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


def locked_idea(idea_id: int) -> Idea:
    """The idea with its row locked until the transaction ends.

    The lock is taken by a query on the idea's table alone, then the row is read with what it
    joins: a locking query with joins may skip a row another transaction just updated.
    """
    list(Idea.objects.select_for_update().filter(pk=idea_id).values_list("pk", flat=True))
    return Idea.objects.select_related("space", "status", "author", "topic").get(pk=idea_id)
