"""The interface language: the browser's, then the visitor's cookie, then the member's choice."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from ruche.accounts.models import User

pytestmark = pytest.mark.django_db

FRENCH_MO = Path(settings.BASE_DIR) / "ruche" / "locale" / "fr" / "LC_MESSAGES" / "django.mo"
# Strings of the page layout, any of which proves the page was translated.
LAYOUT_STRINGS = ["Skip to content", "Members", "Spaces", "Sign in"]


def _lang(response) -> str:
    html = response.content.decode()
    start = html.index("<html lang=")
    return html[start : html.index(">", start)]


def _french_layout_string() -> tuple[str, str]:
    """An English layout string and its French translation (skip when none is translated)."""
    if not FRENCH_MO.exists():
        pytest.skip("No compiled French catalogue yet (ruche/locale/fr/LC_MESSAGES/django.mo).")
    with translation.override("fr"):
        for english in LAYOUT_STRINGS:
            french = translation.gettext(english)
            if french != english:
                return english, french
    pytest.skip("The French catalogue translates none of the layout strings yet.")


def test_anonymous_visitor_gets_french_from_the_browser(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.9,en;q=0.5")
    assert response.status_code == 200
    assert _lang(response) == '<html lang="fr"'
    assert response["Content-Language"] == "fr"


def test_french_page_is_translated(client):
    english, french = _french_layout_string()
    html = client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert french in html
    english_html = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert english in english_html
    assert french not in english_html


def test_anonymous_visitor_gets_english_by_default(client):
    assert _lang(client.get("/")) == '<html lang="en"'
    # A language Ruche does not offer falls back to English.
    assert _lang(client.get("/", HTTP_ACCEPT_LANGUAGE="de")) == '<html lang="en"'


def test_language_switch_sets_the_cookie_and_wins_over_the_browser(client):
    response = client.post("/language/", {"language": "en", "next": "/spaces/"})
    assert response.status_code == 302
    assert response["Location"] == "/spaces/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"

    page = client.get("/", HTTP_ACCEPT_LANGUAGE="fr")
    assert _lang(page) == '<html lang="en"'

    client.post("/language/", {"language": "fr", "next": "/"})
    assert _lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == '<html lang="fr"'


def test_language_switch_ignores_unknown_languages(client):
    response = client.post("/language/", {"language": "xx", "next": "/"})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    assert _lang(client.get("/", HTTP_ACCEPT_LANGUAGE="fr")) == '<html lang="fr"'


def test_language_switch_only_by_post(client):
    assert client.get("/language/", {"language": "fr"}).status_code == 405


def test_member_choice_wins_over_the_browser(member, client_for):
    User.objects.filter(pk=member.pk).update(ui_language="fr")
    client = client_for(member)
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert _lang(response) == '<html lang="fr"'
    assert response["Content-Language"] == "fr"
    # Also for the pages of another app and for the member's own profile.
    assert _lang(client.get("/members/", HTTP_ACCEPT_LANGUAGE="en")) == '<html lang="fr"'


def test_member_choice_wins_over_an_old_cookie(member, client_for):
    User.objects.filter(pk=member.pk).update(ui_language="fr")
    client = client_for(member)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert _lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == '<html lang="fr"'


def test_member_without_choice_follows_the_browser(member, client_for):
    client = client_for(member)
    assert _lang(client.get("/", HTTP_ACCEPT_LANGUAGE="fr")) == '<html lang="fr"'
    assert _lang(client.get("/", HTTP_ACCEPT_LANGUAGE="en")) == '<html lang="en"'


def test_switching_while_signed_in_is_stored_on_the_member(member, client_for):
    User.objects.filter(pk=member.pk).update(ui_language="fr")
    client = client_for(member)

    response = client.post("/language/", {"language": "en", "next": "/members/"})
    assert response.status_code == 302
    assert response["Location"] == "/members/"
    member.refresh_from_db()
    assert member.ui_language == "en"
    assert _lang(client.get("/", HTTP_ACCEPT_LANGUAGE="fr")) == '<html lang="en"'

    # It follows the member to another browser (no cookie there).
    elsewhere = client_for(member)
    assert _lang(elsewhere.get("/", HTTP_ACCEPT_LANGUAGE="fr")) == '<html lang="en"'


def test_anonymous_switch_changes_no_member(member, client):
    client.post("/language/", {"language": "en", "next": "/"})
    member.refresh_from_db()
    assert member.ui_language == ""


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://evil.example/phish",
        "javascript:alert(1)",
        "",
    ],
)
def test_unsafe_next_redirects_home(client, next_url):
    response = client.post("/language/", {"language": "en", "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_unsafe_next_redirects_home_for_a_member(member, client_for):
    response = client_for(member).post(
        "/language/", {"language": "fr", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    member.refresh_from_db()
    assert member.ui_language == "fr"
