"""Writes about members: profile, avatar, roles, invitations and API tokens."""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_countries import countries
from PIL import Image, ImageOps, UnidentifiedImageError

from ruche.core.conf import COMPANY_NAME
from ruche.core.events import emit
from ruche.core.permissions import Action, can, check
from ruche.core.tasks import send_email

from . import verbs
from .conf import AVATAR_MAX_BYTES, AVATAR_SIZE, INVITATION_CSV_MAX_ROWS, INVITATION_VALID_DAYS
from .models import ApiToken, Invitation, Segment, User
from .roles import STAFF_ROLES, Role

PROFILE_FIELDS = (
    "display_name",
    "segment",
    "organisation",
    "country",
    "language",
    "ui_language",
    "bio",
    "profile_visibility",
)


def member_update_profile(*, member: User, actor: User, **changes) -> User:
    """Change profile fields; unknown fields are refused, the rest validated by the model."""
    if not can(actor, Action.WRITE, member):
        raise PermissionDenied
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This field cannot be changed here.") for name in unknown})
    with transaction.atomic():
        member = User.objects.select_for_update().get(pk=member.pk)
        changed = []
        for name, value in changes.items():
            if value is None and name != "segment":
                continue
            if getattr(member, name) != value:
                setattr(member, name, value)
                changed.append(name)
        if not changed:
            return member
        member.full_clean(exclude=["password", "email", "avatar"])
        member.save(update_fields=changed)
        emit(verbs.profile_updated(member=member, fields=changed, by=actor))
    return member


def member_changed_by_staff(*, member: User, actor: User, fields: list[str]) -> None:
    """Record a change the staff made to a member's account in the admin (saved by the admin)."""
    if fields:
        emit(verbs.profile_updated(member=member, fields=fields, by=actor))


ALLOWED_AVATAR_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
MAX_AVATAR_PIXELS = 40_000_000


def _square_avatar(upload) -> bytes:
    limit = AVATAR_MAX_BYTES.value
    if upload.size > limit:
        raise ValidationError(
            {
                "avatar": _("The picture is too large (at most %(size)s).")
                % {"size": filesizeformat(limit)}
            }
        )
    try:
        upload.seek(0)
        image = Image.open(upload)
        if image.format not in ALLOWED_AVATAR_FORMATS:
            raise ValidationError({"avatar": _("Use a JPEG, PNG, WebP or GIF picture.")})
        if image.width * image.height > MAX_AVATAR_PIXELS:
            raise ValidationError({"avatar": _("The picture has too many pixels.")})
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError({"avatar": _("This file is not a picture we can read.")}) from exc
    image = ImageOps.exif_transpose(image).convert("RGB")
    size = AVATAR_SIZE.value
    image = ImageOps.fit(image, (size, size), method=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, format="WEBP", quality=85)
    return out.getvalue()


def member_set_avatar(*, member: User, actor: User, upload) -> User:
    """Validate an uploaded picture, crop it square, resize it and store it as WebP."""
    if not can(actor, Action.WRITE, member):
        raise PermissionDenied
    content = _square_avatar(upload)
    old = member.avatar.name if member.avatar else None
    with transaction.atomic():
        member.avatar.save("avatar.webp", ContentFile(content), save=False)
        member.save(update_fields=["avatar"])
        emit(verbs.avatar_changed(member=member))
    if old:
        member.avatar.storage.delete(old)
    return member


def member_remove_avatar(*, member: User, actor: User) -> User:
    if not can(actor, Action.WRITE, member):
        raise PermissionDenied
    if member.avatar:
        with transaction.atomic():
            member.avatar.delete(save=False)
            member.save(update_fields=["avatar"])
            emit(verbs.avatar_changed(member=member, removed=True))
    return member


def role_group(role: str) -> Group:
    group, _created = Group.objects.get_or_create(name=role)
    return group


