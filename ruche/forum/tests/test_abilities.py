"""The abilities a level unlocks, as members use them: retag, move, flag and hide (issue 5).

Pages and API: who sees the controls, who may use them (403 otherwise), bad input (form errors,
422 with field and reason), and hidden posts disappearing for others until a moderator restores.
"""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ruche.accounts.tests.factories import SpaceFactory, UserFactory
from ruche.activity.models import Activity
from ruche.forum import services
from ruche.forum.models import Reply, Topic, TopicKind
from ruche.recognition.models import MemberEngagement
from ruche.spaces.models import PostingPolicy, Visibility

from .factories import TagFactory

pytestmark = pytest.mark.django_db

API = "/api/v1"
BODY = "Since the last update the agenda no longer sends the SMS reminders to my patients."


@pytest.fixture(autouse=True)
def _no_newcomer_limits(settings):
    settings.RUCHE = {**settings.RUCHE, "NEWCOMER_POSTS_PER_HOUR": 10_000}


@pytest.fixture
def trusted(db):
    """A member at level 4: retag and flag-and-hide (level 3) and move (level 4) by default."""
    user = UserFactory(display_name="Tara Trusted")
    _promote(user)
    return user


def _promote(user) -> None:
    """Level 4 by hand; again after the member posts, since posting recomputes their level."""
    MemberEngagement.objects.update_or_create(member=user, defaults={"level": 4})


@pytest.fixture
def topic(spaces, other_member):
    return services.topic_create(
        author=other_member,
        space=spaces[Visibility.MEMBERS],
        kind=TopicKind.QUESTION,
        title="SMS reminders stopped",
        body=BODY,
    )


@pytest.fixture
def reply(topic):
    return services.reply_create(
        author=UserFactory(), topic=topic, body="Buy cheap watches on my site today."
    )


@pytest.fixture
def lounge(db):
    """Another space of the same visibility as ``topic``'s: where a trusted member may move it."""
    return SpaceFactory(slug="lounge", visibility=Visibility.MEMBERS)


def call(client, method: str, url: str, body: dict | None = None):
    send = getattr(client, method.lower())
    if method == "get":
        return send(f"{API}{url}")
    return send(f"{API}{url}", data=json.dumps(body or {}), content_type="application/json")


def errors_of(response) -> dict[str, str]:
    return {error["field"]: error["reason"] for error in response.json()["errors"]}


# --- Pages ------------------------------------------------------------------------------------


def test_a_trusted_member_sees_every_control(client_for, trusted, topic, reply, lounge):
    own = services.reply_create(author=trusted, topic=topic, body="My own answer is right here.")
    _promote(trusted)
    page = client_for(trusted).get(topic.get_absolute_url()).text
    assert f'action="/forum/t/{topic.pk}/retag/"' in page
    assert f'action="/forum/t/{topic.pk}/move/"' in page
    assert f'action="/forum/t/{topic.pk}/hide/"' in page
    assert f'action="/forum/r/{reply.pk}/hide/"' in page
    assert f'action="/forum/r/{own.pk}/hide/"' not in page  # one's own post is deleted, not flagged
    # The move form lists only the spaces it may go to: same visibility, not the current one.
    assert f'<option value="{lounge.pk}"' in page
    assert f'<option value="{topic.space_id}"' not in page


def test_a_newcomer_sees_no_control_and_is_refused(client_for, member, topic, reply, lounge):
    client = client_for(member)
    page = client.get(topic.get_absolute_url()).text
    for url in ("retag", "move", "hide"):
        assert f'action="/forum/t/{topic.pk}/{url}/"' not in page
    assert f'action="/forum/r/{reply.pk}/hide/"' not in page

    assert client.post(f"/forum/t/{topic.pk}/retag/", {"tags": "agenda"}).status_code == 403
    assert client.post(f"/forum/t/{topic.pk}/move/", {"space": lounge.pk}).status_code == 403
    assert client.post(f"/forum/t/{topic.pk}/hide/", {"reason": "Spam"}).status_code == 403
    assert client.post(f"/forum/r/{reply.pk}/hide/", {"reason": "Spam"}).status_code == 403
    topic.refresh_from_db()
    reply.refresh_from_db()
    assert topic.space_id != lounge.pk
    assert not topic.is_deleted
    assert not reply.is_deleted


def test_anonymous_visitors_see_no_control(client, spaces, other_member):
    public = services.topic_create(
        author=other_member,
        space=spaces[Visibility.PUBLIC],
        kind=TopicKind.QUESTION,
        title="A public question",
        body=BODY,
    )
    page = client.get(public.get_absolute_url()).text
    for url in ("/retag/", "/move/", "/hide/"):
        assert url not in page


