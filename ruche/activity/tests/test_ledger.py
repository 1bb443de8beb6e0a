"""The activity ledger: append-only, idempotent, paginated by cursor, importable from outside."""

from __future__ import annotations

import base64
import json
import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from ruche.accounts import verbs as account_verbs
from ruche.accounts.tests.factories import UserFactory
from ruche.activity import registry as verbs
from ruche.activity.models import Activity, AppendOnlyError
from ruche.activity.selectors import timeline_page
from ruche.activity.services import activity_record

pytestmark = pytest.mark.django_db

IMPORT_URL = "/api/v1/activity/import"


def _cursor(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


# --- Recording ------------------------------------------------------------------------------


def test_record_appends_a_row(member):
    first = activity_record(
        actor=member,
        verb=account_verbs.MemberProfileUpdated.name,
        target=member,
        payload={"fields": ["bio"]},
    )
    second = activity_record(actor=member, verb=account_verbs.MemberProfileUpdated.name)

    assert first.pk != second.pk
    assert Activity.objects.filter(actor=member).count() == 2
    stored = Activity.objects.get(pk=first.pk)
    assert stored.verb == "member.profile_updated"
    assert stored.source == "ruche"
    assert stored.payload == {"fields": ["bio"]}
    assert stored.target == member
    assert stored.idempotency_key is None
    assert stored.occurred_at <= timezone.now()
    assert stored.recorded_at is not None


def test_record_keeps_the_time_it_happened(member):
    then = timezone.now() - timedelta(days=3)
    activity = activity_record(
        actor=member, verb=verbs.EVENT_ATTENDED.name, source="events", occurred_at=then
    )
    stored = Activity.objects.get(pk=activity.pk)
    assert stored.occurred_at == then
    assert stored.recorded_at > then


def test_unknown_verb_is_refused(member):
    with pytest.raises(ValidationError) as excinfo:
        activity_record(actor=member, verb="member.teleported")
    assert "verb" in excinfo.value.message_dict
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"source": ""}, "source"),
        ({"source": "x" * 33}, "source"),
        ({"payload": {f"k{i}": i for i in range(51)}}, "payload"),
        ({"idempotency_key": ""}, "idempotency_key"),
        ({"idempotency_key": "k" * 201}, "idempotency_key"),
    ],
)
def test_invalid_record_is_refused_with_the_field(member, kwargs, field):
    with pytest.raises(ValidationError) as excinfo:
        activity_record(actor=member, verb=account_verbs.MemberJoined.name, **kwargs)
    assert field in excinfo.value.message_dict
    assert not Activity.objects.exists()


def test_same_source_and_key_twice_is_one_row(member):
    first = activity_record(
        actor=member,
        verb=verbs.CHAT_MESSAGE_POSTED.name,
        source="chat",
        idempotency_key="msg-1",
        payload={"n": 1},
    )
    again = activity_record(
        actor=member,
        verb=verbs.CHAT_MESSAGE_POSTED.name,
        source="chat",
        idempotency_key="msg-1",
        payload={"n": 2},
    )
    assert again.pk == first.pk
    assert Activity.objects.filter(idempotency_key="msg-1").count() == 1
    # The first recording wins; the second changes nothing.
    assert Activity.objects.get(pk=first.pk).payload == {"n": 1}


def test_same_key_in_another_source_is_another_row(member):
    chat = activity_record(
        actor=member, verb=verbs.CHAT_MESSAGE_POSTED.name, source="chat", idempotency_key="42"
    )
    forum = activity_record(
        actor=member, verb=verbs.EXTERNAL_POST_CREATED.name, source="forum", idempotency_key="42"
    )
    assert chat.pk != forum.pk
    assert Activity.objects.filter(idempotency_key="42").count() == 2


def test_rows_without_key_are_never_merged(member):
    for _ in range(3):
        activity_record(actor=member, verb=account_verbs.MemberLoggedIn.name)
    assert Activity.objects.filter(verb="member.logged_in").count() == 3


# --- Append-only ----------------------------------------------------------------------------


