"""In a real browser (Debian's Chromium), in French: a newcomer completes the onboarding, is held
to the link limit, answers, gets the answer accepted, earns a badge, is promoted a level and
sees the new ability (the link limit is gone)."""

from __future__ import annotations

import re

from ruche.accounts.tests.factories import (
    ProductAreaFactory,
    SegmentFactory,
    SpaceFactory,
    UserFactory,
)
from ruche.core.tests.browser import BROWSER_TEST, signed_in_page
from ruche.forum import services as forum
from ruche.forum.models import Topic
from ruche.recognition.defaults import ensure_defaults
from ruche.recognition.services import rules_changed
from ruche.spaces.models import Visibility

pytestmark = BROWSER_TEST

LINKS = "Voir https://a.example et https://b.example pour les détails de l'export."


def test_newcomer_onboarding_badge_level_and_new_ability(browser, live_server, settings):
    settings.RUCHE = {
        **settings.RUCHE,
        "NEWCOMER_MAX_LINKS": 1,
        "NEWCOMER_POSTS_PER_HOUR": 100,
        "RECOGNITION_LEVELS": [
            {"name": "Nouveau", "criteria": {}, "window_days": None},
            {"name": "Membre", "criteria": {"posts": 2, "accepted_answers": 1}},
        ],
    }
    ensure_defaults()
    rules_changed()
    area = ProductAreaFactory(slug="agenda", names={"en": "Agenda", "fr": "Agenda"})
    space = SpaceFactory(
        slug="questions",
        names={"en": "Questions", "fr": "Questions"},
        visibility=Visibility.PUBLIC,
        product_area=area,
    )
    SegmentFactory(slug="gp", names={"en": "GP", "fr": "Généraliste"})
    asker = UserFactory(display_name="Camille Durand", language="fr")
    newcomer = UserFactory(display_name="Nina Nouvelle", language="fr", bio="")
    asked = forum.topic_create(
        author=asker,
        space=space,
        kind="question",
        title="Comment exporter mon agenda ?",
        body="Je ne trouve pas le menu d'export.",
    )
    helpful = forum.reply_create(
        author=UserFactory(display_name="Hugo Martin"),
        topic=asked,
        body="Le menu Export est en haut à droite de l'agenda.",
    )
    page = signed_in_page(browser, live_server, newcomer)
    base = live_server.url

    # The welcome page and its checklist: nothing done yet.
    page.goto(f"{base}/community/welcome/")
    assert "0 sur 5" in page.locator("main").inner_text()

    # 1. Complete the profile.
    page.goto(f"{base}/settings/profile/")
    page.fill(
        "textarea[name=bio]", "Médecin généraliste à Lyon, agenda partagé avec deux confrères."
    )
    page.select_option("select[name=segment]", label="Généraliste")
    page.locator("form:has(textarea[name=bio]) button[type=submit]").click()
    page.wait_for_load_state()
    # 2. Read the guidelines.
    page.goto(f"{base}/community/guidelines/")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/community/welcome/$"))
    # 3. Like a helpful answer.
    page.goto(f"{base}{asked.get_absolute_url()}")
    page.locator(f"#reply-{helpful.pk} form.like-form button[type=submit]").click()
    page.wait_for_function(
        f"() => document.querySelector('#reply-{helpful.pk} .like.liked') !== null"
    )
    # 4. Follow a product area.
    page.goto(f"{base}/forum/areas/agenda/")
    page.locator("form.follow-form button[type=submit]").click()
    page.wait_for_load_state()
    # 5. Introduce yourself (the newcomer's first post).
    page.goto(f"{base}/forum/new/?space={space.slug}&kind=discussion")
    page.select_option("select[name=space]", str(space.pk))
    page.select_option("select[name=kind]", "discussion")
    page.fill("input[name=title]", "Bonjour, je suis Nina")
    page.fill("textarea[name=body]", "Généraliste à Lyon, nouvelle sur la communauté.")
    page.locator("form[action$='/forum/new/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/forum/t/\d+/$"))
    # Her first post is marked so that others welcome her.
    assert "Nouveau membre" in page.locator("main").inner_text()

    page.goto(f"{base}/community/welcome/")
    assert "5 sur 5" in page.locator("main").inner_text()

    # As a newcomer, links are limited.
    page.goto(f"{base}{asked.get_absolute_url()}")
    page.fill("textarea[name=body]", LINKS)
    page.locator("form[action$='/reply/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert "1 liens au maximum" in page.locator("main").inner_text()

    # She answers without links; the asker accepts her answer.
    page.fill("textarea[name=body]", "Dans l'agenda, menu Export, puis choisissez le format iCal.")
    page.locator("form[action$='/reply/'] button[type=submit]").click()
    page.wait_for_load_state()
    answer = asked.replies.get(author=newcomer)
    forum.answer_accept(topic=Topic.objects.get(pk=asked.pk), reply=answer, actor=asker)

    # A badge, a new level, told in the notifications and on her page.
    page.goto(f"{base}/community/me/")
    mine = page.locator("main").inner_text()
    assert "Niveau : Membre" in mine
    assert "Première solution" in page.locator("#my-badges").inner_text()
    page.goto(f"{base}/notifications/")
    told = page.locator("main").inner_text()
    assert "Vous avez obtenu le badge « Première solution »" in told
    assert "Vous avez atteint le niveau « Membre »" in told

    # The new ability: the link limit is gone.
    page.goto(f"{base}{asked.get_absolute_url()}")
    page.fill("textarea[name=body]", LINKS)
    page.locator("form[action$='/reply/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert asked.replies.filter(author=newcomer).count() == 2
