"""Bulk writes the demo seeds share (COPY on PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from psycopg.copy import QueuedLibpqWriter

BATCH_SIZE = 5000


def copy_rows(cursor, table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """COPY rows in (PostgreSQL); a writer thread sends data while this one formats the next rows.

    ``cursor`` is Django's cursor wrapper or the psycopg cursor under it.
    """
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    raw = cursor.cursor if hasattr(cursor, "cursor") else cursor
    statement = f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
    with raw.copy(statement, writer=QueuedLibpqWriter(raw)) as copy:
        for row in rows:
            copy.write_row(row)
