"""The bell, the list of notifications, reading them, and the settings page."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ruche.accounts.tests.factories import UserFactory
from ruche.forum.tests.factories import ReplyFactory, TopicFactory
from ruche.notifications.models import Channel, Notification, NotificationKind
from ruche.notifications.services import preference_channels
from ruche.spaces.models import Visibility

pytestmark = pytest.mark.django_db


def make_notifications(recipient, space, count: int, **fields) -> list[Notification]:
    """Rows as delivery makes them: each about a different reply by a different member."""
    rows = []
    for _ in range(count):
        reply = ReplyFactory(topic=TopicFactory(space=space), author=UserFactory())
        rows.append(
            Notification.objects.create(
                recipient=recipient,
                kind=NotificationKind.REPLY,
                actor=reply.author,
                topic=reply.topic,
                reply=reply,
                group_key=f"reply:{reply.pk}",
                **fields,
            )
        )
    return rows


def test_bell_shows_the_unread_count(client_for, member, space):
    make_notifications(member, space, 3)
    make_notifications(member, space, 2, read_at="2024-01-01T00:00:00Z")

    html = client_for(member).get(reverse("notifications:list")).content.decode()

    assert 'aria-label="Notifications, 3 unread"' in html
    assert re.search(r'class="badge" aria-hidden="true">3</span>', html)


def test_bell_without_unread_and_for_visitors(client_for, member):
    html = client_for(member).get(reverse("notifications:preferences")).content.decode()
    assert 'aria-label="Notifications, none unread"' in html
    assert 'class="badge"' not in html

    html = client_for(None).get(reverse("spaces:list")).content.decode()
    assert "notifications" not in html.lower()


def test_bell_caps_at_99(client_for, member, space):
    topic = TopicFactory(space=space)
    Notification.objects.bulk_create(
        Notification(recipient=member, kind="like", topic=topic, group_key=f"k{i}")
        for i in range(120)
    )
    html = client_for(member).get(reverse("notifications:list")).content.decode()
    assert ">99+</span>" in html


def test_list_shows_newest_first_with_unread_highlighted(client_for, member, space):
    older, newer = make_notifications(member, space, 2)
    Notification.objects.filter(pk=older.pk).update(read_at="2024-01-01T00:00:00Z")

    html = client_for(member).get(reverse("notifications:list")).content.decode()

    assert html.index(f'id="notification-{newer.pk}"') < html.index(f'id="notification-{older.pk}"')
    assert f'class="notification unread" id="notification-{newer.pk}"' in html
    assert f'class="notification" id="notification-{older.pk}"' in html
    assert reverse("notifications:open", args=[newer.pk]) in html
    assert newer.topic.title in html


def test_unread_filter_and_keyset_pages(client_for, member, space, settings):
    rows = make_notifications(member, space, 32)
    Notification.objects.filter(pk=rows[0].pk).update(read_at="2024-01-01T00:00:00Z")
    client = client_for(member)

    first = client.get(reverse("notifications:list"))
    assert len(first.context["page"].items) == 30
    cursor = first.context["page"].next_cursor
    second = client.get(reverse("notifications:list"), {"cursor": cursor})
    assert [n.pk for n in second.context["page"].items] == [rows[1].pk, rows[0].pk]

    unread = client.get(reverse("notifications:list"), {"unread": "1"})
    assert rows[0] not in unread.context["page"].items
    assert client.get(reverse("notifications:list"), {"cursor": "nonsense"}).status_code == 404


def test_list_query_count_does_not_grow(client_for, member, space, django_assert_max_num_queries):
    client = client_for(member)
    make_notifications(member, space, 2)
    client.get(reverse("notifications:list"))  # warm up (session, sites…)

    with django_assert_max_num_queries(15) as few:
        client.get(reverse("notifications:list"))
    make_notifications(member, space, 25)
    with django_assert_max_num_queries(15) as many:
        response = client.get(reverse("notifications:list"))

    assert len(response.context["page"].items) == 27
    assert len(many.captured_queries) == len(few.captured_queries)


def test_content_no_longer_visible_is_not_named(client_for, member, spaces):
    space = spaces[Visibility.MEMBERS]
    [notification] = make_notifications(member, space, 1)
    space.visibility = Visibility.STAFF
    space.save()
    client = client_for(member)

    html = client.get(reverse("notifications:list")).content.decode()
    assert notification.topic.title not in html
    assert "This content is no longer available." in html

    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.url == reverse("notifications:list")


def test_opening_marks_read_and_goes_to_the_reply(client_for, member, space):
    [notification] = make_notifications(member, space, 1)

    response = client_for(member).get(reverse("notifications:open", args=[notification.pk]))

    assert response.status_code == 302
    assert response.url == notification.reply.get_absolute_url()
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_mark_one_read_and_all_read(client_for, member, other_member, space):
    first, _second, _third = make_notifications(member, space, 3)
    [theirs] = make_notifications(other_member, space, 1)
    client = client_for(member)

    response = client.post(reverse("notifications:read", args=[first.pk]))
    assert response.url == reverse("notifications:list")
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 2

    client.post(reverse("notifications:read_all"), {"next": "https://evil.example/"})
    assert Notification.objects.filter(recipient=member, read_at__isnull=True).count() == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None  # someone else's are untouched


def test_reading_needs_post(client_for, member, space):
    [notification] = make_notifications(member, space, 1)
    client = client_for(member)
    assert client.get(reverse("notifications:read", args=[notification.pk])).status_code == 405
    assert client.get(reverse("notifications:read_all")).status_code == 405


def test_another_members_notification_is_404(client_for, member, other_member, space):
    [theirs] = make_notifications(other_member, space, 1)
    client = client_for(member)

    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("notifications:read", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    html = client.get(reverse("notifications:list")).content.decode()
    assert f"notification-{theirs.pk}" not in html


def test_visitors_are_sent_to_sign_in(client_for):
    client = client_for(None)
    for url in (reverse("notifications:list"), reverse("notifications:preferences")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response.url


def test_preferences_page_shows_one_choice_per_kind_and_saves(client_for, member):
    client = client_for(member)
    html = client.get(reverse("notifications:preferences")).content.decode()

    assert "Mentions of you (@handle)" in html
    assert "By e-mail and in the community" in html
    assert "Questions escalated to the support team" not in html  # members get no escalations
    assert 'name="like" value="in_app" required id="id_like_0" checked' in html

    data = dict.fromkeys(preference_channels(member), Channel.IN_APP)
    data[NotificationKind.REPLY] = Channel.OFF
    response = client.post(reverse("notifications:preferences"), data)

    assert response.status_code == 302
    assert preference_channels(member)[NotificationKind.REPLY] == Channel.OFF
    assert preference_channels(member)[NotificationKind.MENTION] == Channel.IN_APP


def test_preferences_page_rejects_an_unknown_channel(client_for, member):
    data = dict.fromkeys(preference_channels(member), "pigeon")
    response = client_for(member).post(reverse("notifications:preferences"), data)

    assert response.status_code == 200
    assert response.context["form"].errors
    assert preference_channels(member)[NotificationKind.REPLY] == Channel.EMAIL


def test_support_agents_choose_how_they_hear_of_escalations(client_for, support_agent):
    html = client_for(support_agent).get(reverse("notifications:preferences")).content.decode()
    assert "Questions escalated to the support team" in html
