"""Keyset ("cursor") pagination: the cost of a page does not grow with how deep it is."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.dateparse import parse_datetime


class InvalidCursor(ValueError):
    pass


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor(str(exc)) from exc
    if not isinstance(values, list):
        raise InvalidCursor("cursor must encode a list")
    return values


@dataclass
class Page:
    items: list
    next_cursor: str | None


def paginate_desc(
    queryset: QuerySet, *, field: str, cursor: str | None, size: int, tiebreak: str = "pk"
) -> Page:
    """Newest first on ``field`` (a datetime or number), ties broken by ``tiebreak``."""
    queryset = queryset.order_by(f"-{field}", f"-{tiebreak}")
    if cursor:
        values = decode_cursor(cursor)
        if len(values) != 2:
            raise InvalidCursor("cursor has the wrong shape")
        value, last_id = values
        if isinstance(value, str):
            parsed = parse_datetime(value)
            if parsed is None:
                raise InvalidCursor("cursor date is invalid")
            value = parsed
        queryset = queryset.filter(
            Q(**{f"{field}__lt": value}) | Q(**{field: value, f"{tiebreak}__lt": last_id})
        )
    rows = list(queryset[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, field), getattr(last, tiebreak)])
    return Page(items=rows, next_cursor=next_cursor)


def paginate_asc(
    queryset: QuerySet, *, field: str, cursor: str | None, size: int, tiebreak: str = "pk"
) -> Page:
    """Ascending on ``field`` (text or number), ties broken by ``tiebreak``."""
    queryset = queryset.order_by(field, tiebreak)
    if cursor:
        values = decode_cursor(cursor)
        if len(values) != 2:
            raise InvalidCursor("cursor has the wrong shape")
        value, last_id = values
        queryset = queryset.filter(
            Q(**{f"{field}__gt": value}) | Q(**{field: value, f"{tiebreak}__gt": last_id})
        )
    rows = list(queryset[: size + 1])
    next_cursor = None
    if len(rows) > size:
        rows = rows[:size]
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, field), getattr(last, tiebreak)])
    return Page(items=rows, next_cursor=next_cursor)
