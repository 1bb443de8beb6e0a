from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from ninja import Router, Schema
from pydantic import Field

from ruche.api import ANYONE, ErrorOut

from . import registry
from .models import Activity
from .services import activity_import

router = Router(tags=["activity"])


class VerbOut(Schema):
    name: str
    label: str
    public: bool
    external: bool


class EventIn(Schema):
    member_id: int | None = Field(None, description="The member, by id…")
    member_email: str | None = Field(None, description="…or by e-mail address.")
    verb: str
    occurred_at: datetime
    idempotency_key: str = Field(min_length=1, max_length=200)
    payload: dict = {}


class ImportIn(Schema):
    source: str = Field(min_length=1, max_length=32, description="newsletter, chat, forum, …")
    events: list[EventIn] = Field(min_length=1, max_length=1000)


class ImportOut(Schema):
    received: int
    stored: int
    duplicates: int


@router.get("/activity/verbs", response=list[VerbOut], auth=ANYONE)
def verbs(request):
    return [
        {"name": v.name, "label": str(v.label), "public": v.public, "external": v.external}
        for v in registry.all_verbs()
    ]


@router.post(
    "/activity/import",
    response={200: ImportOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
    summary="Import events from an outside source; an event already imported is skipped",
)
def import_events(request, payload: ImportIn):
    from ruche.accounts.models import User

    if not request.user.may_manage_members:
        raise PermissionDenied
    if payload.source == "ruche":
        raise ValidationError({"source": "“ruche” is reserved for actions taken in Ruche."})
    ids = {e.member_id for e in payload.events if e.member_id}
    emails = {e.member_email.lower() for e in payload.events if e.member_email}
    members = User.objects.filter(Q(pk__in=ids) | Q(email__in=emails)).only("id", "email")
    by_id = {m.pk: m.pk for m in members}
    by_email = {m.email.lower(): m.pk for m in members}
    errors = {}
    rows = []
    for index, event in enumerate(payload.events):
        actor_id = by_id.get(event.member_id) or by_email.get((event.member_email or "").lower())
        if actor_id is None:
            errors[f"events.{index}.member"] = "No member with this id or e-mail address."
            continue
        verb = registry.find(event.verb)
        if verb is None or not verb.external:
            errors[f"events.{index}.verb"] = "Unknown outside action; see /activity/verbs."
            continue
        rows.append(
            Activity(
                actor_id=actor_id,
                verb=event.verb,
                occurred_at=event.occurred_at,
                source=payload.source,
                payload=event.payload,
                idempotency_key=event.idempotency_key,
            )
        )
    if errors:
        raise ValidationError(errors)
    result = activity_import(rows=rows)
    return {"received": result.received, "stored": result.stored, "duplicates": result.duplicates}
