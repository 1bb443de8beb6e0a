"""What ideas write to the ledger earns points and badges in recognition."""

from __future__ import annotations

from datetime import date

import pytest

from ruche.accounts.tests.factories import UserFactory
from ruche.ideas import services
from ruche.recognition.models import BadgeAward
from ruche.recognition.selectors import member_summary

from .conftest import fresh, set_threshold

pytestmark = pytest.mark.django_db


def _points(member) -> int:
    return member_summary(member=member, viewer=member).points


def test_a_like_credits_the_ideas_author_and_unliking_withdraws_it(idea, member):
    before = _points(member)
    liker = UserFactory()
    services.idea_like(idea=idea, member=liker)
    assert _points(member) == before + 1
    services.idea_unlike(idea=fresh(idea), member=liker)
    assert _points(member) == before


def test_reaching_the_threshold_and_shipping_earn_the_authors_badges(
    idea, member, area, administrator
):
    set_threshold(area, 2)
    for _ in range(2):
        services.idea_like(idea=fresh(idea), member=UserFactory())
    assert BadgeAward.objects.filter(member=member, badge__slug="idea-threshold").exists()

    release = services.release_save(
        actor=administrator,
        title="Agenda 5.2",
        notes="SMS reminders.",
        released_on=date(2026, 11, 20),
        ideas=[fresh(idea)],
    )
    services.release_publish(release=release, actor=administrator)
    assert BadgeAward.objects.filter(member=member, badge__slug="idea-shipped").exists()
    assert member_summary(member=member, viewer=member).ideas == 1
