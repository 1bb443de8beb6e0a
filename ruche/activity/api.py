from __future__ import annotations

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from ruche.accounts.models import User
from ruche.core.api import ANYONE, ERRORS, ErrorOut
from ruche.core.permissions import check_see
from ruche.core.schemas import TranslatedRef, translated_ref

from . import registry
from .selectors import timeline_page
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


class ActivityOut(Schema):
    id: int
    verb: str
    label: str
    occurred_at: datetime
    source: str
    space: TranslatedRef | None
    target_type: str | None
    target_id: int | None
    payload: dict


class ActivityPage(Schema):
    items: list[ActivityOut]
    next_cursor: str | None


def activity_out(activity) -> dict:
    return {
        "id": activity.pk,
        "verb": activity.verb,
        "label": activity.verb_label,
        "occurred_at": activity.occurred_at,
        "source": activity.source,
        "space": translated_ref(activity.space),
        "target_type": (
            f"{activity.target_type.app_label}.{activity.target_type.model}"
            if activity.target_type_id
            else None
        ),
        "target_id": activity.target_id,
        "payload": activity.payload,
    }


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


# A member's timeline is the ledger's; the path and the operation stay those of the members' API.
@router.get(
    "/members/{member_id}/activity",
    response={200: ActivityPage, **ERRORS},
    auth=ANYONE,
    summary="A member's activity timeline, newest first",
    tags=["members"],
    operation_id="ruche_accounts_api_member_activity",
)
def member_activity(
    request, member_id: int, cursor: str | None = None, limit: int = Query(30, ge=1, le=100)
):
    member = get_object_or_404(User, pk=member_id)
    check_see(request.user, member)
    page = timeline_page(member=member, viewer=request.user, cursor=cursor, size=limit)
    return {"items": [activity_out(a) for a in page.items], "next_cursor": page.next_cursor}
