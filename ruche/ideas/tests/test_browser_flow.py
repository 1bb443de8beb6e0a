"""In a real browser (Debian's Chromium): a member proposes an idea after seeing a similar one
suggested, others like it past the threshold, the product manager finds it in the inbox and
answers, the likers read the answer in their notifications, and a release ships it."""

from __future__ import annotations

import re

from ruche.accounts.roles import Role
from ruche.accounts.tests.factories import (
    ProductAreaFactory,
    SpaceFactory,
    UserFactory,
    member_with_role,
)
from ruche.core.tests.browser import BROWSER_TEST, signed_in_page
from ruche.ideas import services
from ruche.ideas.models import Idea, StatusKind
from ruche.spaces.models import Visibility

from .conftest import RATIONALE, set_threshold

pytestmark = BROWSER_TEST


def test_propose_like_past_threshold_answer_notify_and_ship(browser, live_server):
    space = SpaceFactory(slug="ideas", names={"en": "Ideas"}, visibility=Visibility.PUBLIC)
    pm = member_with_role(Role.PRODUCT_MANAGER, display_name="Paul Product", language="en")
    area = ProductAreaFactory(slug="agenda", names={"en": "Agenda"})
    area.product_managers.add(pm)
    set_threshold(area, 3, days=30)
    existing = services.idea_create(
        author=UserFactory(),
        space=space,
        title="SMS reminders before appointments",
        problem="Patients forget their appointments and we lose slots every day.",
        product_area=area,
    )
    author = UserFactory(display_name="Kim Physio", language="en")
    likers = [UserFactory(display_name=f"Liker {n}", language="en") for n in range(3)]

    # The member types a title and sees the similar idea before proposing.
    page = signed_in_page(browser, live_server, author, "en")
    page.goto(f"{live_server.url}/ideas/new/")
    page.select_option("select[name=space]", str(space.pk))
    page.locator("input[name=title]").press_sequentially("SMS reminders for physiotherapy")
    suggestion = page.locator("#similar-ideas")
    suggestion.get_by_text(existing.title).wait_for()
    page.fill(
        "textarea[name=problem]",
        "Physiotherapy series of 15 sessions: patients forget the sessions in the middle.",
    )
    page.select_option("select[name=product_area]", str(area.pk))
    page.locator("form[action$='/ideas/new/'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/ideas/\d+/$"))
    idea_url = page.url
    assert "3 more likes and the product team must answer" in page.locator("main").inner_text()
    assert page.locator("#share-link").input_value().endswith(idea_url.split(live_server.url)[1])

    # Three members like it; the third like crosses the threshold.
    liker_pages = []
    for liker in likers:
        liker_page = signed_in_page(browser, live_server, liker, "en")
        liker_page.goto(idea_url)
        liker_page.locator("#like-box button[type=submit]").click()
        liker_page.wait_for_function("() => document.querySelector('#like-box .like.liked')")
        liker_pages.append(liker_page)
    assert "must publish a formal answer by" in liker_pages[-1].locator("#like-box").inner_text()
    idea = Idea.objects.get(title="SMS reminders for physiotherapy")
    assert idea.threshold_reached_at is not None

    # The product manager sees it in the inbox and answers.
    pm_page = signed_in_page(browser, live_server, pm, "en")
    pm_page.goto(f"{live_server.url}/ideas/inbox/")
    pm_page.get_by_role("link", name="Answer").first.click()
    pm_page.wait_for_url(re.compile(r"/respond/$"))
    pm_page.select_option("select[name=decision]", label="Planned")
    pm_page.fill("textarea[name=rationale]", RATIONALE)
    pm_page.fill("input[name=target_quarter]", "2027-Q1")
    pm_page.get_by_role("button", name="Publish the response").click()
    pm_page.wait_for_url(idea_url)
    assert "Response #1" in pm_page.locator("main").inner_text()

    # The likers read the answer in their notifications.
    first_liker = liker_pages[0]
    first_liker.goto(f"{live_server.url}/notifications/")
    assert "The product team answered the idea" in first_liker.locator("main").inner_text()

    # A release ships it; the likers hear "you asked, it shipped".
    pm_page.goto(f"{live_server.url}/ideas/releases/new/")
    pm_page.fill("input[name=title]", "Agenda 5.3")
    pm_page.fill("input[name=released_on]", "2026-11-23")
    pm_page.fill("textarea[name=notes]", "Reminders for series of sessions are here.")
    pm_page.fill("input[name=ideas]", str(idea.pk))
    pm_page.locator("main form button[type=submit]").click()
    pm_page.wait_for_url(re.compile(r"/ideas/releases/\d+/$"))
    pm_page.get_by_role("button", name="Publish the release").click()
    pm_page.wait_for_load_state()
    idea.refresh_from_db()
    assert idea.status.kind == StatusKind.RELEASED
    first_liker.goto(f"{live_server.url}/notifications/")
    assert "You asked, it shipped" in first_liker.locator("main").inner_text()
    first_liker.goto(idea_url)
    assert "Released" in first_liker.locator("main").inner_text()
