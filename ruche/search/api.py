from __future__ import annotations

from datetime import datetime
from typing import Literal

from ninja import Query, Router, Schema
from pydantic import Field

from ruche.core.api import ANYONE, ErrorOut
from ruche.core.schemas import MemberRef, TranslatedRef, member_ref, translated_ref
from ruche.forum.models import Topic

from . import selectors

router = Router(tags=["search"])
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class SearchHitOut(Schema):
    type: Literal["topic", "reply"]
    topic_id: int
    reply_id: int | None
    title: str
    kind: str
    space: TranslatedRef
    url: str
    excerpt_html: str = Field(description="Plain text, escaped; matches are in <mark>.")
    title_match: bool
    author: MemberRef
    created_at: datetime
    answered: bool


class SearchPageOut(Schema):
    items: list[SearchHitOut]
    page: int
    next_page: int | None


class SimilarTopicOut(Schema):
    id: int
    title: str
    kind: str
    space: TranslatedRef
    url: str
    answered: bool
    reply_count: int


def hit_out(hit: selectors.SearchHit) -> dict:
    return {
        "type": "reply" if hit.reply else "topic",
        "topic_id": hit.topic.pk,
        "reply_id": hit.reply.pk if hit.reply else None,
        "title": hit.topic.title,
        "kind": hit.topic.kind,
        "space": translated_ref(hit.topic.space),
        "url": hit.url,
        "excerpt_html": str(hit.excerpt),
        "title_match": hit.title_hit,
        "author": member_ref(hit.author),
        "created_at": hit.created_at,
        "answered": bool(hit.topic.answered_by),
    }


def similar_out(topic: Topic) -> dict:
    return {
        "id": topic.pk,
        "title": topic.title,
        "kind": topic.kind,
        "space": translated_ref(topic.space),
        "url": topic.get_absolute_url(),
        "answered": bool(topic.answered_by),
        "reply_count": topic.reply_count,
    }


class SearchParams(Schema):
    q: str = Field("", max_length=selectors.MAX_QUERY_CHARS, description="Words to look for.")
    kind: str = Field("", description="question, testimonial, discussion or article.")
    space: str = Field("", description="Space slug.")
    area: str = Field("", description="Product area slug.")
    tag: str = Field("", description="Tag slug.")
    answered: Literal["", "yes", "no"] = ""
    date_from: str = Field("", alias="from", description="Posted on or after (YYYY-MM-DD).")
    date_to: str = Field("", alias="to", description="Posted on or before (YYYY-MM-DD).")
    page: int = Field(1, ge=1, le=selectors.MAX_PAGES)


@router.get(
    "/search",
    response={200: SearchPageOut, **ERRORS},
    auth=ANYONE,
    summary="Search topics, replies and articles you may see",
)
def search(request, params: Query[SearchParams]):
    filters = selectors.search_filters(
        kind=params.kind,
        space=params.space,
        area=params.area,
        tag=params.tag,
        answered=params.answered,
        date_from=params.date_from,
        date_to=params.date_to,
    )
    results = selectors.search(
        viewer=request.user, query=params.q, filters=filters, page=params.page
    )
    return {
        "items": [hit_out(hit) for hit in results.hits],
        "page": results.page,
        "next_page": results.next_page,
    }


@router.get(
    "/topics/similar",
    response={200: list[SimilarTopicOut], **ERRORS},
    auth=ANYONE,
    tags=["forum"],
    summary="Topics similar to a title being typed",
)
def similar(
    request,
    title: str = Query(..., max_length=selectors.MAX_QUERY_CHARS),
    limit: int = Query(5, ge=1, le=20),
):
    topics = selectors.similar_topics(viewer=request.user, title=title, limit=limit)
    return [similar_out(topic) for topic in topics]
