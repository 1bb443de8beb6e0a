"""The published API contract must not change by accident.

The test compares ``GET /api/v1/openapi.json`` with the committed snapshot. After a deliberate
change of the API, regenerate it and review the diff::

    UPDATE_SNAPSHOTS=1 .venv/bin/pytest ruche/core/tests/test_openapi_snapshot.py
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db

SNAPSHOT = Path(__file__).with_name("openapi.snapshot.json")


def _render(schema: dict) -> str:
    return json.dumps(schema, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def test_openapi_schema_matches_the_snapshot(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    current = _render(response.json())

    if os.environ.get("UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.write_text(current, encoding="utf-8")
        return

    assert SNAPSHOT.exists(), "No snapshot yet: run with UPDATE_SNAPSHOTS=1 to create it."
    expected = SNAPSHOT.read_text(encoding="utf-8")
    assert current == expected, (
        "The OpenAPI schema changed. If the change is intended, run "
        "`UPDATE_SNAPSHOTS=1 .venv/bin/pytest ruche/core/tests/test_openapi_snapshot.py` "
        "and commit the new snapshot."
    )


def test_openapi_schema_does_not_depend_on_the_language(client):
    english = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="en").json()
    french = client.get("/api/v1/openapi.json", HTTP_ACCEPT_LANGUAGE="fr").json()
    assert english == french
