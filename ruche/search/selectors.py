"""Full-text search and similar topics, always narrowed to what the visitor may see.

PostgreSQL: GIN-indexed weighted vectors in each post's language (see the migration), queried in
every configuration at once (the query's language is unknown) plus ``ruche_simple`` for short
words and product names; ranked by ``ts_rank`` over the weighted vectors (``ts_rank_cd`` took
20 times longer with a query in eight configurations), highlighted by ``ts_headline``.
SQLite (the demo): the same behaviour with Python functions (``ruche.search.sqlite``).

Results are topics and replies mixed. Topics whose title holds every word come first, then by
rank.

Ranking reads every matching row, which is seconds when a word is in hundreds of thousands of
posts. On PostgreSQL the rows ranked are therefore found first, cheaply (``_candidates``): for a
query the planner's statistics say is common (in ``COMMON_SHARE`` of the posts or more), the newest
matches (a backward scan of the newest posts finds plenty at once, where the GIN index would first
list hundreds of thousands); for any other, every match, through the GIN index (capped at
``MAX_CANDIDATES``). So a very common word is ranked among its ``RECENT_CANDIDATES`` newest
matches per kind of post, and any other query among all of them. Pages are numbered and bounded (``MAX_PAGES`` of ``PAGE_SIZE``): relevance has no stable
key to resume from, and nobody reads page 50 of a search.
"""

from __future__ import annotations

import functools
import json
import time as time_module
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import BooleanField, FloatField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ruche.core.permissions import visible
from ruche.forum import kinds
from ruche.forum.models import Reply, Topic

from . import text
from .sqlite import TITLE_BONUS

PAGE_SIZE = 20
MAX_PAGES = 10
# PostgreSQL candidates (see the module's docstring).
COMMON_SHARE = 0.05
NEWEST_WINDOW = 10_000  # = RECENT_CANDIDATES / COMMON_SHARE
RECENT_CANDIDATES = 500
MAX_CANDIDATES = 20_000
MAX_QUERY_CHARS = 200
SIMILAR_MIN_CHARS = 3

_CONFIGS = [f"ruche_{code}" for code in text.STEMMERS] + ["ruche_simple"]
# Columns kept by a trigger on PostgreSQL (see the migration), each with its GIN index.
_TOPIC_VECTOR = '"forum_topic"."search_vector"'
_REPLY_VECTOR = '"forum_reply"."search_vector"'
# The query in every configuration at once, with what several configurations agree on said once
# (``_pg_tsquery``): each row's match and rank cost grows with the size of the query.
_TSQUERY = "%s::tsquery"
_HEADLINE_OPTIONS = (
    f"StartSel={text.MARK_START}, StopSel={text.MARK_STOP}, "
    'MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "'
)


def _raw(sql: str, params: list, output_field) -> RawSQL:
    """SQL built only from this module's constants; what visitors type always goes in ``params``."""
    return RawSQL(sql, params, output_field=output_field)  # noqa: S611