def test_retag_from_the_topic_page(client_for, trusted, topic):
    TagFactory(slug="agenda", name="agenda")
    TagFactory(slug="sms", name="sms")
    response = client_for(trusted).post(f"/forum/t/{topic.pk}/retag/", {"tags": "agenda, SMS"})
    assert response.status_code == 302
    assert sorted(topic.tags.values_list("slug", flat=True)) == ["agenda", "sms"]
    assert Activity.objects.filter(actor=trusted, verb="forum.topic_retagged").count() == 1


def test_retag_with_an_unknown_tag_is_a_form_error_that_keeps_the_input(client_for, trusted, topic):
    TagFactory(slug="agenda", name="agenda")
    response = client_for(trusted).post(
        f"/forum/t/{topic.pk}/retag/", {"tags": "agenda, brand-new-thing"}
    )
    assert response.status_code == 422
    assert "Unknown tag: brand-new-thing" in response.text
    assert 'value="agenda, brand-new-thing"' in response.text  # nothing lost
    assert not topic.tags.exists()


def test_the_author_may_still_create_tags_by_retagging(client_for, other_member, topic):
    response = client_for(other_member).post(f"/forum/t/{topic.pk}/retag/", {"tags": "fresh"})
    assert response.status_code == 302
    assert list(topic.tags.values_list("slug", flat=True)) == ["fresh"]


def test_move_from_the_topic_page(client_for, trusted, topic, lounge):
    response = client_for(trusted).post(f"/forum/t/{topic.pk}/move/", {"space": lounge.pk})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.space == lounge


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("public", "Only moderators move a topic to a space of another visibility."),
        ("announcements", "You may not post in this space."),
        ("staff", "Select a valid choice"),  # a space one cannot see is not a choice at all
    ],
)
def test_move_to_a_space_not_allowed_is_a_form_error(
    client_for, trusted, topic, spaces, where, reason
):
    target = {
        "public": lambda: spaces[Visibility.PUBLIC],
        "announcements": lambda: SpaceFactory(
            slug="news", visibility=Visibility.MEMBERS, posting=PostingPolicy.STAFF
        ),
        "staff": lambda: spaces[Visibility.STAFF],
    }[where]()
    response = client_for(trusted).post(f"/forum/t/{topic.pk}/move/", {"space": target.pk})
    assert response.status_code == 422
    assert reason in response.text
    topic.refresh_from_db()
    assert topic.space == spaces[Visibility.MEMBERS]


def test_a_moderator_moves_across_visibilities(client_for, moderator, topic, spaces):
    page = client_for(moderator).get(topic.get_absolute_url()).text
    assert f'<option value="{spaces[Visibility.PUBLIC].pk}"' in page
    response = client_for(moderator).post(
        f"/forum/t/{topic.pk}/move/", {"space": spaces[Visibility.PUBLIC].pk}
    )
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.space == spaces[Visibility.PUBLIC]


def test_a_flagged_reply_disappears_for_others_until_a_moderator_restores_it(
    client_for, trusted, other_member, moderator, topic, reply
):
    response = client_for(trusted).post(f"/forum/r/{reply.pk}/hide/", {"reason": "Advertising"})
    assert response.status_code == 302
    assert response.url == topic.get_absolute_url()
    reply.refresh_from_db()
    assert reply.is_deleted
    assert reply.deleted_by == trusted
    assert "cheap watches" not in client_for(other_member).get(topic.get_absolute_url()).text

    page = client_for(moderator).get(topic.get_absolute_url()).text
    assert "cheap watches" in page
    assert f'action="/forum/r/{reply.pk}/restore/"' in page
    client_for(moderator).post(f"/forum/r/{reply.pk}/restore/")
    assert "cheap watches" in client_for(other_member).get(topic.get_absolute_url()).text


def test_a_flagged_topic_disappears_for_others_until_a_moderator_restores_it(
    client_for, trusted, member, moderator, topic
):
    response = client_for(trusted).post(f"/forum/t/{topic.pk}/hide/", {"reason": "Spam"})
    assert response.status_code == 302
    assert response.url == f"/spaces/{topic.space.slug}/"
    assert client_for(member).get(topic.get_absolute_url()).status_code == 404
    assert client_for(trusted).get(topic.get_absolute_url()).status_code == 404

    page = client_for(moderator).get(topic.get_absolute_url()).text
    assert f'action="/forum/t/{topic.pk}/restore/"' in page
    client_for(moderator).post(f"/forum/t/{topic.pk}/restore/")
    assert client_for(member).get(topic.get_absolute_url()).status_code == 200


def test_flag_without_a_reason_is_a_form_error(client_for, trusted, reply):
    response = client_for(trusted).post(f"/forum/r/{reply.pk}/hide/", {"reason": "  "})
    assert response.status_code == 422
    assert "This field is required." in response.text
    assert f'action="/forum/r/{reply.pk}/hide/"' in response.text  # the form to try again
    reply.refresh_from_db()
    assert not reply.is_deleted


