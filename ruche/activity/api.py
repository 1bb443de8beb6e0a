from __future__ import annotations

from datetime import datetime

from ninja import Router, Schema
from pydantic import Field

from ruche.api import ANYONE, ErrorOut

from . import registry
from .services import ExternalEvent, activity_import_events

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
    result = activity_import_events(
        importer=request.user,
        source=payload.source,
        events=[ExternalEvent(**event.model_dump()) for event in payload.events],
    )
    return {"received": result.received, "stored": result.stored, "duplicates": result.duplicates}