@pytest.fixture
def recorded(member):
    return activity_record(actor=member, verb=account_verbs.MemberJoined.name, payload={"a": 1})


def _unchanged(activity: Activity) -> None:
    stored = Activity.objects.get(pk=activity.pk)
    assert stored.verb == activity.verb
    assert stored.payload == activity.payload


def test_saving_an_existing_row_is_refused(recorded):
    row = Activity.objects.get(pk=recorded.pk)
    row.verb = account_verbs.MemberLoggedIn.name
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.save(update_fields=["verb"])
    _unchanged(recorded)


def test_queryset_update_is_refused(recorded):
    with pytest.raises(AppendOnlyError):
        Activity.objects.update(verb=account_verbs.MemberLoggedIn.name)
    with pytest.raises(AppendOnlyError):
        Activity.objects.filter(pk=recorded.pk).update(payload={})
    row = Activity.objects.get(pk=recorded.pk)
    row.payload = {"b": 2}
    # bulk_update runs in its own transaction block, which the refusal rolls back.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        Activity.objects.bulk_update([row], ["payload"])
    _unchanged(recorded)


def test_delete_is_refused(recorded):
    with pytest.raises(AppendOnlyError):
        Activity.objects.get(pk=recorded.pk).delete()
    with pytest.raises(AppendOnlyError):
        Activity.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        Activity.objects.filter(pk=recorded.pk).delete()
    assert Activity.objects.filter(pk=recorded.pk).exists()


def test_new_instance_with_an_existing_id_cannot_overwrite_the_row(recorded, other_member):
    forged = Activity(
        pk=recorded.pk, actor=other_member, verb=account_verbs.MemberLoggedIn.name, payload={}
    )
    with pytest.raises((AppendOnlyError, IntegrityError)), transaction.atomic():
        forged.save()
    stored = Activity.objects.get(pk=recorded.pk)
    assert stored.actor_id == recorded.actor_id
    _unchanged(recorded)


# --- Timeline pagination --------------------------------------------------------------------


@pytest.fixture
def long_timeline(member):
    """25 actions, recorded out of order, with groups sharing the very same instant."""
    base = timezone.now() - timedelta(days=30)
    offsets = [5, 1, 9, 9, 9, 3, 0, 7, 7, 2, 11, 4, 4, 4, 4, 6, 8, 10, 12, 13, 1, 0, 2, 9, 14]
    return [
        activity_record(
            actor=member,
            verb=account_verbs.MemberProfileUpdated.name,
            occurred_at=base + timedelta(hours=offset),
        )
        for offset in offsets
    ]


def _newest_first(rows) -> list[int]:
    return [row.pk for row in sorted(rows, key=lambda r: (r.occurred_at, r.pk), reverse=True)]


