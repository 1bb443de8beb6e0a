"""Articles' "was this helpful?" vote and pictures uploaded for posts."""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from ruche.accounts.models import User
from ruche.core.events import emit
from ruche.core.permissions import check_see

from .. import verbs
from ..conf import UPLOAD_MAX_BYTES
from ..models import HelpfulVote, Topic, TopicKind, Upload


def article_vote(*, topic: Topic, member: User, helpful: bool) -> Topic:
    """'Was this helpful?': one vote per member, which they may change."""
    check_see(member, topic)
    if not member.is_authenticated:
        raise PermissionDenied
    if topic.kind != TopicKind.ARTICLE:
        raise ValidationError({"topic": _("Only articles take this vote.")})
    with transaction.atomic():
        Topic.objects.select_for_update().filter(pk=topic.pk).first()
        vote = HelpfulVote.objects.filter(topic=topic, member=member).first()
        if vote is not None and vote.helpful == helpful:
            return topic
        if vote is None:
            HelpfulVote.objects.create(topic=topic, member=member, helpful=helpful)
        else:
            vote.helpful = helpful
            vote.save(update_fields=["helpful"])
            field = "helpful_no" if helpful else "helpful_yes"
            Topic.objects.filter(pk=topic.pk).update(**{field: F(field) - 1})
        field = "helpful_yes" if helpful else "helpful_no"
        Topic.objects.filter(pk=topic.pk).update(**{field: F(field) + 1})
        emit(verbs.article_voted(topic=topic, member=member, helpful=helpful))
    topic.refresh_from_db()
    return topic


ALLOWED_UPLOAD_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}


def upload_image(*, uploader: User, upload) -> Upload:
    """Store a picture for a post after checking it really is a picture of a sensible size."""
    if not uploader.is_authenticated:
        raise PermissionDenied
    limit = UPLOAD_MAX_BYTES.value
    if upload.size > limit:
        raise ValidationError({"file": _("The picture is too large.")})
    try:
        upload.seek(0)
        image = Image.open(upload)
        image_format = image.format
        if image_format not in ALLOWED_UPLOAD_FORMATS:
            raise ValidationError({"file": _("Use a JPEG, PNG, WebP or GIF picture.")})
        if image.width * image.height > 40_000_000:
            raise ValidationError({"file": _("The picture has too many pixels.")})
        image.verify()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError({"file": _("This file is not a picture we can read.")}) from exc
    upload.seek(0)
    # Re-encode, which drops metadata (location…) and anything appended to the file.
    image = Image.open(upload)
    out = io.BytesIO()
    if image_format == "GIF":
        upload.seek(0)
        out.write(upload.read())
    else:
        if image_format == "JPEG":
            image = image.convert("RGB")
        image.save(out, format=image_format)
    with transaction.atomic():
        stored = Upload(uploader=uploader, width=image.width, height=image.height)
        stored.file.save(
            f"picture.{ALLOWED_UPLOAD_FORMATS[image_format]}",
            ContentFile(out.getvalue()),
            save=False,
        )
        stored.save()
        emit(verbs.image_uploaded(upload=stored))
    return stored
