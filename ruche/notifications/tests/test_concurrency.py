"""Grouped likes under simultaneous likes (PostgreSQL only: SQLite serialises every write)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from ruche.accounts.tests.factories import SpaceFactory, UserFactory
from ruche.forum.tests.factories import TopicFactory
from ruche.notifications.models import Notification
from ruche.notifications.services import deliver_like

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers"),
]


def test_simultaneous_likes_make_one_notification_counting_them_all():
    author = UserFactory()
    topic = TopicFactory(space=SpaceFactory(), author=author)
    likers = [UserFactory() for _ in range(8)]
    barrier = threading.Barrier(len(likers))
    errors = []

    def like(liker):
        try:
            barrier.wait()
            deliver_like(post=topic, actor=liker)
        except Exception as exc:  # reported below; a thread must not die silently
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=like, args=(liker,)) for liker in likers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    [notification] = Notification.objects.filter(recipient=author, read_at__isnull=True)
    assert notification.actor_count == len(likers)