@pytest.mark.parametrize("size", [1, 4, 7, 25, 30])
def test_timeline_pages_return_every_row_once_newest_first(member, long_timeline, size):
    seen: list[int] = []
    cursor = None
    pages = 0
    while True:
        page = timeline_page(member=member, viewer=member, cursor=cursor, size=size)
        assert len(page.items) <= size
        seen.extend(activity.pk for activity in page.items)
        pages += 1
        cursor = page.next_cursor
        if cursor is None:
            break
        assert pages < 100
    assert seen == _newest_first(long_timeline)
    assert len(seen) == len(set(seen)) == 25
    assert pages == max(1, -(-25 // size))


def test_timeline_api_pages_by_cursor(member, long_timeline, client_for):
    client = client_for(member)
    seen: list[int] = []
    params = {"limit": 6}
    while True:
        response = client.get(f"/api/v1/members/{member.pk}/activity", params)
        assert response.status_code == 200
        body = response.json()
        assert len(body["items"]) <= 6
        seen.extend(item["id"] for item in body["items"])
        if not body["next_cursor"]:
            break
        params = {"limit": 6, "cursor": body["next_cursor"]}
    assert seen == _newest_first(long_timeline)


def test_timeline_web_page_is_newest_first_and_refuses_bad_cursors(
    member, long_timeline, client_for
):
    client = client_for(member)
    first = client.get(f"/members/{member.pk}/")
    assert [a.pk for a in first.context["page"].items] == _newest_first(long_timeline)
    more = client.get(f"/members/{member.pk}/", {"cursor": _cursor(["x", 1])})
    assert more.status_code == 404


BAD_CURSORS = [
    pytest.param("!!!not-a-cursor!!!", id="garbage"),
    pytest.param("%%%", id="symbols"),
    pytest.param(_cursor({"a": 1}), id="object"),
    pytest.param(_cursor([1]), id="short-list"),
    pytest.param(_cursor([1, 2, 3]), id="long-list"),
    pytest.param(_cursor(["yesterday", 1]), id="not-a-date"),
    pytest.param(_cursor(["2024-13-45T99:00:00", 1]), id="impossible-date"),
    pytest.param(_cursor(["2024-01-01T00:00:00+00:00", "abc"]), id="id-not-a-number"),
    pytest.param(_cursor(["2024-01-01T00:00:00+00:00", None]), id="id-null"),
    pytest.param(_cursor(["2024-01-01T00:00:00+00:00", 10**30]), id="id-too-big"),
    pytest.param(_cursor(["2024-01-01T00:00:00+00:00", True]), id="id-bool"),
    pytest.param(_cursor([None, 1]), id="date-null"),
    pytest.param(_cursor([[1], 1]), id="date-list"),
    pytest.param(_cursor([{"a": 1}, 1]), id="date-object"),
]


@pytest.mark.parametrize("cursor", BAD_CURSORS)
def test_invalid_cursor_is_a_400_with_the_field(member, long_timeline, client_for, cursor):
    response = client_for(member).get(f"/api/v1/members/{member.pk}/activity", {"cursor": cursor})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["errors"] == [{"field": "cursor", "reason": "Invalid cursor."}]


@pytest.mark.parametrize(
    "cursor",
    [
        pytest.param("!!!not-a-cursor!!!", id="garbage"),
        pytest.param(_cursor(["Anna", "abc"]), id="id-not-a-number"),
        pytest.param(_cursor([None, 1]), id="name-null"),
        pytest.param(_cursor([["Anna"], 1]), id="name-list"),
    ],
)
def test_invalid_member_list_cursor_is_a_400(member, client_for, cursor):
    response = client_for(member).get("/api/v1/members", {"cursor": cursor})
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "cursor"
    assert client_for(member).get("/members/", {"cursor": cursor}).status_code == 404


# --- Import ---------------------------------------------------------------------------------


def _batch(member, source: str = "newsletter", keys=("nl-1", "nl-2")) -> dict:
    return {
        "source": source,
        "events": [
            {
                "member_id": member.pk,
                "verb": verbs.NEWSLETTER_OPENED.name,
                "occurred_at": "2025-03-01T09:00:00+00:00",
                "idempotency_key": key,
                "payload": {"issue": 12},
            }
            for key in keys
        ],
    }


def _post(client, body):
    return client.post(IMPORT_URL, data=json.dumps(body), content_type="application/json")


def test_import_needs_authentication(member, client_for):
    response = _post(client_for(None), _batch(member))
    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication required."
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    "role", ["member", "ambassador", "moderator", "product_manager", "support_agent"]
)
def test_import_is_for_community_managers_only(role, request, member, client_for):
    user = request.getfixturevalue(role)
    response = _post(client_for(user), _batch(member))
    assert response.status_code == 403
    assert not Activity.objects.exists()


@pytest.mark.parametrize("role", ["community_manager", "administrator"])
def test_import_same_batch_twice_stores_it_once(role, request, member, client_for):
    client = client_for(request.getfixturevalue(role))

    first = _post(client, _batch(member))
    assert first.status_code == 200
    assert first.json() == {"received": 2, "stored": 2, "duplicates": 0}

    second = _post(client, _batch(member))
    assert second.status_code == 200
    assert second.json() == {"received": 2, "stored": 0, "duplicates": 2}

    rows = Activity.objects.filter(source="newsletter", actor=member)
    assert sorted(rows.values_list("idempotency_key", flat=True)) == ["nl-1", "nl-2"]
    assert all(row.payload == {"issue": 12} for row in rows)


def test_import_partly_known_batch(member, community_manager, client_for):
    client = client_for(community_manager)
    _post(client, _batch(member, keys=["nl-1"]))
    response = _post(client, _batch(member, keys=["nl-1", "nl-2", "nl-2"]))
    assert response.json() == {"received": 3, "stored": 1, "duplicates": 2}
    assert Activity.objects.filter(source="newsletter").count() == 2


def test_import_same_keys_from_another_source_are_stored(member, community_manager, client_for):
    client = client_for(community_manager)
    activity_record(
        actor=member,
        verb=verbs.CHAT_MESSAGE_POSTED.name,
        source="chat",
        idempotency_key="nl-1",
    )
    response = _post(client, _batch(member))
    assert response.json() == {"received": 2, "stored": 2, "duplicates": 0}
    assert Activity.objects.filter(idempotency_key="nl-1").count() == 2


def test_import_finds_members_by_email(member, community_manager, client_for):
    body = _batch(member, keys=["by-mail"])
    del body["events"][0]["member_id"]
    body["events"][0]["member_email"] = member.email.upper()
    response = _post(client_for(community_manager), body)
    assert response.json()["stored"] == 1
    assert Activity.objects.get(idempotency_key="by-mail").actor == member


def test_import_refuses_the_ruche_source(member, community_manager, client_for):
    response = _post(client_for(community_manager), _batch(member, source="ruche"))
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["source"]
    assert not Activity.objects.exists()


@pytest.mark.parametrize(
    "verb",
    [
        pytest.param("newsletter.exploded", id="unknown"),
        pytest.param(account_verbs.MemberJoined.name, id="internal"),
        pytest.param(account_verbs.ApiTokenCreated.name, id="internal-private"),
    ],
)
def test_import_refuses_unknown_and_internal_verbs(verb, member, community_manager, client_for):
    body = _batch(member)
    body["events"][1]["verb"] = verb
    response = _post(client_for(community_manager), body)
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["events.1.verb"]
    # Nothing of the batch is stored, not even the valid event.
    assert not Activity.objects.exists()


def test_import_refuses_unknown_members(member, community_manager, client_for):
    body = _batch(member)
    body["events"][0]["member_id"] = 999_999
    response = _post(client_for(community_manager), body)
    assert response.status_code == 422
    assert [error["field"] for error in response.json()["errors"]] == ["events.0.member"]
    assert not Activity.objects.exists()


def test_import_refuses_events_without_key(member, community_manager, client_for):
    body = _batch(member)
    del body["events"][0]["idempotency_key"]
    response = _post(client_for(community_manager), body)
    assert response.status_code == 422
    assert "events.0.idempotency_key" in [error["field"] for error in response.json()["errors"]]
    assert not Activity.objects.exists()


# --- Concurrency (PostgreSQL) ---------------------------------------------------------------


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real concurrent writers")
@pytest.mark.django_db(transaction=True)
def test_concurrent_recording_of_one_key_stores_one_row():
    actor = UserFactory()
    workers, rounds = 8, 5
    results: dict[str, list[int]] = {}
    errors: list[BaseException] = []
    lock = threading.Lock()

    def record(barrier: threading.Barrier, key: str) -> None:
        try:
            barrier.wait(timeout=10)
            activity = activity_record(
                actor=actor, verb=verbs.EVENT_ATTENDED.name, source="events", idempotency_key=key
            )
            with lock:
                results.setdefault(key, []).append(activity.pk)
        except BaseException as exc:  # reported below, in the test's thread
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    # Several rounds, each a burst of writers released together on one key.
    keys = [f"webinar-2025-03:attendee-{n}" for n in range(rounds)]
    for key in keys:
        barrier = threading.Barrier(workers)
        threads = [threading.Thread(target=record, args=(barrier, key)) for _ in range(workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

    assert errors == []
    for key in keys:
        rows = Activity.objects.filter(source="events", idempotency_key=key)
        assert rows.count() == 1, key
        assert results[key] == [rows.get().pk] * workers, key
