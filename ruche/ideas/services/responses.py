"""The product team's side: statuses set by hand, official responses (drafts, then a public,
versioned timeline) and the templates they start from."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ruche.accounts.models import User
from ruche.core.events import emit
from ruche.core.markdown import plain_text, render_markdown
from ruche.core.permissions import check

from .. import verbs
from ..models import (
    DECISION_KINDS,
    Idea,
    IdeaSettings,
    IdeaStatus,
    OfficialResponse,
    ReasonCategory,
    Release,
    ResponseTemplate,
    StatusEvent,
    StatusKind,
)
from .statuses import locked_idea, record_status


def idea_set_status(*, idea: Idea, status: IdeaStatus, actor: User, reason: str = "") -> Idea:
    """Product staff move an idea along (under review, in progress…) with a reason."""
    if status.kind in {StatusKind.MERGED, StatusKind.AWAITING_RESPONSE}:
        raise ValidationError(
            {"status": _("This status is set by merging or by the likes, not by hand.")}
        )
    with transaction.atomic():
        idea = locked_idea(idea.pk)
        check(actor, "idea.set_status", idea)
        if idea.merged_into_id:
            raise ValidationError({"status": _("Undo the merge first.")})
        record_status(idea, status, actor, reason)
        emit(verbs.status_changed(idea=idea, actor=actor, status=status.slug))
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
    if quarter and not re.fullmatch(r"\d{4}-Q[1-4]", quarter):
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
    check(author, "idea.respond", idea)
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
        emit(verbs.response_drafted(idea=idea, response=response, author=author))
        if publish:
            response = response_publish(response=response, actor=author)
    return response


def response_publish(*, response: OfficialResponse, actor: User) -> OfficialResponse:
    """Publish a draft: it joins the idea's public timeline, sets the status, tells followers."""
    with transaction.atomic():
        idea = locked_idea(response.idea_id)
        check(actor, "idea.respond", idea)
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
            record_status(
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
        # Everyone who follows the idea hears of it (after commit).
        emit(verbs.response_published(idea=idea, response=response, actor=actor, occurred_at=now))
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
    check(actor, "response_template.manage")
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
