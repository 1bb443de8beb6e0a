"""The one event path: typed events in the ledger, listeners in the transaction and after commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from unittest import mock

import pytest
from django.db import transaction
from django.utils import timezone

from ruche.accounts.tests.factories import UserFactory
from ruche.activity.ledger import deliveries_retry, delivery_run
from ruche.activity.models import Activity, Delivery, DeliveryState
from ruche.core import events

pytestmark = pytest.mark.django_db


@events.verb("tests.widget_polished", "polished a widget", beneficiaries=("owner",))
@dataclass(frozen=True, kw_only=True)
class WidgetPolished(events.Event):
    owner: int | None = None
    shine: int = 0


# What the listeners below do in each test (they are registered once, for the whole process).
behaviour: dict[str, object] = {"refuse": False, "fail_after": 0, "heard": []}


@pytest.fixture(autouse=True)
def _reset():
    behaviour.update(refuse=False, fail_after=0, heard=[])


@events.listen(WidgetPolished)
def _count_in_transaction(event: WidgetPolished) -> None:
    if behaviour["refuse"]:
        raise ValueError("refused by an exact consequence")


@events.listen(WidgetPolished, after_commit=True)
def _tell_after_commit(event: WidgetPolished) -> None:
    if behaviour["fail_after"]:
        behaviour["fail_after"] -= 1
        raise ConnectionError("mail server down")
    behaviour["heard"].append((event.ledger_id, event.owner, event.shine))


def _polish(member, *, shine: int = 3) -> Activity:
    return events.emit(WidgetPolished(actor_id=member.pk, owner=member.pk, shine=shine))


def test_the_event_is_one_ledger_row_with_its_fields_as_payload():
    member = UserFactory()
    row = _polish(member, shine=7)
    stored = Activity.objects.get(pk=row.pk)
    assert stored.verb == "tests.widget_polished"
    assert stored.payload == {"owner": member.pk, "shine": 7}
    rebuilt = events.event_from_row(stored)
    assert isinstance(rebuilt, WidgetPolished)
    assert (rebuilt.owner, rebuilt.shine, rebuilt.ledger_id) == (member.pk, 7, row.pk)


def test_a_failing_in_transaction_listener_rolls_the_action_back():
    member = UserFactory()
    behaviour["refuse"] = True

    def change_and_polish() -> None:
        with transaction.atomic():
            member.display_name = "Changed in the same transaction"
            member.save(update_fields=["display_name"])
            _polish(member)

    with pytest.raises(ValueError, match="refused"):
        change_and_polish()
    member.refresh_from_db()
    assert member.display_name != "Changed in the same transaction"
    assert not Activity.objects.filter(verb=WidgetPolished.name).exists()


def test_after_commit_listeners_run_once_the_action_commits(django_capture_on_commit_callbacks):
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        row = _polish(member)
        assert behaviour["heard"] == []  # nothing is told before the commit
    assert behaviour["heard"] == [(row.pk, member.pk, 3)]
    delivery = Delivery.objects.get(activity_id=row.pk)
    assert delivery.state == DeliveryState.DONE


def test_a_failing_after_commit_listener_leaves_the_action_done_and_is_retried(
    django_capture_on_commit_callbacks,
):
    member = UserFactory()
    behaviour["fail_after"] = 1
    with django_capture_on_commit_callbacks(execute=True):
        row = _polish(member)
    assert Activity.objects.filter(pk=row.pk).exists()  # the action stands
    delivery = Delivery.objects.get(activity_id=row.pk)
    assert delivery.state == DeliveryState.FAILED
    assert delivery.attempts == 1
    assert "mail server down" in delivery.last_error
    assert behaviour["heard"] == []

    assert deliveries_retry() == 0  # not due yet
    assert deliveries_retry(now=timezone.now() + timedelta(minutes=5)) == 1
    assert behaviour["heard"] == [(row.pk, member.pk, 3)]
    delivery.refresh_from_db()
    assert (delivery.state, delivery.attempts) == (DeliveryState.DONE, 2)

    # Delivered: a redelivered task or another sweep does not tell it twice.
    assert deliveries_retry(now=timezone.now() + timedelta(hours=5)) == 0
    assert delivery_run(activity_id=row.pk, listener=delivery.listener) is False
    assert len(behaviour["heard"]) == 1


def test_a_delivery_that_cannot_be_queued_is_kept_and_sent_later(
    django_capture_on_commit_callbacks,
):
    member = UserFactory()
    with (
        mock.patch("ruche.activity.bus.deliver.delay", side_effect=ConnectionError("no broker")),
        django_capture_on_commit_callbacks(execute=True),
    ):
        row = _polish(member)
    delivery = Delivery.objects.get(activity_id=row.pk)
    assert delivery.state == DeliveryState.PENDING
    assert behaviour["heard"] == []
    assert deliveries_retry() == 1
    assert behaviour["heard"] == [(row.pk, member.pk, 3)]


def test_an_idempotency_key_records_and_tells_once(django_capture_on_commit_callbacks):
    member = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        first = events.emit(
            WidgetPolished(actor_id=member.pk, owner=member.pk), idempotency_key="w-1"
        )
        second = events.emit(
            WidgetPolished(actor_id=member.pk, owner=member.pk), idempotency_key="w-1"
        )
    assert first.pk == second.pk
    assert len(behaviour["heard"]) == 1


def test_verbs_declare_their_meaning_instead_of_being_matched_by_string():
    from ruche.forum import verbs as forum_verbs

    assert forum_verbs.LikeRemoved.undoes is forum_verbs.LikeGiven
    assert forum_verbs.PostHidden.effect == events.Effect.REMOVES
    assert forum_verbs.PostHidden.sanction is False
    assert "forum.reply_deleted" in events.verbs_with(effect=events.Effect.REMOVES)
    assert WidgetPolished.beneficiaries == ("owner",)
