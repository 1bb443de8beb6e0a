from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from ruche.core.api import ANYONE, ERRORS, ErrorOut
from ruche.core.permissions import can, visible
from ruche.core.schemas import TranslatedRef, translated_ref

from . import selectors, services
from .models import Invitation, User
from .roles import Role

router = Router(tags=["members"])


class SegmentOut(Schema):
    id: int
    slug: str
    name: str
    names: dict[str, str]


class MemberOut(Schema):
    id: int
    display_name: str
    segment: TranslatedRef | None
    organisation: str
    country: str
    language: str
    bio: str
    roles: list[str]
    avatar_url: str | None
    date_joined: datetime
    email: str | None = Field(None, description="Only for the member and the staff.")


class MeOut(MemberOut):
    email: str
    ui_language: str
    profile_visibility: str


class MeIn(Schema):
    display_name: str | None = Field(None, max_length=80)
    segment: str | None = Field(None, description="Segment slug; empty string to clear.")
    organisation: str | None = Field(None, max_length=120)
    country: str | None = Field(None, max_length=2)
    language: str | None = None
    ui_language: str | None = None
    bio: str | None = Field(None, max_length=500)
    profile_visibility: str | None = None


class MemberPage(Schema):
    items: list[MemberOut]
    next_cursor: str | None


def member_out(member: User, viewer) -> dict:
    data = {
        "id": member.pk,
        "display_name": member.public_name,
        "segment": translated_ref(member.segment),
        "organisation": member.organisation,
        "country": member.country.code or "",
        "language": member.language,
        "bio": member.bio,
        "roles": sorted(member.role_slugs),
        "avatar_url": member.avatar.url if member.avatar else None,
        "date_joined": member.date_joined,
        "email": member.email if can(viewer, "member.see_private_details", member) else None,
    }
    return data


def me_out(member: User) -> dict:
    return member_out(member, member) | {
        "ui_language": member.ui_language,
        "profile_visibility": member.profile_visibility,
    }


@router.get("/me", response={200: MeOut, **ERRORS}, summary="The signed-in member")
def me(request):
    return me_out(request.user)


@router.patch("/me", response={200: MeOut, **ERRORS}, summary="Update my profile")
def me_update(request, payload: MeIn):
    changes = payload.model_dump(exclude_unset=True)
    if "segment" in changes:
        slug = changes["segment"]
        changes["segment"] = selectors.segment_by_slug(slug) if slug else None
    if changes.get("country") is not None:
        changes["country"] = changes["country"].upper()
    member = services.member_update_profile(member=request.user, actor=request.user, **changes)
    return me_out(member)


@router.post("/me/avatar", response={200: MeOut, **ERRORS}, summary="Upload my picture")
def me_avatar(request, file: File[UploadedFile]):
    member = services.member_set_avatar(member=request.user, actor=request.user, upload=file)
    return me_out(member)


@router.get(
    "/members",
    response={200: MemberPage, **ERRORS},
    auth=ANYONE,
    summary="Members whose profile you may see",
)
def member_list(
    request,
    q: str = "",
    segment: str = "",
    country: str = "",
    role: str = "",
    cursor: str | None = None,
    limit: int = Query(30, ge=1, le=100),
):
    page = selectors.member_list_page(
        viewer=request.user,
        query=q,
        segment=segment,
        country=country,
        role=role,
        cursor=cursor,
        size=limit,
    )
    return {
        "items": [member_out(m, request.user) for m in page.items],
        "next_cursor": page.next_cursor,
    }


@router.get("/members/{member_id}", response={200: MemberOut, **ERRORS}, auth=ANYONE)
def member_detail(request, member_id: int):
    member = selectors.member_get(viewer=request.user, member_id=member_id)
    return member_out(member, request.user)


@router.get("/segments", response=list[SegmentOut], auth=ANYONE, tags=["taxonomy"])
def segment_list(request):
    return [
        {"id": s.pk, "slug": s.slug, "name": s.name, "names": s.names}
        for s in selectors.segment_list()
    ]


# --- Personal API tokens ----------------------------------------------------------------------