def member_grant_role(*, member: User, role: str, actor: User | None) -> User:
    """Give a role; staff roles also open the administration site.

    ``actor`` None is an invitation being accepted: whoever sent it was allowed to offer the role.
    """
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if actor is not None and not can(actor, "member.grant_role", member, role=role):
        raise PermissionDenied
    with transaction.atomic():
        if role != Role.MEMBER and not member.groups.filter(name=role).exists():
            member.groups.add(role_group(role))
            member.__dict__.pop("role_slugs", None)  # listeners may read the new roles
            emit(verbs.role_granted(member=member, role=role, by=actor))
        member.__dict__.pop("role_slugs", None)
        if role in STAFF_ROLES and not member.is_staff:
            member.is_staff = True
            member.save(update_fields=["is_staff"])
    return member


def member_revoke_role(*, member: User, role: str, actor: User) -> User:
    if not can(actor, "member.revoke_role", member, role=role):
        raise PermissionDenied
    with transaction.atomic():
        if member.groups.filter(name=role).exists():
            member.groups.remove(role_group(role))
            member.__dict__.pop("role_slugs", None)
            emit(verbs.role_revoked(member=member, role=role, by=actor))
        member.__dict__.pop("role_slugs", None)
        if not member.is_superuser and not member.is_staff_member and member.is_staff:
            member.is_staff = False
            member.save(update_fields=["is_staff"])
    return member


def member_set_groups(*, member: User, groups: Iterable[Group], actor: User) -> User:
    """Set a member's groups as the admin's form lists them (administrators only); the roles
    given and taken are recorded as the other ways of giving them are."""
    if not can(actor, "member.change_access", member):
        raise PermissionDenied
    groups = list(groups)
    with transaction.atomic():
        before = set(member.groups.values_list("name", flat=True))
        member.groups.set(groups)
        member.__dict__.pop("role_slugs", None)
        after = {group.name for group in groups}
        for role in sorted(after - before):
            if role in Role.values:
                emit(verbs.role_granted(member=member, role=role, by=actor))
        for role in sorted(before - after):
            if role in Role.values:
                emit(verbs.role_revoked(member=member, role=role, by=actor))
    return member


def member_joined(*, member: User, invited: bool = False) -> None:
    """Record the arrival of a new member (called once, from the sign-up signal)."""
    emit(
        verbs.member_joined(member=member, invited=invited),
        idempotency_key=f"member.joined:{member.pk}",
    )


def member_logged_in(*, member: User) -> None:
    """Record a sign-in (called by allauth's signal)."""
    emit(verbs.logged_in(member=member))


# --- Invitations ----------------------------------------------------------------------------


@dataclass
class InvitationRequest:
    email: str
    role: str = Role.MEMBER
    segment: Segment | None = None
    display_name: str = ""
    organisation: str = ""
    country: str = ""
    language: str = "fr"


def _clean_invitation(inviter: User, request: InvitationRequest) -> dict[str, str]:
    errors: dict[str, str] = {}
    request.email = (request.email or "").strip().lower()
    try:
        validate_email(request.email)
    except ValidationError:
        errors["email"] = _("Enter a valid e-mail address.")
    if request.role not in Role.values:
        errors["role"] = _("Unknown role “%(role)s”.") % {"role": request.role}
    elif not can(inviter, "role.grant", role=request.role):
        errors["role"] = _("You may not give the role “%(role)s”.") % {
            "role": Role(request.role).label
        }
    if request.country and request.country.upper() not in dict(countries):
        errors["country"] = _("Unknown country code “%(code)s”.") % {"code": request.country}
    request.country = (request.country or "").upper()
    if request.language not in dict(settings.MEMBER_LANGUAGES):
        errors["language"] = _("Unknown language “%(code)s”.") % {"code": request.language}
    if len(request.display_name) > 80:
        errors["display_name"] = _("At most 80 characters.")
    if len(request.organisation) > 120:
        errors["organisation"] = _("At most 120 characters.")
    return errors


def _send_invitation(invitation: Invitation, raw_token: str) -> None:
    url = f"{settings.SITE_URL}/invitations/{raw_token}/"
    language = invitation.language if invitation.language in dict(settings.LANGUAGES) else "en"
    with translation.override(language):
        context = {
            "invitation": invitation,
            "url": url,
            "company": COMPANY_NAME.value,
            "inviter": invitation.invited_by,
            "role_label": Role(invitation.role).label,
        }
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation_body.txt", context)
    transaction.on_commit(
        lambda: send_email.delay(subject=subject, body=body, to=[invitation.email])
    )


