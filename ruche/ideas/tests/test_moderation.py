"""Deleting and restoring ideas: who may, and that a deleted idea leaves every list."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from ruche.accounts.tests.factories import UserFactory
from ruche.activity.models import Activity
from ruche.forum.models import Topic
from ruche.ideas import selectors, services
from ruche.ideas.models import IdeaLike, StatusKind
from ruche.spaces.models import Visibility

from .conftest import RATIONALE, fresh, set_threshold

pytestmark = pytest.mark.django_db


def _deleted(idea) -> bool:
    return Topic.objects.get(pk=idea.pk).is_deleted


def _ids(response) -> list[int]:
    return [i["id"] for i in response.json()["items"]]


# --- Services: who may ------------------------------------------------------------------------


def test_author_deletes_own_open_idea_and_the_ledger_records_it(idea, member, moderator):
    services.idea_delete(idea=idea, actor=member)
    topic = Topic.objects.get(pk=idea.pk)
    assert topic.is_deleted
    assert topic.deleted_by == member
    assert topic.deleted_at
    entry = Activity.objects.get(verb="ideas.deleted")
    assert entry.actor == member
    assert entry.target_id == idea.pk
    with pytest.raises(ValidationError):  # twice: already deleted (the author no longer sees it)
        services.idea_delete(idea=idea, actor=moderator)


def test_author_may_not_delete_once_answered(idea, member, product_manager):
    services.response_save(
        idea=idea,
        author=product_manager,
        decision=services.status_of_kind(StatusKind.PLANNED),
        rationale=RATIONALE,
        target_quarter="2027-Q1",
        publish=True,
    )
    with pytest.raises(PermissionDenied):
        services.idea_delete(idea=idea, actor=member)
    assert not _deleted(idea)


def test_other_members_and_product_managers_may_not_delete(idea, other_member, product_manager):
    for actor in (other_member, product_manager):
        with pytest.raises(PermissionDenied):
            services.idea_delete(idea=idea, actor=actor)
    assert not _deleted(idea)


@pytest.mark.parametrize("role", ["moderator", "community_manager", "administrator"])
def test_moderators_delete_with_a_reason_and_restore(request, idea, member, role):
    actor = request.getfixturevalue(role)
    services.idea_delete(idea=idea, actor=actor, reason="Spam")
    assert _deleted(idea)
    assert Activity.objects.get(verb="ideas.deleted").payload["reason"] == "Spam"
    # The author no longer sees it, so cannot restore it either.
    with pytest.raises(Http404):
        services.idea_restore(idea=idea, actor=member)
    services.idea_restore(idea=idea, actor=actor)
    assert not _deleted(idea)
    assert Activity.objects.filter(verb="ideas.restored", actor=actor).count() == 1
    with pytest.raises(ValidationError):
        services.idea_restore(idea=idea, actor=actor)


def test_moderator_of_the_space_only(idea, idea_space, spaces):
    local = UserFactory()
    local.moderated_spaces.add(idea_space)
    elsewhere = UserFactory()
    elsewhere.moderated_spaces.add(spaces[Visibility.PUBLIC])
    with pytest.raises(PermissionDenied):
        services.idea_delete(idea=idea, actor=elsewhere)
    services.idea_delete(idea=idea, actor=local)
    with pytest.raises(Http404):
        services.idea_restore(idea=idea, actor=elsewhere)
    services.idea_restore(idea=idea, actor=local)
    assert not _deleted(idea)


def test_deleted_ideas_take_no_merge(make_idea, idea, community_manager):
    other = make_idea(title="Another idea about SMS reminders")
    services.idea_delete(idea=other, actor=community_manager)
    for duplicate, original, field in ((idea, other, "original"), (other, idea, "duplicate")):
        with pytest.raises(ValidationError) as caught:
            services.idea_merge(duplicate=duplicate, original=original, actor=community_manager)
        assert field in caught.value.message_dict
    assert fresh(idea).merged_into_id is None


def test_reason_too_long_is_a_field_error(idea, moderator):
    with pytest.raises(ValidationError) as caught:
        services.idea_delete(idea=idea, actor=moderator, reason="x" * 501)
    assert "reason" in caught.value.message_dict


# --- Likes ------------------------------------------------------------------------------------


def test_likes_on_a_deleted_idea_are_refused(idea, moderator, other_member, client_for):
    services.idea_delete(idea=idea, actor=moderator)
    with pytest.raises(ValidationError) as caught:
        services.idea_like(idea=fresh(idea), member=moderator)
    assert "idea" in caught.value.message_dict
    with pytest.raises(Http404):
        services.idea_like(idea=fresh(idea), member=other_member)
    # API: members do not see it (404); a moderator gets a field error.
    assert client_for(other_member).put(f"/api/v1/ideas/{idea.pk}/like").status_code == 404
    response = client_for(moderator).put(f"/api/v1/ideas/{idea.pk}/like")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "idea"
    # Web: the moderator sees the reason, nothing is counted.
    page = client_for(moderator).post(f"/ideas/{idea.pk}/like/", follow=True).content.decode()
    assert "takes no likes" in page
    assert not IdeaLike.objects.filter(idea=idea).exists()


# --- Lists, search, roadmap, inbox, counts ----------------------------------------------------


@pytest.fixture
def deleted_and_kept(make_idea, moderator):
    kept = make_idea(title="Export the agenda to a spreadsheet")
    gone = make_idea(title="Cheap pills spam spam spam online")
    services.idea_delete(idea=gone, actor=moderator, reason="Spam")
    return gone, kept


def test_list_page_hides_deleted_ideas_even_from_moderators(
    client_for, deleted_and_kept, member, moderator
):
    gone, kept = deleted_and_kept
    for user in (member, moderator):
        page = client_for(user).get("/ideas/").content.decode()
        assert kept.title in page
        assert gone.title not in page


def test_api_list_and_detail(client_for, deleted_and_kept, member, moderator, client):
    gone, kept = deleted_and_kept
    for user in (member, moderator):
        ids = _ids(client_for(user).get("/api/v1/ideas", {"include_merged": True}))
        assert kept.pk in ids
        assert gone.pk not in ids
    assert client_for(member).get(f"/api/v1/ideas/{gone.pk}").status_code == 404
    assert client.get(f"/api/v1/ideas/{gone.pk}").status_code == 404
    data = client_for(moderator).get(f"/api/v1/ideas/{gone.pk}").json()
    assert data["is_deleted"]
    assert data["may_restore"]
    assert not data["may_delete"]


def test_search_and_similar_ideas(client_for, deleted_and_kept, member, moderator):
    gone, kept = deleted_and_kept
    for user in (member, moderator):
        assert selectors.similar_ideas(viewer=user, title="pills spam online") == []
        similar = client_for(user).get("/api/v1/ideas/similar", {"title": "pills spam online"})
        assert similar.json() == []
        page = client_for(user).get("/search/", {"q": "pills spam"}).content.decode()
        assert gone.title not in page
    assert kept.title in client_for(member).get("/search/", {"q": "spreadsheet"}).content.decode()


def test_roadmap_inbox_accountability_and_csv(
    client_for, make_idea, area, product_manager, moderator, member
):
    set_threshold(area, 1)
    planned = make_idea(title="Planned then spammed idea about reminders")
    services.response_save(
        idea=planned,
        author=product_manager,
        decision=services.status_of_kind(StatusKind.PLANNED),
        rationale=RATIONALE,
        target_quarter="2027-Q1",
        publish=True,
    )
    waiting = make_idea(title="Waiting idea about invoices and payments")
    services.idea_like(idea=waiting, member=UserFactory())
    pm = client_for(product_manager)
    assert planned.title in client_for(member).get("/ideas/roadmap/").content.decode()
    assert waiting.title in pm.get("/ideas/inbox/").content.decode()
    before = selectors.accountability(viewer=product_manager)["overall"].reached
    for idea in (planned, waiting):
        services.idea_delete(idea=idea, actor=moderator)
    assert planned.title not in client_for(member).get("/ideas/roadmap/").content.decode()
    assert planned.title not in pm.get("/ideas/roadmap/").content.decode()
    assert waiting.title not in pm.get("/ideas/inbox/").content.decode()
    assert selectors.accountability(viewer=product_manager)["overall"].reached == before - 1
    csv = b"".join(pm.get("/ideas/export.csv").streaming_content).decode()
    assert waiting.title not in csv
    assert planned.title not in csv


# --- Web --------------------------------------------------------------------------------------


def test_idea_page_buttons_and_history_link(client_for, idea, member, other_member, moderator):
    history = f"/forum/t/{idea.pk}/history/"
    author_page = client_for(member).get(f"/ideas/{idea.pk}/").content.decode()
    assert f"/ideas/{idea.pk}/delete/" in author_page
    assert history not in author_page  # not edited yet
    assert (
        f"/ideas/{idea.pk}/delete/"
        not in client_for(other_member).get(f"/ideas/{idea.pk}/").content.decode()
    )
    services.idea_edit(
        idea=idea, editor=member, title="Send SMS reminders the day before appointments"
    )
    assert history in client_for(member).get(f"/ideas/{idea.pk}/").content.decode()
    assert history in client_for(moderator).get(f"/ideas/{idea.pk}/").content.decode()
    assert history not in client_for(other_member).get(f"/ideas/{idea.pk}/").content.decode()
    assert client_for(member).get(history).status_code == 200


def test_delete_and_restore_through_the_pages(client_for, idea, member, moderator, other_member):
    assert client_for(other_member).post(f"/ideas/{idea.pk}/delete/").status_code == 403
    response = client_for(member).post(f"/ideas/{idea.pk}/delete/")
    assert response.status_code == 302
    assert response["Location"] == "/ideas/"
    assert _deleted(idea)
    assert client_for(member).get(f"/ideas/{idea.pk}/").status_code == 404
    page = client_for(moderator).get(f"/ideas/{idea.pk}/").content.decode()
    assert f"/ideas/{idea.pk}/restore/" in page
    assert f"/ideas/{idea.pk}/delete/" not in page
    assert client_for(other_member).post(f"/ideas/{idea.pk}/restore/").status_code == 404
    assert client_for(moderator).post(f"/ideas/{idea.pk}/restore/").status_code == 302
    assert not _deleted(idea)
    assert client_for(member).get(f"/ideas/{idea.pk}/").status_code == 200


# --- API --------------------------------------------------------------------------------------


def test_api_delete_and_restore_permissions(
    client_for, client, make_idea, idea, member, other_member, moderator, spaces, ambassador
):
    unseen = make_idea(author=ambassador, space=spaces[Visibility.PROGRAMME])
    assert client.delete(f"/api/v1/ideas/{idea.pk}").status_code == 401
    assert client.post(f"/api/v1/ideas/{idea.pk}/restore").status_code == 401
    assert client_for(other_member).delete(f"/api/v1/ideas/{idea.pk}").status_code == 403
    assert client_for(member).delete(f"/api/v1/ideas/{unseen.pk}").status_code == 404
    assert client_for(member).post(f"/api/v1/ideas/{idea.pk}/restore").status_code == 403
    long = client_for(moderator).delete(f"/api/v1/ideas/{idea.pk}?reason={'x' * 501}")
    assert long.status_code == 422
    assert client_for(member).delete(f"/api/v1/ideas/{idea.pk}").status_code == 204
    assert _deleted(idea)
    assert client_for(member).post(f"/api/v1/ideas/{idea.pk}/restore").status_code == 404
    assert client_for(member).get(f"/api/v1/ideas/{idea.pk}").status_code == 404
    restored = client_for(moderator).post(f"/api/v1/ideas/{idea.pk}/restore")
    assert restored.status_code == 200
    assert restored.json()["is_deleted"] is False
    assert client_for(member).get(f"/api/v1/ideas/{idea.pk}").json()["may_delete"] is True