class TokenOut(Schema):
    id: int
    name: str
    key_prefix: str
    created_at: datetime
    last_used_at: datetime | None
    expires_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    token: str = Field(description="Shown once; store it now.")


class TokenIn(Schema):
    name: str = Field(max_length=80)
    expires_at: datetime | None = None


@router.get("/me/tokens", response=list[TokenOut], tags=["tokens"])
def token_list(request):
    return list(request.user.api_tokens.all())


@router.post("/me/tokens", response={201: TokenCreatedOut, **ERRORS}, tags=["tokens"])
def token_create(request, payload: TokenIn):
    token, raw = services.api_token_create(
        member=request.user, name=payload.name, expires_at=payload.expires_at
    )
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "token": raw})


@router.delete("/me/tokens/{token_id}", response={204: None, **ERRORS}, tags=["tokens"])
def token_revoke(request, token_id: int):
    try:
        services.api_token_revoke(member=request.user, token_id=token_id)
    except services.ApiToken.DoesNotExist as exc:
        raise Http404 from exc
    return Status(204, None)


# --- Invitations ------------------------------------------------------------------------------


class InvitationIn(Schema):
    email: str = Field(max_length=254)
    role: str = Role.MEMBER.value
    segment: str = ""
    display_name: str = ""
    organisation: str = ""
    country: str = ""
    language: str = "fr"


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    segment: TranslatedRef | None
    status: str
    created_at: datetime
    expires_at: datetime
    accepted_at: datetime | None


class CsvIn(Schema):
    csv: str = Field(description="CSV text with a header line naming the columns.")


class CsvRowError(Schema):
    line: int
    field: str
    reason: str


class CsvErrorOut(Schema):
    detail: str
    errors: list[CsvRowError]


def invitation_out(invitation: Invitation) -> dict:
    return {
        "id": invitation.pk,
        "email": invitation.email,
        "role": invitation.role,
        "segment": translated_ref(invitation.segment),
        "status": invitation.status,
        "created_at": invitation.created_at,
        "expires_at": invitation.expires_at,
        "accepted_at": invitation.accepted_at,
    }


@router.get("/invitations", response={200: list[InvitationOut], **ERRORS}, tags=["invitations"])
def invitation_list(request, status: str = "", limit: int = Query(100, ge=1, le=500)):
    if not can(request.user, "member.invite"):
        raise PermissionDenied
    invitations = selectors.invitation_list(viewer=request.user, status=status)[:limit]
    return [invitation_out(i) for i in invitations]


@router.post("/invitations", response={201: InvitationOut, **ERRORS}, tags=["invitations"])
def invitation_create(request, payload: InvitationIn):
    segment = selectors.segment_by_slug(payload.segment) if payload.segment else None
    invitation, _raw = services.invitation_create(
        inviter=request.user,
        request=services.InvitationRequest(
            email=payload.email,
            role=payload.role,
            segment=segment,
            display_name=payload.display_name,
            organisation=payload.organisation,
            country=payload.country,
            language=payload.language,
        ),
    )
    return Status(201, invitation_out(invitation))


@router.post(
    "/invitations/csv",
    response={201: list[InvitationOut], 422: CsvErrorOut, 401: ErrorOut, 403: ErrorOut},
    tags=["invitations"],
    summary="Invite everyone in a CSV; nothing is sent if any row is wrong",
)
def invitation_create_csv(request, payload: CsvIn):
    result = services.invitation_create_from_csv(inviter=request.user, content=payload.csv)
    if result.errors:
        return Status(
            422,
            {
                "detail": "Invalid rows; no invitation was sent.",
                "errors": [vars(e) for e in result.errors],
            },
        )
    return Status(201, [invitation_out(i) for i in result.invitations])


@router.delete("/invitations/{invitation_id}", response={204: None, **ERRORS}, tags=["invitations"])
def invitation_revoke(request, invitation_id: int):
    invitation = get_object_or_404(
        visible(request.user, Invitation.objects.all()), pk=invitation_id
    )
    services.invitation_revoke(invitation=invitation, actor=request.user)
    return Status(204, None)
