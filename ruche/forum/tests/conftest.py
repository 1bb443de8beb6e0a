"""Fixtures of the forum tests: a question, its reply, topics in every kind of space."""

from __future__ import annotations

import pytest

from ruche.accounts.roles import Role
from ruche.accounts.tests.factories import member_with_role
from ruche.forum.models import (
    TopicKind,
)
from ruche.spaces.models import Visibility

from .factories import ReplyFactory, TopicFactory


@pytest.fixture
def question(spaces, member):
    return TopicFactory(space=spaces[Visibility.MEMBERS], author=member, title="Agenda question")


@pytest.fixture
def public_topic(spaces, other_member):
    return TopicFactory(
        space=spaces[Visibility.PUBLIC],
        author=other_member,
        kind=TopicKind.DISCUSSION,
        body="## Setup\n\nSome **text** for everyone.",
    )


@pytest.fixture
def reply(question, other_member):
    return ReplyFactory(topic=question, author=other_member)


@pytest.fixture
def programme_topic(spaces, ambassador):
    return TopicFactory(space=spaces[Visibility.PROGRAMME], author=ambassador)


@pytest.fixture
def programme_reply(programme_topic, ambassador):
    return ReplyFactory(topic=programme_topic, author=ambassador)


@pytest.fixture
def staff_topic(spaces, support_agent):
    return TopicFactory(space=spaces[Visibility.STAFF], author=support_agent)


@pytest.fixture
def expert(db):
    return member_with_role(Role.EXPERT, display_name="Eva Expert")
