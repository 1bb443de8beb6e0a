"""Shared test fixtures: members of every role, spaces of every visibility."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import translation

from ruche.accounts.roles import Role
from ruche.accounts.tests.factories import (
    ProgrammeFactory,
    SegmentFactory,
    SpaceFactory,
    UserFactory,
    member_with_role,
)
from ruche.core.tests.browser import (  # noqa: F401  (fixtures of the browser tests)
    _browser_sessions_closed,
    browser,
)
from ruche.recognition.services import rules_changed
from ruche.spaces.models import ProgrammeMembership, Visibility


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Every LocMemCache of one location shares its store: without this, cached fragments (reply
    # heads keyed by id) outlive their test, and SQLite reuses ids after a rollback.
    cache.clear()
    # Tests read pages right after writing; the anonymous page cache has its own tests. Page
    # views write visits to the ledger only in the tests that turn it on.
    settings.RUCHE = {
        **settings.RUCHE,
        "ANONYMOUS_CACHE_SECONDS": 0,
        "RECOGNITION_RECORD_VISITS": False,
    }
    # Recognition caches its rules per process: each test has its own database state.
    rules_changed()
    # A request handled in French leaves French active in this thread: start each test in the
    # default language, whatever ran before it on this worker.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def segment(db):
    return SegmentFactory(slug="nurse", names={"en": "Nurse", "fr": "Infirmier·e"})


@pytest.fixture
def member(db):
    return UserFactory(display_name="Marie Member")


@pytest.fixture
def other_member(db):
    return UserFactory(display_name="Olivier Other")


@pytest.fixture
def ambassador(db, programme):
    user = member_with_role(Role.AMBASSADOR, display_name="Anna Ambassador")
    ProgrammeMembership.objects.create(programme=programme, member=user)
    return user


@pytest.fixture
def moderator(db):
    return member_with_role(Role.MODERATOR, display_name="Max Moderator")


@pytest.fixture
def community_manager(db):
    return member_with_role(Role.COMMUNITY_MANAGER, display_name="Claire Community")


@pytest.fixture
def product_manager(db):
    return member_with_role(Role.PRODUCT_MANAGER, display_name="Paul Product")


@pytest.fixture
def support_agent(db):
    return member_with_role(Role.SUPPORT_AGENT, display_name="Sophie Support")


@pytest.fixture
def administrator(db):
    return member_with_role(Role.ADMINISTRATOR, display_name="Ada Admin")


@pytest.fixture
def programme(db):
    return ProgrammeFactory(slug="ambassadors", names={"en": "Ambassadors", "fr": "Ambassadeurs"})


@pytest.fixture
def spaces(db, programme):
    """One space per visibility, keyed by visibility."""
    return {
        Visibility.PUBLIC: SpaceFactory(slug="public-space", visibility=Visibility.PUBLIC),
        Visibility.MEMBERS: SpaceFactory(slug="members-space", visibility=Visibility.MEMBERS),
        Visibility.PROGRAMME: SpaceFactory(
            slug="programme-space", visibility=Visibility.PROGRAMME, programme=programme
        ),
        Visibility.STAFF: SpaceFactory(slug="staff-space", visibility=Visibility.STAFF),
    }


@pytest.fixture
def client_for():
    """A test client signed in as the given member (or anonymous for None)."""

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
