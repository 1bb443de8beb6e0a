"""Articles' helpful vote and pictures uploaded for posts."""

from __future__ import annotations

from ninja import File, Status
from ninja.files import UploadedFile

from .. import services
from .common import ERRORS, router, topic_for
from .schemas import HelpfulIn, HelpfulOut, UploadOut


@router.put(
    "/topics/{topic_id}/helpful",
    response={200: HelpfulOut, **ERRORS},
    summary="Say whether an article helped you (changeable)",
)
def article_vote(request, topic_id: int, payload: HelpfulIn):
    topic = services.article_vote(
        topic=topic_for(request, topic_id), member=request.user, helpful=payload.helpful
    )
    return {
        "helpful": payload.helpful,
        "helpful_yes": topic.helpful_yes,
        "helpful_no": topic.helpful_no,
    }


@router.post("/uploads", response={201: UploadOut, **ERRORS}, summary="Upload a picture for a post")
def upload(request, file: File[UploadedFile]):
    stored = services.upload_image(uploader=request.user, upload=file)
    url = stored.file.url
    return Status(
        201,
        {
            "id": stored.pk,
            "url": url,
            "markdown": f"![]({url})",
            "width": stored.width,
            "height": stored.height,
        },
    )
