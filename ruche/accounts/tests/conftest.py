"""Fixtures of the members' tests."""

from __future__ import annotations

import pytest


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run what waits for the commit (e-mails are sent only once the invitation is stored)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
