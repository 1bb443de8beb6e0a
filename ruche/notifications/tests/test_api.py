"""The notifications API: my list, reading, and my settings."""

from __future__ import annotations

import pytest

from ruche.notifications.models import Channel, Notification, NotificationKind
from ruche.notifications.services import preference_channels

from .test_pages import make_notifications

pytestmark = pytest.mark.django_db
URL = "/api/v1/notifications"


def test_list_with_unread_filter_and_cursor(client_for, member, other_member, space):
    rows = make_notifications(member, space, 3)
    make_notifications(other_member, space, 2)
    Notification.objects.filter(pk=rows[0].pk).update(read_at="2024-01-01T00:00:00Z")
    client = client_for(member)

    body = client.get(URL, {"limit": 2}).json()
    assert [i["id"] for i in body["items"]] == [rows[2].pk, rows[1].pk]
    assert body["unread_count"] == 2
    item = body["items"][0]
    assert item["kind"] == "reply"
    assert item["unread"] is True
    assert item["actor"] == {"id": rows[2].actor_id, "display_name": rows[2].actor.public_name}
    assert item["url"] == rows[2].reply.get_absolute_url()
    assert rows[2].topic.title in item["text"]

    rest = client.get(URL, {"limit": 2, "cursor": body["next_cursor"]}).json()
    assert [i["id"] for i in rest["items"]] == [rows[0].pk]
    assert rest["next_cursor"] is None

    unread = client.get(URL, {"unread": "true"}).json()
    assert [i["id"] for i in unread["items"]] == [rows[2].pk, rows[1].pk]

    assert client.get(URL, {"cursor": "!!"}).status_code == 400


def test_read_one_and_all(client_for, member, other_member, space):
    first, _second = make_notifications(member, space, 2)
    [theirs] = make_notifications(other_member, space, 1)
    client = client_for(member)

    response = client.post(f"{URL}/{first.pk}/read")
    assert response.status_code == 200
    assert response.json()["unread"] is False
    assert response.json()["read_at"] is not None

    response = client.post(f"{URL}/read-all")
    assert response.json() == {"marked_read": 1}
    assert not Notification.objects.filter(recipient=member, read_at__isnull=True).exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_another_members_notification_is_404(client_for, member, other_member, space):
    [theirs] = make_notifications(other_member, space, 1)

    response = client_for(member).post(f"{URL}/{theirs.pk}/read")

    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_visitors_get_401(client_for):
    client = client_for(None)
    assert client.get(URL).status_code == 401
    assert client.post(f"{URL}/read-all").status_code == 401
    assert client.get(f"{URL}/preferences").status_code == 401


def test_preferences_get_and_put(client_for, member):
    client = client_for(member)

    listed = {p["kind"]: p["channel"] for p in client.get(f"{URL}/preferences").json()}
    assert listed == {
        "reply": "email",
        "mention": "email",
        "like": "in_app",
        "accepted": "email",
        "new_topic": "in_app",
        "badge": "in_app",
        "level": "in_app",
        "welcome": "in_app",
        "idea_threshold": "in_app",
        "idea_response": "email",
        "idea_shipped": "email",
        "idea_merged": "email",
    }

    response = client.put(
        f"{URL}/preferences",
        {"channels": {"like": "off", "reply": "in_app"}},
        content_type="application/json",
    )
    assert response.status_code == 200
    saved = {p["kind"]: p["channel"] for p in response.json()}
    assert saved["like"] == "off"
    assert saved["reply"] == "in_app"
    assert saved["mention"] == "email"  # left out, unchanged
    assert preference_channels(member)[NotificationKind.LIKE] == Channel.OFF


@pytest.mark.parametrize(
    ("channels", "field"),
    [({"like": "pigeon"}, "like"), ({"escalation": "email"}, "escalation"), ({"x": "off"}, "x")],
)
def test_preferences_put_rejects_bad_input(client_for, member, channels, field):
    response = client_for(member).put(
        f"{URL}/preferences", {"channels": channels}, content_type="application/json"
    )

    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not member.notification_preferences.exists()


def test_support_agents_have_escalations_in_their_preferences(client_for, support_agent):
    kinds = [p["kind"] for p in client_for(support_agent).get(f"{URL}/preferences").json()]
    assert "escalation" in kinds


def test_list_query_count_does_not_grow(client_for, member, space, django_assert_max_num_queries):
    client = client_for(member)
    make_notifications(member, space, 2)
    with django_assert_max_num_queries(15) as few:
        client.get(URL)
    make_notifications(member, space, 20)
    with django_assert_max_num_queries(15) as many:
        assert len(client.get(URL).json()["items"]) == 22
    assert len(many.captured_queries) == len(few.captured_queries)
