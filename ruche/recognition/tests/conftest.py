import pytest

from ruche.accounts.tests.factories import ProductAreaFactory, SpaceFactory
from ruche.recognition import services
from ruche.recognition.defaults import ensure_defaults
from ruche.spaces.models import Visibility


@pytest.fixture(autouse=True)
def _busy_newcomers(settings):
    settings.RUCHE = {**settings.RUCHE, "NEWCOMER_POSTS_PER_HOUR": 1000}


@pytest.fixture
def defaults(db):
    ensure_defaults()
    services.rules_changed()


@pytest.fixture
def area(db):
    return ProductAreaFactory(slug="agenda", names={"en": "Agenda", "fr": "Agenda"})


@pytest.fixture
def space(db, area):
    return SpaceFactory(slug="questions", visibility=Visibility.PUBLIC, product_area=area)