def _create_invitation(inviter: User, request: InvitationRequest) -> tuple[Invitation, str]:
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=request.email,
        role=request.role,
        segment=request.segment,
        display_name=request.display_name,
        organisation=request.organisation,
        country=request.country,
        language=request.language,
        invited_by=inviter,
        token_hash=Invitation.hash_token(raw),
        expires_at=timezone.now() + timedelta(days=INVITATION_VALID_DAYS.value),
    )
    emit(verbs.invitation_sent(invitation=invitation, inviter=inviter))
    _send_invitation(invitation, raw)
    return invitation, raw


def _pending_invitation_emails(emails: list[str]) -> set[str]:
    return set(
        Invitation.objects.filter(
            email__in=emails,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
        ).values_list("email", flat=True)
    )


def invitation_create(*, inviter: User, request: InvitationRequest) -> tuple[Invitation, str]:
    """Invite one person; returns the invitation and its secret token (sent by e-mail)."""
    check(inviter, "member.invite")
    errors = _clean_invitation(inviter, request)
    if not errors and _pending_invitation_emails([request.email]):
        errors["email"] = _("This address already has a pending invitation.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        return _create_invitation(inviter, request)


@dataclass
class RowError:
    line: int
    field: str
    reason: str


@dataclass
class BulkInvitationResult:
    invitations: list[Invitation] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


CSV_COLUMNS = ("email", "role", "segment", "display_name", "organisation", "country", "language")


def invitation_create_from_csv(*, inviter: User, content: str) -> BulkInvitationResult:
    """Invite everyone in a CSV (header: email, role, segment, display_name, …).

    All rows are checked first; if any row is wrong nothing is sent and every error is listed
    with its line, so the file can be fixed and sent again without duplicates.
    """
    check(inviter, "member.invite")
    result = BulkInvitationResult()
    sample = content.lstrip("\ufeff")
    try:
        dialect = csv.Sniffer().sniff(sample[:2048], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(sample), dialect=dialect)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    if "email" not in header:
        result.errors.append(RowError(1, "email", _("The first line must name an “email” column.")))
        return result
    unknown = [name for name in header if name not in CSV_COLUMNS]
    if unknown:
        result.errors.append(
            RowError(1, unknown[0], _("Unknown column “%(name)s”.") % {"name": unknown[0]})
        )
        return result
    reader.fieldnames = header
    segments = {segment.slug: segment for segment in Segment.objects.all()}
    requests: list[tuple[int, InvitationRequest]] = []
    seen: dict[str, int] = {}
    max_rows = INVITATION_CSV_MAX_ROWS.value
    for count, row in enumerate(reader, start=1):
        # The line in the file (the reader skips blank lines, so counting rows would drift).
        index = reader.line_num
        if count > max_rows:
            result.errors.append(
                RowError(index, "", _("At most %(count)d rows per file.") % {"count": max_rows})
            )
            break
        row = {key: (value or "").strip() for key, value in row.items() if key}
        if not any(row.values()):
            continue
        segment_slug = row.get("segment", "")
        request = InvitationRequest(
            email=row.get("email", ""),
            role=row.get("role") or Role.MEMBER,
            segment=segments.get(segment_slug),
            display_name=row.get("display_name", ""),
            organisation=row.get("organisation", ""),
            country=row.get("country", ""),
            language=row.get("language") or "fr",
        )
        errors = _clean_invitation(inviter, request)
        if segment_slug and segment_slug not in segments:
            errors["segment"] = _("Unknown segment “%(slug)s”.") % {"slug": segment_slug}
        if request.email in seen and "email" not in errors:
            errors["email"] = _("Already on line %(line)d.") % {"line": seen[request.email]}
        seen.setdefault(request.email, index)
        for name, reason in errors.items():
            result.errors.append(RowError(index, name, reason))
        requests.append((index, request))
    if not requests and not result.errors:
        result.errors.append(RowError(2, "email", _("The file has no invitation.")))
    pending = _pending_invitation_emails([request.email for _line, request in requests])
    for line, request in requests:
        if request.email in pending:
            result.errors.append(
                RowError(line, "email", _("This address already has a pending invitation."))
            )
    if result.errors:
        result.errors.sort(key=lambda error: error.line)
        return result
    with transaction.atomic():
        for _line, request in requests:
            invitation, _raw = _create_invitation(inviter, request)
            result.invitations.append(invitation)
    return result


def invitation_find(*, raw_token: str) -> Invitation | None:
    if not raw_token or len(raw_token) > 100:
        return None
    return (
        Invitation.objects.select_related("segment", "invited_by")
        .filter(token_hash=Invitation.hash_token(raw_token))
        .first()
    )


def invitation_accept(*, raw_token: str, member: User) -> Invitation:
    """Accept an invitation: the role, segment and profile details it carries apply to ``member``."""
    with transaction.atomic():
        invitation = invitation_find(raw_token=raw_token)
        if invitation is None:
            raise ValidationError({"token": _("This invitation does not exist.")})
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != "pending":
            raise ValidationError(
                {
                    "token": _("This invitation is %(status)s.")
                    % {"status": invitation.status_label.lower()}
                }
            )
        if invitation.email.lower() != member.email.lower():
            raise ValidationError({"token": _("This invitation was sent to another address.")})
        changed = []
        for name in ("display_name", "organisation", "country"):
            value = getattr(invitation, name)
            if value and not getattr(member, name):
                setattr(member, name, value)
                changed.append(name)
        if invitation.segment_id and not member.segment_id:
            member.segment_id = invitation.segment_id
            changed.append("segment")
        if changed:
            member.save(update_fields=changed)
        member_grant_role(member=member, role=invitation.role, actor=None)
        invitation.accepted_at = timezone.now()
        invitation.accepted_by = member
        invitation.save(update_fields=["accepted_at", "accepted_by"])
        emit(
            verbs.invitation_accepted(invitation=invitation, member=member),
            idempotency_key=f"invitation.accepted:{invitation.pk}",
        )
    return invitation


def invitation_revoke(*, invitation: Invitation, actor: User) -> Invitation:
    if not can(actor, Action.WRITE, invitation):
        raise PermissionDenied
    with transaction.atomic():
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.status != "pending":
            raise ValidationError({"invitation": _("Only a pending invitation can be revoked.")})
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


# --- API tokens -----------------------------------------------------------------------------

MAX_TOKENS_PER_MEMBER = 20
LAST_USED_PRECISION = timedelta(minutes=5)


def api_token_create(
    *, member: User, name: str, expires_at: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a personal token; the raw value is returned once and only its hash is kept."""
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise ValidationError({"name": _("Give the token a name of 1 to 80 characters.")})
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry date must be in the future.")})
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=member.pk).first()
        active = member.api_tokens.filter(revoked_at__isnull=True).count()
        if active >= MAX_TOKENS_PER_MEMBER:
            raise ValidationError(
                {"name": _("At most %(count)d active tokens.") % {"count": MAX_TOKENS_PER_MEMBER}}
            )
        secret = secrets.token_urlsafe(32)
        raw = f"{ApiToken.PREFIX}{secret}"
        token = ApiToken.objects.create(
            user=member,
            name=name,
            key_prefix=raw[: len(ApiToken.PREFIX) + 6],
            key_hash=ApiToken.hash_key(raw),
            expires_at=expires_at,
        )
        emit(verbs.api_token_created(token=token))
    return token, raw


def api_token_revoke(*, member: User, token_id: int) -> ApiToken:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=member).first()
        if token is None:
            raise ApiToken.DoesNotExist
        if token.revoked_at is None:
            token.revoked_at = timezone.now()
            token.save(update_fields=["revoked_at"])
            emit(verbs.api_token_revoked(token=token))
    return token


def api_token_authenticate(*, raw: str) -> User | None:
    """The active member owning this token, or None."""
    if not raw or not raw.startswith(ApiToken.PREFIX) or len(raw) > 100:
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.is_usable or not token.user.is_active:
        return None
    now = timezone.now()
    # Write the last use at most every few minutes, not on every request.
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
