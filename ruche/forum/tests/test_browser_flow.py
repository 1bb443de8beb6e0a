"""In a real browser (Debian's Chromium), in French: ask, get a reply, like it, accept it,
escalate another question, see it in the staff queue, answer as staff, and find both by search."""

from __future__ import annotations

import re

from ruche.accounts.roles import Role
from ruche.accounts.tests.factories import SpaceFactory, UserFactory, member_with_role
from ruche.core.tests.browser import BROWSER_TEST, signed_in_page
from ruche.spaces.models import Visibility

pytestmark = BROWSER_TEST


def ask(page, live_server, space, title: str, body: str) -> str:
    page.goto(f"{live_server.url}/forum/new/?space={space.slug}&kind=question")
    page.select_option("select[name=space]", str(space.pk))
    page.select_option("select[name=kind]", "question")
    page.fill("input[name=title]", title)
    page.fill("textarea[name=body]", body)
    page.locator("form[action$='/forum/new/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/forum/t/\d+/$"))
    return page.url


def test_question_answer_like_accept_escalate_and_search_in_french(browser, live_server):
    space = SpaceFactory(
        slug="questions",
        names={"en": "Questions", "fr": "Questions"},
        visibility=Visibility.PUBLIC,
    )
    asker = UserFactory(display_name="Camille Durand", language="fr")
    helper = UserFactory(display_name="Hugo Martin", language="fr")
    agent = member_with_role(Role.SUPPORT_AGENT, display_name="Sophie Support")

    page = signed_in_page(browser, live_server, asker)
    first_url = ask(
        page,
        live_server,
        space,
        "Comment déplacer un rendez-vous dans l'agenda ?",
        "Je voudrais décaler un rendez-vous d'un patient sans le supprimer.",
    )
    assert page.locator("html").get_attribute("lang") == "fr"

    # A fellow member answers.
    helper_page = signed_in_page(browser, live_server, helper)
    helper_page.goto(first_url)
    helper_page.fill("textarea[name=body]", "Faites glisser le créneau vers la nouvelle heure.")
    helper_page.locator("form[action$='/reply/'] button[type=submit]").click()
    helper_page.wait_for_load_state()

    # The asker likes the answer (htmx swaps the button) and accepts it.
    page.goto(first_url)
    reply = page.locator("[id^=reply-]").first
    reply.locator("form.like-form button[type=submit]").click()
    page.wait_for_function("() => document.querySelector('[id^=reply-] .like.liked') !== null")
    assert "1" in reply.locator(".like").inner_text()
    reply.locator("form[action$='/accept/'] button").click()
    page.wait_for_load_state()
    assert "Résolu par un membre" in page.locator("main").inner_text()

    # Another question: the asker cannot get it to work and asks the support team.
    second_url = ask(
        page,
        live_server,
        space,
        "Le son de la téléconsultation se coupe",
        "Pendant la téléconsultation, le patient ne m'entend plus après cinq minutes.",
    )
    page.locator("form[action$='/escalate/'] button").click()
    page.wait_for_load_state()

    # The support agent sees it in the queue and answers in public.
    agent_page = signed_in_page(browser, live_server, agent)
    agent_page.goto(f"{live_server.url}/forum/support/")
    assert "Le son de la téléconsultation se coupe" in agent_page.locator("main").inner_text()
    agent_page.goto(second_url)
    agent_page.fill("textarea[name=body]", "Merci, nous corrigeons le micro : videz le cache.")
    agent_page.locator("form[action$='/reply/'] button[type=submit]").click()
    agent_page.wait_for_load_state()
    agent_page.goto(f"{live_server.url}/forum/support/?state=answered")
    assert "Le son de la téléconsultation se coupe" in agent_page.locator("main").inner_text()

    # Both are found by search, accents or not.
    page.goto(f"{live_server.url}/search/?q=rendez-vous")
    assert "Comment déplacer un rendez-vous" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/search/?q=teleconsultation")
    assert "Le son de la téléconsultation se coupe" in page.locator("main").inner_text()
