"""Forum content for notification tests, made through the forum services (their events are
heard after commit), and events emitted directly where a test needs its own."""

from __future__ import annotations

import pytest

from ruche.core.events import emit
from ruche.forum import services as forum
from ruche.forum.models import TopicKind
from ruche.spaces.models import Visibility


@pytest.fixture(autouse=True)
def _no_newcomer_limits(settings):
    settings.RUCHE = {**settings.RUCHE, "NEWCOMER_UNTIL_POSTS": 0}


@pytest.fixture
def space(spaces):
    return spaces[Visibility.MEMBERS]


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run a forum service as a request would: its after-commit listeners run."""

    def run(func, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return func(**kwargs)

    return run


@pytest.fixture
def post_topic(on_commit, space):
    def make(author, *, body="The agenda shows the wrong week after the update.", **fields):
        fields.setdefault("space", space)
        fields.setdefault("kind", TopicKind.QUESTION)
        fields.setdefault("title", "How do I configure the agenda?")
        return on_commit(forum.topic_create, author=author, body=body, **fields)

    return make


@pytest.fixture
def post_reply(on_commit):
    def make(author, topic, *, body="Open the settings and choose Monday.", parent=None):
        return on_commit(forum.reply_create, author=author, topic=topic, body=body, parent=parent)

    return make


@pytest.fixture
def announce(django_capture_on_commit_callbacks):
    """Emit an event as a service would, and let its after-commit listeners run."""

    def run(event):
        with django_capture_on_commit_callbacks(execute=True):
            return emit(event)

    return run