@functools.lru_cache(maxsize=4096)
def _pg_tsquery(query: str) -> str:
    """``query`` as a tsquery in every configuration, OR-ed, each distinct reading once."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT string_agg(DISTINCT '(' || q::text || ')', ' | ') "
            "FROM (SELECT websearch_to_tsquery(c::regconfig, %s) AS q "
            "FROM unnest(%s::text[]) AS c) AS readings WHERE q::text <> ''",
            [query, _CONFIGS],
        )
        return cursor.fetchone()[0] or ""


def _postgres() -> bool:
    return connection.vendor == "postgresql"


@dataclass(frozen=True)
class SearchFilters:
    kind: str = ""
    space: str = ""  # space slug
    area: str = ""  # product area slug
    tag: str = ""  # tag slug
    answered: bool | None = None
    date_from: date | None = None
    date_to: date | None = None

    @property
    def any(self) -> bool:
        return any([self.kind, self.space, self.area, self.tag, self.date_from, self.date_to]) or (
            self.answered is not None
        )


def search_filters(
    *,
    kind: str = "",
    space: str = "",
    area: str = "",
    tag: str = "",
    answered: str = "",
    date_from: str = "",
    date_to: str = "",
) -> SearchFilters:
    """Filters from request parameters; a ValidationError names each wrong parameter."""
    errors: dict[str, str] = {}
    if kind and kind not in kinds.names(searchable=True):
        errors["kind"] = _("Unknown kind of topic.")
    if answered not in {"", "yes", "no"}:
        errors["answered"] = _("Choose yes or no.")
    dates: dict[str, date | None] = {}
    for name, value in (("from", date_from), ("to", date_to)):
        dates[name] = None
        if value:
            try:
                dates[name] = date.fromisoformat(value)
            except ValueError:
                errors[name] = _("Enter a date as YYYY-MM-DD.")
    if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
        errors["to"] = _("The end date is before the start date.")
    if errors:
        raise ValidationError(errors)
    return SearchFilters(
        kind=kind,
        space=space.strip()[:60],
        area=area.strip()[:60],
        tag=tag.strip()[:50],
        answered={"yes": True, "no": False}.get(answered),
        date_from=dates["from"],
        date_to=dates["to"],
    )


@dataclass
class SearchHit:
    topic: Topic
    reply: Reply | None
    excerpt: SafeString
    title_hit: bool
    rank: float

    @property
    def url(self) -> str:
        return self.reply.get_absolute_url() if self.reply else self.topic.get_absolute_url()

    @property
    def created_at(self) -> datetime:
        return (self.reply or self.topic).created_at

    @property
    def author(self):
        return (self.reply or self.topic).author


@dataclass
class SearchResults:
    hits: list[SearchHit] = field(default_factory=list)
    page: int = 1
    has_next: bool = False

    @property
    def next_page(self) -> int | None:
        return self.page + 1 if self.has_next else None

    @property
    def previous_page(self) -> int | None:
        return self.page - 1 if self.page > 1 else None


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filtered(queryset: QuerySet, filters: SearchFilters, topic: str) -> QuerySet:
    """Apply the filters; ``topic`` is the path from the queryset's rows to their topic."""
    if filters.kind:
        queryset = queryset.filter(**{f"{topic}kind": filters.kind})
    if filters.space:
        queryset = queryset.filter(**{f"{topic}space__slug": filters.space})
    if filters.area:
        queryset = queryset.filter(**{f"{topic}product_area__slug": filters.area})
    if filters.tag:
        queryset = queryset.filter(**{f"{topic}tags__slug": filters.tag})
    if filters.answered is True:
        queryset = queryset.exclude(**{f"{topic}answered_by": ""})
    elif filters.answered is False:
        queryset = queryset.filter(**{f"{topic}answered_by": ""})
    if filters.date_from:
        queryset = queryset.filter(created_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        queryset = queryset.filter(created_at__lt=_day_start(filters.date_to + timedelta(days=1)))
    return queryset


def _unsearchable_kinds() -> list[str]:
    """Kinds of thread whose policy keeps them out of search (declared by their host app)."""
    return kinds.names(searchable=False)


def _visible_topics(viewer, *, searchable_only: bool = True) -> QuerySet[Topic]:
    # Deleted topics stay out of search even for moderators, who see them in the forum.
    queryset = visible(viewer, Topic.objects.filter(is_deleted=False))
    unsearchable = _unsearchable_kinds() if searchable_only else []
    return queryset.exclude(kind__in=unsearchable) if unsearchable else queryset


def _visible_replies(viewer) -> QuerySet[Reply]:
    queryset = visible(viewer, Reply.objects.filter(is_deleted=False, topic__is_deleted=False))
    unsearchable = _unsearchable_kinds()
    return queryset.exclude(topic__kind__in=unsearchable) if unsearchable else queryset


def _ranked(queryset: QuerySet, *, query: str, terms: list[list[str]], model: type) -> QuerySet:
    """Matching rows annotated with ``title_hit`` and ``search_rank``, best first."""
    if _postgres():
        vector = _TOPIC_VECTOR if model is Topic else _REPLY_VECTOR
        params = [_pg_tsquery(query)]
        queryset = queryset.filter(
            _raw(f"{vector} @@ {_TSQUERY}", params, BooleanField())
        ).annotate(
            search_rank=_raw(f"ts_rank({vector}, {_TSQUERY})", params, FloatField()),
            title_hit=_raw(f"ts_filter({vector}, '{{a}}') @@ {_TSQUERY}", params, BooleanField()),
        )
        return queryset.order_by("-title_hit", "-search_rank", "-id")
    table = model._meta.db_table
    summary = '"forum_topic"."summary"' if model is Topic else "''"
    title = '"forum_topic"."title"' if model is Topic else "''"
    score = _raw(
        f'ruche_search_score(%s, "{table}"."language", {title}, {summary}, "{table}"."body")',
        [json.dumps(terms)],
        FloatField(),
    )
    return (
        queryset.annotate(search_rank=score)
        .filter(search_rank__gt=0)
        .order_by("-search_rank", "-id")
    )


def _candidates(model: type, query: str, *, newest: bool) -> list[int]:
    """Ids of matching rows to rank: the newest matches, or (``newest=False``) all of them."""
    table = model._meta.db_table  # a module constant: Topic or Reply
    params = [_pg_tsquery(query)]
    with transaction.atomic(), connection.cursor() as cursor:
        if newest:
            # A backward scan of the newest rows: cheap, and stops early for a common word.
            cursor.execute(
                f"SELECT id FROM (SELECT id, search_vector FROM {table} "  # noqa: S608
                "WHERE NOT is_deleted ORDER BY id DESC LIMIT %s) AS newest "
                f"WHERE search_vector @@ {_TSQUERY} ORDER BY id DESC LIMIT %s",
                [NEWEST_WINDOW, *params, RECENT_CANDIDATES],
            )
        else:
            # Through the GIN index whatever the planner guesses: its estimate for a rare word
            # is often far too high, and a full scan then takes seconds.
            cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
            cursor.execute(
                f"SELECT id FROM {table} WHERE NOT is_deleted "  # noqa: S608
                f"AND search_vector @@ {_TSQUERY} LIMIT %s",
                [*params, MAX_CANDIDATES],
            )
        return [row[0] for row in cursor.fetchall()]


def _is_common(model: type, query: str) -> bool:
    """Whether the planner expects ``query`` in ``COMMON_SHARE`` of the rows or more (no scan)."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {table} "  # noqa: S608
            f"WHERE search_vector @@ {_TSQUERY}",
            [_pg_tsquery(query)],
        )
        plan = cursor.fetchone()[0]
        expected = (json.loads(plan) if isinstance(plan, str) else plan)[0]["Plan"]["Plan Rows"]
    total = _row_estimate(table)
    return total > NEWEST_WINDOW and expected >= COMMON_SHARE * total


_ROW_ESTIMATES: dict[str, tuple[float, float]] = {}  # table: (estimate, when read)


def _row_estimate(table: str) -> float:
    """The table's size as the statistics know it, read again every few minutes."""
    now = time_module.monotonic()
    known = _ROW_ESTIMATES.get(table)
    if known is None or now - known[1] > 300:
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [table])
            known = (float(cursor.fetchone()[0]), now)
        _ROW_ESTIMATES[table] = known
    return known[0]


