from __future__ import annotations

import pytest

from ruche.accounts.tests.factories import ProductAreaFactory, UserFactory
from ruche.ideas import services
from ruche.ideas.models import AreaIdeaSettings, Idea
from ruche.spaces.models import Visibility


@pytest.fixture
def area(db, product_manager):
    area = ProductAreaFactory(slug="agenda", names={"en": "Agenda", "fr": "Agenda"})
    area.product_managers.add(product_manager)
    return area


@pytest.fixture
def other_area(db):
    return ProductAreaFactory(slug="billing", names={"en": "Billing", "fr": "Facturation"})


@pytest.fixture
def idea_space(spaces):
    return spaces[Visibility.MEMBERS]


@pytest.fixture
def make_idea(idea_space, area):
    def make(author=None, title="Send SMS reminders before appointments", **fields) -> Idea:
        return services.idea_create(
            author=author or UserFactory(),
            space=fields.pop("space", idea_space),
            title=title,
            problem=fields.pop(
                "problem", "Patients forget their appointments and we lose a slot each day."
            ),
            solution=fields.pop("solution", "Send an SMS the day before, with a cancel link."),
            product_area=fields.pop("product_area", area),
            **fields,
        )

    return make


@pytest.fixture
def idea(make_idea, member):
    return make_idea(author=member)


def set_threshold(area, threshold: int, days: int = 30) -> None:
    AreaIdeaSettings.objects.update_or_create(
        product_area=area, defaults={"threshold": threshold, "response_days": days}
    )


def fresh(idea: Idea) -> Idea:
    return Idea.objects.select_related("status").get(pk=idea.pk)


RATIONALE = (
    "We looked at this carefully with the agenda team. SMS reminders are planned for the second "
    "quarter: they need a contract with an SMS provider and a consent screen for patients, "
    "which the legal team is reviewing now."
)


@pytest.fixture(autouse=True)
def _after_commit_at_once(request, monkeypatch):
    """Inside a test's transaction nothing commits: run the after-commit work (notifications)
    at once, as a real commit would. Tests on real transactions keep Django's behaviour."""
    marker = request.node.get_closest_marker("django_db")
    if marker is not None and marker.kwargs.get("transaction"):
        return
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())