def test_flagging_ones_own_post_is_refused(client_for, trusted, topic):
    own = services.reply_create(author=trusted, topic=topic, body="My own answer is right here.")
    _promote(trusted)
    response = client_for(trusted).post(f"/forum/r/{own.pk}/hide/", {"reason": "Oops"})
    assert response.status_code == 403
    assert not Reply.objects.get(pk=own.pk).is_deleted


def test_topic_page_query_count_with_the_controls_does_not_grow_with_replies(
    client_for, trusted, topic, lounge
):
    def add(count: int) -> None:
        for number in range(count):
            services.reply_create(
                author=UserFactory(), topic=topic, body=f"Reply number {number} here."
            )

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(topic.get_absolute_url())
        assert response.status_code == 200
        return len(context.captured_queries)

    client = client_for(trusted)
    add(5)
    few = count()
    add(35)
    many = count()
    assert few == many


# --- API --------------------------------------------------------------------------------------


def _writes(topic: Topic, reply: Reply, lounge) -> list[tuple[str, str, dict]]:
    return [
        ("put", f"/topics/{topic.pk}/tags", {"tags": ["agenda"]}),
        ("post", f"/topics/{topic.pk}/move", {"space": lounge.slug}),
        ("post", f"/topics/{topic.pk}/hide", {"reason": "Spam"}),
        ("post", f"/replies/{reply.pk}/hide", {"reason": "Spam"}),
    ]


def test_api_anonymous_must_sign_in(client, topic, reply, lounge):
    for method, url, body in _writes(topic, reply, lounge):
        assert call(client, method, url, body).status_code == 401, url


def test_api_newcomer_is_refused(client_for, member, topic, reply, lounge):
    TagFactory(slug="agenda", name="agenda")
    client = client_for(member)
    for method, url, body in _writes(topic, reply, lounge):
        assert call(client, method, url, body).status_code == 403, url


def test_api_what_one_cannot_see_is_unknown(client_for, trusted, spaces, moderator, lounge):
    hidden = services.topic_create(
        author=moderator,
        space=spaces[Visibility.STAFF],
        kind=TopicKind.QUESTION,
        title="Staff only question",
        body=BODY,
    )
    staff_reply = services.reply_create(author=moderator, topic=hidden, body="A staff reply.")
    client = client_for(trusted)
    for method, url, body in _writes(hidden, staff_reply, lounge):
        assert call(client, method, url, body).status_code == 404, url


def test_api_trusted_member_retags_moves_and_hides(client_for, trusted, topic, reply, lounge):
    TagFactory(slug="agenda", name="Agenda")
    client = client_for(trusted)

    response = call(client, "put", f"/topics/{topic.pk}/tags", {"tags": ["agenda"]})
    assert response.status_code == 200
    assert [tag["slug"] for tag in response.json()["tags"]] == ["agenda"]

    response = call(client, "post", f"/topics/{topic.pk}/move", {"space": "lounge"})
    assert response.status_code == 200
    assert response.json()["space"]["slug"] == "lounge"

    response = call(client, "post", f"/replies/{reply.pk}/hide", {"reason": "Advertising"})
    assert response.status_code == 204
    assert Reply.objects.get(pk=reply.pk).is_deleted

    response = call(client, "post", f"/topics/{topic.pk}/hide", {"reason": "Spam"})
    assert response.status_code == 204
    assert Topic.objects.get(pk=topic.pk).is_deleted
    assert call(client, "get", f"/topics/{topic.pk}").status_code == 404


@pytest.mark.parametrize(
    ("method", "url", "body", "field", "reason"),
    [
        ("put", "/topics/{topic}/tags", {"tags": ["nowhere"]}, "tags", "Unknown tag: nowhere"),
        ("put", "/topics/{topic}/tags", {"tags": ["!!!"]}, "tags", "is not a tag"),
        ("post", "/topics/{topic}/move", {"space": "no-such"}, "space", "Unknown space"),
        ("post", "/topics/{topic}/move", {"space": "public-space"}, "space", "another visibility"),
        ("post", "/topics/{topic}/move", {"space": "staff-space"}, "space", "Unknown space"),
        ("post", "/topics/{topic}/hide", {"reason": ""}, "reason", "at most 200 characters"),
        ("post", "/replies/{reply}/hide", {"reason": "x" * 201}, "reason", "200 characters"),
        ("post", "/replies/{own}/hide", {"reason": "Oops"}, "reply_id", "Delete your own post"),
    ],
)
def test_api_bad_input_is_a_422_with_field_and_reason(
    client_for, trusted, topic, reply, method, url, body, field, reason
):
    own = services.reply_create(author=trusted, topic=topic, body="My own answer is right here.")
    _promote(trusted)
    response = call(
        client_for(trusted), method, url.format(topic=topic.pk, reply=reply.pk, own=own.pk), body
    )
    assert response.status_code == 422, response.content
    assert reason in errors_of(response)[field]
    assert not Topic.objects.get(pk=topic.pk).is_deleted
    assert not topic.tags.exists()
