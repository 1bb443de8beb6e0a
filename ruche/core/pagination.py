"""Keyset ("cursor") pagination: the cost of a page does not grow with how deep it is."""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet


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


def _cursor_values(queryset: QuerySet, cursor: str, names: tuple[str, str]) -> list[Any]:
    """Decode a cursor and convert each value as its model field does; anything else is invalid.

    A cursor comes from the client: an impossible date, a text id or a null must be a clean
    "invalid cursor", never a server error.
    """
    values = decode_cursor(cursor)
    if len(values) != len(names):
        raise InvalidCursor("cursor has the wrong shape")
    meta = queryset.model._meta
    converted = []
    for name, value in zip(names, values, strict=True):
        if value is None or isinstance(value, bool | list | dict):
            raise InvalidCursor(f"cursor value for {name} has the wrong type")
        field = meta.pk if name == "pk" else meta.get_field(name)
        try:
            value = field.to_python(value)
            field.run_validators(value)  # e.g. an id beyond the column's range
        except (ValidationError, TypeError, ValueError) as exc:
            raise InvalidCursor(f"cursor value for {name} is invalid") from exc
        converted.append(value)
    return converted


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
        value, last_id = _cursor_values(queryset, cursor, (field, tiebreak))
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
        value, last_id = _cursor_values(queryset, cursor, (field, tiebreak))
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