def _best_of(queryset: QuerySet, *, model: type, query: str, count: int) -> list:
    """The ``count`` best rows of ``queryset`` (already filtered and ranked)."""
    if not _postgres():
        return _best(queryset, count)
    recent = _candidates(model, query, newest=True) if _is_common(model, query) else []
    if len(recent) >= RECENT_CANDIDATES:
        rows = _best(queryset.filter(id__in=recent), count)
        if len(rows) >= min(count, len(recent)):
            return rows
        # The filters or the visitor's rights leave too few of the newest: look at them all.
    return _best(queryset.filter(id__in=_candidates(model, query, newest=False)), count)


def _best(queryset: QuerySet, count: int) -> list[tuple[int, bool, float]]:
    if _postgres():
        rows = queryset.values_list("id", "title_hit", "search_rank")[:count]
        return [(pk, bool(hit), float(rank)) for pk, hit, rank in rows]
    rows = queryset.values_list("id", "search_rank")[:count]
    return [(pk, rank >= TITLE_BONUS, float(rank)) for pk, rank in rows]


def _excerpts(sources: list[tuple[str, str]], query: str, terms: list[list[str]]) -> list:
    """Highlighted excerpts of (plain text, language) pairs, in one query on PostgreSQL."""
    if not sources:
        return []
    if not _postgres():
        return [text.highlight(source, terms, lang) for source, lang in sources]
    # Module constants only; the texts and the query are parameters.
    sql = (
        f"SELECT ts_headline(ruche_search_config(x.lang), x.body, {_TSQUERY}, %s) "  # noqa: S608
        "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS x(body, lang, n) ORDER BY x.n"
    )
    params = [
        _pg_tsquery(query),
        _HEADLINE_OPTIONS,
        [source for source, _lang in sources],
        [lang for _source, lang in sources],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [text.marked_to_html(row[0]) for row in cursor.fetchall()]


def search(
    *,
    viewer,
    query: str,
    filters: SearchFilters | None = None,
    page: int = 1,
    size: int = PAGE_SIZE,
) -> SearchResults:
    """Topics and replies matching ``query`` that ``viewer`` may see, best first.

    Five queries whatever the page: best topic ids, best reply ids, the page's topics, its
    replies, and the excerpts (PostgreSQL). Without words but with filters, the newest topics
    matching the filters.
    """
    filters = filters or SearchFilters()
    page = max(1, min(page, MAX_PAGES))
    query = query.strip()[:MAX_QUERY_CHARS]
    terms = text.query_terms(query)
    if not terms:
        if filters.any:
            return _browse(viewer=viewer, filters=filters, page=page, size=size)
        return SearchResults(page=page)
    wanted = page * size + 1
    topics = _ranked(
        _filtered(_visible_topics(viewer), filters, ""), query=query, terms=terms, model=Topic
    )
    replies = _ranked(
        _filtered(_visible_replies(viewer), filters, "topic__"),
        query=query,
        terms=terms,
        model=Reply,
    )
    merged = sorted(
        [("topic", *row) for row in _best_of(topics, model=Topic, query=query, count=wanted)]
        + [("reply", *row) for row in _best_of(replies, model=Reply, query=query, count=wanted)],
        key=lambda row: (row[2], row[3], row[1]),
        reverse=True,
    )
    chosen = merged[(page - 1) * size : page * size]
    topic_ids = [pk for kind, pk, *_rest in chosen if kind == "topic"]
    reply_ids = [pk for kind, pk, *_rest in chosen if kind == "reply"]
    topic_rows = Topic.objects.select_related("space", "author", "product_area").in_bulk(topic_ids)
    reply_rows = Reply.objects.select_related(
        "topic", "topic__space", "topic__product_area", "author"
    ).in_bulk(reply_ids)
    posts = []
    for kind, pk, title_hit, rank in chosen:
        post = topic_rows.get(pk) if kind == "topic" else reply_rows.get(pk)
        if post is not None:  # deleted between the two queries
            posts.append((post, title_hit, rank))
    excerpts = _excerpts(
        [(text.excerpt_source(post.body), post.language) for post, _hit, _rank in posts],
        query,
        terms,
    )
    hits = [
        SearchHit(
            topic=post if isinstance(post, Topic) else post.topic,
            reply=post if isinstance(post, Reply) else None,
            excerpt=excerpt,
            title_hit=title_hit,
            rank=rank,
        )
        for (post, title_hit, rank), excerpt in zip(posts, excerpts, strict=True)
    ]
    return SearchResults(hits=hits, page=page, has_next=len(merged) > page * size)


def _browse(*, viewer, filters: SearchFilters, page: int, size: int) -> SearchResults:
    queryset = (
        _filtered(_visible_topics(viewer), filters, "")
        .select_related("space", "author", "product_area")
        .order_by("-created_at", "-id")
    )
    rows = list(queryset[(page - 1) * size : page * size + 1])
    hits = [
        SearchHit(
            topic=topic,
            reply=None,
            excerpt=text.highlight(text.excerpt_source(topic.body), [], topic.language),
            title_hit=False,
            rank=0.0,
        )
        for topic in rows[:size]
    ]
    return SearchResults(hits=hits, page=page, has_next=len(rows) > size)


def similar_topics(*, viewer, title: str, limit: int = 5, kind: str | None = None) -> list[Topic]:
    """Topics whose title (or summary) shares words with ``title``, e.g. while a question is typed.

    Any significant word may match (stemmed, accents folded, in any order); more shared words rank
    higher. Inputs shorter than ``SIMILAR_MIN_CHARS`` or made only of stop words find nothing.
    """
    title = (title or "").strip()[:MAX_QUERY_CHARS]
    if len(title) < SIMILAR_MIN_CHARS:
        return []
    words = text.significant_words(title)
    if not words:
        return []
    limit = max(1, min(limit, 20))
    # A host app looks among its own kind (similar ideas), searchable or not; the forum among
    # the kinds it lists.
    queryset = _visible_topics(viewer, searchable_only=not kind).select_related("space", "author")
    if kind:
        queryset = queryset.filter(kind=kind)
    else:
        unlisted = kinds.names(listed_in_forum=False)
        if unlisted:
            queryset = queryset.exclude(kind__in=unlisted)
    if _postgres():
        query = " or ".join(words)
        params = [_pg_tsquery(query)]
        headings = f"ts_filter({_TOPIC_VECTOR}, '{{a,b}}')"
        queryset = (
            queryset.filter(_raw(f"{_TOPIC_VECTOR} @@ {_TSQUERY}", params, BooleanField()))
            .filter(_raw(f"{headings} @@ {_TSQUERY}", params, BooleanField()))
            .annotate(similarity=_raw(f"ts_rank({headings}, {_TSQUERY})", params, FloatField()))
        )
    else:
        terms = [[w, *(text.stem(w, lang) for lang in text.STEMMERS)] for w in words]
        queryset = queryset.annotate(
            similarity=_raw(
                'ruche_search_similarity(%s, "forum_topic"."language", '
                '"forum_topic"."title", "forum_topic"."summary")',
                [json.dumps(terms)],
                FloatField(),
            )
        ).filter(similarity__gt=0)
    return list(queryset.order_by("-similarity", "-id")[:limit])
