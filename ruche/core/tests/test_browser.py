"""A real browser (Debian's Chromium through Playwright) signs up, verifies, signs in."""

from __future__ import annotations

import os
import re
import shutil

import pytest
from django.core import mail

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
HAVE_CHROMIUM = os.path.exists(CHROMIUM)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not HAVE_CHROMIUM and not os.environ.get("RUCHE_REQUIRE_BROWSER"),
        reason="Debian's chromium is not installed (apt-get install chromium)",
    ),
]


@pytest.fixture
def browser_page():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls of the test
    # itself (reading the outbox needs none, but fixtures do) are safe: nothing is async.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        context = browser.new_context(locale="fr-FR", extra_http_headers={"Accept-Language": "fr"})
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_sign_up_verify_sign_in_and_see_home_in_french(live_server, browser_page, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    page = browser_page
    email = "camille.durand@example.org"
    password = "Une-phrase-de-passe-solide-42"

    page.goto(f"{live_server.url}/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.fill("input[name=email]", email)
    page.fill("input[name=display_name]", "Camille Durand")
    page.fill("input[name=password1]", password)
    page.fill("input[name=password2]", password)
    page.locator("form[action$='/accounts/signup/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/confirm-email/"))

    # The verification e-mail, as the console backend would print it in the demo.
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [email]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    page.goto(link.group(0))
    page.locator("main form button[type=submit]").click()

    # Sign out if the confirmation signed us in, then sign in with the new account.
    logout = page.locator("header form[action$='/accounts/logout/'] button")
    if logout.count():
        logout.click()
        page.wait_for_load_state()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=login]", email)
    page.fill("input[name=password]", password)
    page.locator("form[action$='/accounts/login/'] button[type=submit]").click()
    page.wait_for_url(f"{live_server.url}/")

    assert page.locator("html").get_attribute("lang") == "fr"
    heading = page.locator("main h1").inner_text()
    assert "Bienvenue" in heading
    assert page.locator("header .me > span").inner_text().strip() == "Camille Durand"
    if os.environ.get("RUCHE_SCREENSHOT"):
        page.screenshot(path=os.environ["RUCHE_SCREENSHOT"])
