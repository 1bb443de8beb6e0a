"""Search functions for SQLite, the embedded demo's database, registered on each connection.

The demo has a few hundred posts: matching them in Python (with cached word forms) is fast enough
and finds what PostgreSQL's full-text search finds, without an index to keep in sync.
"""

from __future__ import annotations

import json
from functools import lru_cache

from .text import document_forms

TITLE_BONUS = 1000.0


@lru_cache(maxsize=64)
def _terms(terms_json: str) -> list[frozenset[str]]:
    return [frozenset(forms) for forms in json.loads(terms_json)]


def _occurrences(forms: frozenset[str], counts: dict[str, int]) -> int:
    return max((counts.get(form, 0) for form in forms), default=0)


def score(terms_json: str, language: str, title: str, summary: str, body: str) -> float:
    """0 unless every term occurs somewhere; a post whose title holds every term ranks first."""
    terms = _terms(terms_json)
    if not terms:
        return 0.0
    fields = [document_forms(text or "", language or "") for text in (title, summary, body)]
    total = 0.0
    in_title = 0
    for forms in terms:
        title_count, summary_count, body_count = (_occurrences(forms, f) for f in fields)
        if not (title_count or summary_count or body_count):
            return 0.0
        in_title += bool(title_count)
        total += 1.0 * bool(title_count) + 0.4 * bool(summary_count) + 0.1 * min(body_count, 10)
    return total + (TITLE_BONUS if in_title == len(terms) else 0.0)


def similarity(terms_json: str, language: str, title: str, summary: str) -> float:
    """How many of the terms a topic's title (and, less, its summary) holds."""
    title_forms = document_forms(title or "", language or "")
    summary_forms = document_forms(summary or "", language or "")
    total = 0.0
    for forms in _terms(terms_json):
        total += 1.0 * bool(_occurrences(forms, title_forms))
        total += 0.4 * bool(_occurrences(forms, summary_forms))
    return total


def register_functions(sender, connection, **kwargs) -> None:
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function("ruche_search_score", 5, score, deterministic=True)
    connection.connection.create_function(
        "ruche_search_similarity", 4, similarity, deterministic=True
    )
