"""Request and response schemas of the forum's API."""

from __future__ import annotations

from datetime import datetime

from ninja import Schema
from pydantic import Field

from ruche.core.schemas import MemberRef, TranslatedRef


class AuthorOut(Schema):
    id: int
    display_name: str
    role: str


class TagOut(Schema):
    slug: str
    name: str


class TopicSummaryOut(Schema):
    id: int
    kind: str
    title: str
    summary: str
    space: TranslatedRef
    product_area: TranslatedRef | None
    tags: list[TagOut]
    author: AuthorOut
    created_at: datetime
    last_activity_at: datetime
    reply_count: int
    like_count: int
    answered_by: str
    is_deleted: bool
    url: str


class TopicPage(Schema):
    items: list[TopicSummaryOut]
    next_cursor: str | None


class TocEntry(Schema):
    level: int
    id: str
    text: str


class TopicOut(TopicSummaryOut):
    body: str
    body_html: str
    toc: list[TocEntry]
    language: str
    reading_minutes: int
    edited_at: datetime | None
    accepted_reply_id: int | None
    liked: bool
    helpful_yes: int
    helpful_no: int
    may_edit: bool
    may_accept: bool
    may_escalate: bool
    may_moderate: bool


class TopicIn(Schema):
    space: str = Field(description="The space's slug.")
    kind: str = Field(description="question, testimonial, discussion or article.")
    title: str
    body: str = Field(description="Markdown.")
    product_area: str | None = Field(None, description="Product area slug.")
    tags: list[str] = []
    summary: str = ""


class TopicEditIn(Schema):
    title: str | None = None
    body: str | None = None
    summary: str | None = None
    tags: list[str] | None = None
    reason: str = Field("", max_length=200)


class TopicTagsIn(Schema):
    tags: list[str] = Field(max_length=20)


class TopicMoveIn(Schema):
    space: str = Field(description="Slug of the space to move the topic to")


class FlagHideIn(Schema):
    reason: str = Field(description="Why it is hidden, at most 200 characters")


class ReplyOut(Schema):
    id: int
    topic_id: int
    parent_id: int | None
    in_reply_to: MemberRef | None
    author: AuthorOut
    is_staff_reply: bool
    body: str
    body_html: str
    created_at: datetime
    edited_at: datetime | None
    like_count: int
    liked: bool
    is_accepted: bool
    is_deleted: bool


class ReplyPage(Schema):
    items: list[ReplyOut]
    next_cursor: str | None


class ReplyIn(Schema):
    body: str = Field(description="Markdown.")
    parent_id: int | None = None


class ReplyEditIn(Schema):
    body: str
    reason: str = Field("", max_length=200)


class RevisionOut(Schema):
    id: int
    created_at: datetime
    editor: MemberRef | None
    title: str
    body: str
    reason: str


class LikeOut(Schema):
    liked: bool
    like_count: int


class AcceptIn(Schema):
    reply_id: int


class AcceptOut(Schema):
    accepted_reply_id: int | None
    answered_by: str


class FollowOut(Schema):
    target_type: str
    target_id: int
    name: str | None = Field(description="Empty when the target is no longer visible to you.")
    created_at: datetime


class FollowPage(Schema):
    items: list[FollowOut]
    next_cursor: str | None


class FollowingOut(Schema):
    following: bool


class EscalationTopicOut(Schema):
    id: int
    title: str
    space: TranslatedRef
    author: MemberRef


class EscalationOut(Schema):
    id: int
    topic: EscalationTopicOut
    reason: str
    state: str
    assigned_to: MemberRef | None
    asked_at: datetime
    escalated_at: datetime
    first_staff_reply_at: datetime | None
    resolved_at: datetime | None


class EscalationPage(Schema):
    items: list[EscalationOut]
    next_cursor: str | None


class EscalationIn(Schema):
    assigned_to: int | None = Field(None, description="A staff member's id, or null to release.")
    state: str | None = Field(None, description="open, answered or resolved.")


class HelpfulIn(Schema):
    helpful: bool


class HelpfulOut(Schema):
    helpful: bool
    helpful_yes: int
    helpful_no: int


class UploadOut(Schema):
    id: int
    url: str
    markdown: str
    width: int
    height: int
