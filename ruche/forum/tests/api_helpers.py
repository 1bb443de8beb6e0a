"""Helpers of the forum API tests."""

from __future__ import annotations

import io
import json

from PIL import Image

API = "/api/v1"


def call(client, method: str, url: str, body: dict | None = None):
    """One JSON request; ``body`` None sends no payload."""
    send = getattr(client, method.lower())
    if body is None:
        return send(f"{API}{url}")
    return send(f"{API}{url}", data=json.dumps(body), content_type="application/json")


def error_fields(response) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}


def png_file(name: str = "picture.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (12, 8), "orange").save(buffer, format="PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


def new_topic_body(space: str = "members-space", **changes) -> dict:
    return {
        "space": space,
        "kind": "question",
        "title": "Why does the agenda skip Mondays?",
        "body": "Since the update my agenda starts on Tuesday.",
        "tags": ["agenda", "Update 2025"],
    } | changes
