"""Request and response schemas of the ideas API."""

from __future__ import annotations

from datetime import date, datetime

from ninja import Schema
from pydantic import Field

from ruche.core.schemas import MemberRef, TranslatedRef


class StatusOut(Schema):
    id: int
    slug: str
    kind: str
    name: str
    colour: str
    on_roadmap: bool


class IdeaSummaryOut(Schema):
    id: int
    title: str
    status: StatusOut
    product_area: TranslatedRef | None
    space: TranslatedRef
    segments: list[TranslatedRef]
    author: MemberRef
    created_at: datetime
    like_count: int
    counted_like_count: int
    threshold_reached_at: datetime | None
    response_due_at: datetime | None
    first_response_at: datetime | None
    target_quarter: str
    merged_into_id: int | None
    liked: bool
    momentum: int | None = Field(None, description="Likes in the last 30 days (sort=momentum).")
    selected_likes: int | None = Field(
        None, description="Likes from the chosen segment or country (sort=segment/country)."
    )
    url: str


class IdeaPage(Schema):
    items: list[IdeaSummaryOut]
    next_cursor: str | None


class ProgressOut(Schema):
    threshold: int
    counted: int
    remaining: int
    response_days: int
    organisation_cap: int | None


class StatusChangeOut(Schema):
    from_status: StatusOut | None
    to_status: StatusOut
    actor: MemberRef | None
    reason: str
    created_at: datetime


class ResponseOut(Schema):
    id: int
    idea_id: int
    version: int | None
    is_draft: bool
    author: MemberRef
    decision: StatusOut
    rationale: str
    rationale_html: str
    reason_category: str
    workaround: str
    reconsider_conditions: str
    target_quarter: str
    release_id: int | None
    created_at: datetime
    published_at: datetime | None


class CountOut(Schema):
    label: str
    count: int


class BreakdownOut(Schema):
    segments: list[CountOut]
    countries: list[CountOut]
    organisations: list[CountOut]
    on_behalf: int


class IdeaOut(IdeaSummaryOut):
    problem: str
    problem_html: str
    solution: str
    solution_html: str
    tags: list[str]
    following: bool
    progress: ProgressOut
    responses: list[ResponseOut]
    history: list[StatusChangeOut]
    breakdown: BreakdownOut | None = Field(None, description="Staff only.")
    may_edit: bool
    may_answer: bool
    is_deleted: bool = Field(description="Deleted ideas are shown to moderators only.")
    may_delete: bool
    may_restore: bool


class IdeaIn(Schema):
    space: str = Field(description="The space's slug.")
    title: str
    problem: str = Field(description="Markdown: what gets in the way today.")
    solution: str = Field("", description="Markdown: what you propose.")
    product_area: str | None = Field(None, description="Product area slug.")
    segments: list[str] = Field([], description="Slugs of the segments who benefit.")
    tags: list[str] = []


class IdeaEditIn(Schema):
    title: str | None = None
    problem: str | None = None
    solution: str | None = None
    segments: list[str] | None = None
    tags: list[str] | None = None
    reason: str = Field("", max_length=200)


class LikeOut(Schema):
    liked: bool
    like_count: int
    counted_like_count: int
    threshold_reached: bool


class OnBehalfIn(Schema):
    member_id: int = Field(description="The customer the like is recorded for.")


class FollowingOut(Schema):
    following: bool


class StatusIn(Schema):
    status: str = Field(description="The status's slug.")
    reason: str = Field("", max_length=300)


class ResponseIn(Schema):
    decision: str = Field(description="Slug of the decided status.")
    rationale: str = Field(description="Markdown; a minimum length applies.")
    reason_category: str = ""
    workaround: str = ""
    reconsider_conditions: str = ""
    target_quarter: str = Field("", description="Like 2027-Q1.")
    release_id: int | None = None
    publish: bool = Field(False, description="Publish now; otherwise keep as a draft.")


class TemplateOut(Schema):
    id: int
    name: str
    decision: str | None
    reason_category: str
    rationale: str
    workaround: str
    reconsider_conditions: str


class MergeIn(Schema):
    original_id: int
    reason: str = Field("", max_length=300)


class MergeOut(Schema):
    id: int
    duplicate_id: int
    original_id: int
    merged_at: datetime
    undone_at: datetime | None


class ReleaseIn(Schema):
    title: str
    notes: str = Field(description="Markdown.")
    released_on: date
    product_areas: list[str] = []
    idea_ids: list[int] = []


class ReleaseOut(Schema):
    id: int
    title: str
    notes: str
    notes_html: str
    released_on: date
    product_areas: list[TranslatedRef]
    idea_ids: list[int]
    published_at: datetime | None


class RoadmapOut(Schema):
    planned: list[IdeaSummaryOut]
    in_progress: list[IdeaSummaryOut]
    released: list[IdeaSummaryOut]


class AccountabilityRow(Schema):
    label: str
    reached: int
    answered: int
    answered_in_time: int
    overdue: int
    share_in_time: int | None
    median_days: float | None


class AccountabilityOut(Schema):
    overall: AccountabilityRow
    per_area: list[AccountabilityRow]
    per_month: list[AccountabilityRow]
