"""What the browser tests share: Debian's Chromium through Playwright, and signed-in tabs.

The ``browser`` fixture is made available to every test by the root conftest."""

from __future__ import annotations

import os
import shutil

import pytest
from django.db import connections
from django.test import Client

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

# pytestmark of a browser test module: skipped without Chromium, unless CI requires it.
BROWSER_TEST = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM) and not os.environ.get("RUCHE_REQUIRE_BROWSER"),
        reason="Debian's chromium is not installed (apt-get install chromium)",
    ),
]

_LOCALES = {"fr": "fr-FR", "en": "en-GB"}


@pytest.fixture(scope="session")
def _browser_sessions_closed(django_db_setup, django_db_blocker):
    """Before the test database is dropped, end the sessions the browser tests left open.

    A page's requests are served by the live server's threads, and the test's own queries run
    while Playwright's event loop is active: one of those connections may outlive its test,
    and PostgreSQL refuses to drop a database someone is connected to.
    """
    yield
    with django_db_blocker.unblock():
        for connection in connections.all(initialized_only=True):
            if connection.vendor != "postgresql":
                continue
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )


@pytest.fixture
def browser(_browser_sessions_closed):
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            yield instance
        finally:
            instance.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def signed_in_page(browser, live_server, user, language: str = "fr"):
    """A browser tab in ``language``, signed in as ``user`` (session made by the test client)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(
        locale=_LOCALES[language], extra_http_headers={"Accept-Language": language}
    )
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page
