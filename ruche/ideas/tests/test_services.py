from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404

from ruche.accounts.models import User
from ruche.accounts.tests.factories import UserFactory
from ruche.activity.models import Activity
from ruche.forum.models import Follow, FollowTarget, Reply, Revision, Topic
from ruche.forum.services import like_add
from ruche.ideas import services, verbs
from ruche.ideas.models import (
    IdeaLike,
    IdeaSettings,
    IdeaStatusChange,
    OfficialResponse,
    StatusKind,
)
from ruche.ideas.thread import IDEA_THREAD
from ruche.notifications.models import Notification, NotificationKind
from ruche.spaces.models import Visibility

from .conftest import RATIONALE, fresh, set_threshold

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real concurrent transactions"
)


def status(kind):
    return services.status_of_kind(kind)


# --- Proposing ------------------------------------------------------------------------------


def test_proposing_creates_the_idea_its_topic_history_and_ledger_entry(idea, member, area):
    assert idea.status.kind == StatusKind.OPEN
    topic = Topic.objects.get(pk=idea.pk)
    assert topic.kind == IDEA_THREAD.name
    assert topic.title == idea.title
    assert "Patients forget" in topic.body
    assert topic.get_absolute_url() == f"/ideas/{idea.pk}/"
    assert idea.product_area == area
    assert IdeaStatusChange.objects.filter(idea=idea).count() == 1
    assert Activity.objects.filter(verb=verbs.IdeaProposed.name, actor=member).count() == 1
    assert Follow.objects.filter(member=member, target_type="topic", target_id=idea.pk).exists()


def test_bad_input_is_refused_field_by_field(member, idea_space):
    with pytest.raises(ValidationError) as caught:
        services.idea_create(author=member, space=idea_space, title="SMS", problem="short")
    assert set(caught.value.message_dict) == {"title", "problem"}


def test_no_idea_in_a_space_one_cannot_see(member, spaces):
    with pytest.raises(Http404):
        services.idea_create(
            author=member,
            space=spaces[Visibility.STAFF],
            title="A private idea title",
            problem="A problem described at length enough.",
        )


def test_editing_keeps_the_previous_text_as_a_revision(idea, member, other_member):
    services.idea_edit(idea=idea, editor=member, title="SMS reminders the day before", reason="x")
    assert fresh(idea).title == "SMS reminders the day before"
    assert Topic.objects.get(pk=idea.pk).title == "SMS reminders the day before"
    assert Revision.objects.filter(topic_id=idea.pk).count() == 1
    with pytest.raises(PermissionDenied):
        services.idea_edit(idea=idea, editor=other_member, title="Hijacked title here")


def test_the_idea_topic_stays_out_of_the_forum_and_its_likes(idea, other_member):
    from ruche.forum.selectors import topic_list_page

    page = topic_list_page(viewer=other_member)
    assert idea.pk not in [t.pk for t in page.items]
    with pytest.raises(ValidationError):
        like_add(member=other_member, post=Topic.objects.get(pk=idea.pk))


# --- Likes and the threshold ------------------------------------------------------------------


def test_like_counts_once_subscribes_and_unlike_takes_it_back(idea, other_member):
    assert services.idea_like(idea=idea, member=other_member) is True
    assert services.idea_like(idea=idea, member=other_member) is False  # double click
    assert fresh(idea).like_count == 1
    assert Follow.objects.filter(
        member=other_member, target_type=FollowTarget.TOPIC, target_id=idea.pk
    ).exists()
    assert services.idea_unlike(idea=idea, member=other_member) is True
    assert services.idea_unlike(idea=idea, member=other_member) is False
    assert fresh(idea).like_count == 0
    verbs_recorded = set(Activity.objects.filter(actor=other_member).values_list("verb", flat=True))
    assert {verbs.IdeaLiked.name, verbs.IdeaUnliked.name} <= verbs_recorded


def test_liking_can_be_unsubscribed(idea, other_member):
    services.idea_like(idea=idea, member=other_member)
    services.idea_unfollow(idea=idea, member=other_member)
    assert not Follow.objects.filter(member=other_member, target_id=idea.pk).exists()
    assert fresh(idea).like_count == 1


def test_authors_do_not_like_their_own_idea(idea, member):
    with pytest.raises(ValidationError):
        services.idea_like(idea=idea, member=member)


@pytest.mark.parametrize("kind", [StatusKind.RELEASED, StatusKind.DECLINED])
def test_closed_ideas_take_no_new_likes(idea, other_member, product_manager, kind):
    services.idea_set_status(idea=idea, status=status(kind), actor=product_manager, reason="done")
    with pytest.raises(ValidationError) as caught:
        services.idea_like(idea=idea, member=other_member)
    assert "idea" in caught.value.message_dict


def test_no_like_on_an_idea_in_a_private_space(make_idea, spaces, ambassador, member):
    hidden = make_idea(author=ambassador, space=spaces[Visibility.PROGRAMME])
    with pytest.raises(Http404):
        services.idea_like(idea=hidden, member=member)


def test_reaching_the_threshold_commits_once_and_tells_managers_and_likers(
    idea, area, product_manager, member
):
    set_threshold(area, 3, days=10)
    likers = [UserFactory() for _ in range(4)]
    for liker in likers[:2]:
        services.idea_like(idea=idea, member=liker)
    assert fresh(idea).threshold_reached_at is None
    services.idea_like(idea=idea, member=likers[2])
    reached = fresh(idea)
    assert reached.status.kind == StatusKind.AWAITING_RESPONSE
    assert reached.threshold_reached_at is not None
    assert reached.response_due_at - reached.threshold_reached_at == timedelta(days=10)
    told = set(
        Notification.objects.filter(kind=NotificationKind.IDEA_THRESHOLD).values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {product_manager.pk, member.pk, *(liker.pk for liker in likers[:3])}
    # More likes, then fewer: the commitment does not move and is not made again.
    services.idea_like(idea=idea, member=likers[3])
    for liker in likers:
        services.idea_unlike(idea=idea, member=liker)
    again = fresh(idea)
    assert again.threshold_reached_at == reached.threshold_reached_at
    assert again.status.kind == StatusKind.AWAITING_RESPONSE
    assert Activity.objects.filter(verb=verbs.ThresholdReached.name).count() == 1
    assert Activity.objects.get(verb=verbs.ThresholdReached.name).actor_id == member.pk


def test_organisation_cap_limits_what_counts(idea, area):
    set_threshold(area, 3)
    settings = IdeaSettings.current()
    settings.organisation_cap = 2
    settings.save()
    clinic = [UserFactory(organisation="Clinique du Lac") for _ in range(3)]
    clinic.append(UserFactory(organisation=" clinique du lac "))
    for liker in clinic:
        services.idea_like(idea=idea, member=liker)
    counted = fresh(idea)
    assert (counted.like_count, counted.counted_like_count) == (4, 2)
    assert counted.threshold_reached_at is None
    services.idea_like(idea=idea, member=UserFactory(organisation="Cabinet Martin"))
    assert fresh(idea).counted_like_count == 3
    assert fresh(idea).threshold_reached_at is not None


def test_staff_record_a_like_on_behalf_of_a_customer(idea, support_agent, other_member):
    services.idea_like(idea=idea, member=other_member, on_behalf_by=support_agent)
    like = IdeaLike.objects.get(idea=idea)
    assert (like.member_id, like.on_behalf_by_id) == (other_member.pk, support_agent.pk)
    with pytest.raises(PermissionDenied):
        services.idea_like(idea=idea, member=UserFactory(), on_behalf_by=other_member)


# --- Official responses -----------------------------------------------------------------------


def test_members_cannot_answer(idea, other_member, member):
    for who in (other_member, member):
        with pytest.raises(PermissionDenied):
            services.response_save(
                idea=idea,
                author=who,
                decision=status(StatusKind.PLANNED),
                rationale=RATIONALE,
                publish=True,
            )


def test_a_product_manager_of_another_area_cannot_answer(make_idea, other_area):
    from ruche.accounts.roles import Role
    from ruche.accounts.tests.factories import member_with_role

    elsewhere = member_with_role(Role.PRODUCT_MANAGER)
    idea = make_idea()
    other_area.product_managers.add(elsewhere)
    with pytest.raises(PermissionDenied):
        services.response_save(
            idea=idea, author=elsewhere, decision=status(StatusKind.PLANNED), rationale=RATIONALE
        )


def test_a_no_without_a_why_is_refused(idea, product_manager):
    with pytest.raises(ValidationError) as caught:
        services.response_save(
            idea=idea,
            author=product_manager,
            decision=status(StatusKind.DECLINED),
            rationale="No.",
            publish=True,
        )
    assert "rationale" in caught.value.message_dict
    assert "at least" in caught.value.message_dict["rationale"][0]
    assert not OfficialResponse.objects.exists()


def test_bad_decision_and_quarter_are_refused(idea, product_manager):
    with pytest.raises(ValidationError) as caught:
        services.response_save(
            idea=idea,
            author=product_manager,
            decision=status(StatusKind.MERGED),
            rationale=RATIONALE,
            target_quarter="Q2 2027",
        )
    assert set(caught.value.message_dict) == {"decision", "target_quarter"}


def test_draft_then_publish_forms_a_versioned_timeline(idea, product_manager, other_member):
    services.idea_like(idea=idea, member=other_member)
    draft = services.response_save(
        idea=idea,
        author=product_manager,
        decision=status(StatusKind.UNDER_REVIEW),
        rationale=RATIONALE,
    )
    assert draft.is_draft
    assert fresh(idea).first_response_at is None
    assert not Notification.objects.filter(kind=NotificationKind.IDEA_RESPONSE).exists()
    first = services.response_publish(response=draft, actor=product_manager)
    assert first.version == 1
    assert fresh(idea).status.kind == StatusKind.UNDER_REVIEW
    second = services.response_save(
        idea=idea,
        author=product_manager,
        decision=status(StatusKind.PLANNED),
        rationale=RATIONALE,
        target_quarter="2027-Q2",
        publish=True,
    )
    assert second.version == 2
    answered = fresh(idea)
    assert answered.status.kind == StatusKind.PLANNED
    assert answered.target_quarter == "2027-Q2"
    assert answered.first_response_at == first.published_at
    told = Notification.objects.filter(
        kind=NotificationKind.IDEA_RESPONSE, recipient=other_member
    ).count()
    assert told == 2
    assert Activity.objects.filter(verb=verbs.ResponsePublished.name).count() == 2


# --- Merging ----------------------------------------------------------------------------------


def test_merge_combines_likes_once_moves_comments_and_followers_and_undoes(
    make_idea, product_manager, area
):
    original = make_idea(title="SMS reminders for patients")
    duplicate = make_idea(title="Text message reminders")
    both, only_dup, only_orig = UserFactory(), UserFactory(), UserFactory()
    for liker in (both, only_orig):
        services.idea_like(idea=original, member=liker)
    for liker in (both, only_dup):
        services.idea_like(idea=duplicate, member=liker)
    follower = UserFactory()
    services.idea_follow(idea=duplicate, member=follower)
    comment = services.idea_comment(idea=duplicate, author=only_dup, body="Yes please, every day!")

    merge = services.idea_merge(duplicate=duplicate, original=original, actor=product_manager)
    merged_original, merged_duplicate = fresh(original), fresh(duplicate)
    # both, only_orig, only_dup and the duplicate's author: nobody counted twice.
    assert merged_original.like_count == 4
    assert merged_duplicate.status.kind == StatusKind.MERGED
    assert merged_duplicate.merged_into_id == original.pk
    assert Reply.objects.get(pk=comment.pk).topic_id == original.pk
    assert Topic.objects.get(pk=original.pk).reply_count == 1
    assert Follow.objects.filter(member=follower, target_id=original.pk).exists()
    assert Notification.objects.filter(
        kind=NotificationKind.IDEA_MERGED, recipient=duplicate.author
    ).exists()
    with pytest.raises(ValidationError):
        services.idea_like(idea=duplicate, member=UserFactory())

    services.idea_unmerge(merge=merge, actor=product_manager)
    restored_original, restored_duplicate = fresh(original), fresh(duplicate)
    assert restored_original.like_count == 2
    assert restored_duplicate.like_count == 2
    assert restored_duplicate.status.kind == StatusKind.OPEN
    assert restored_duplicate.merged_into_id is None
    assert Reply.objects.get(pk=comment.pk).topic_id == duplicate.pk
    assert Topic.objects.get(pk=original.pk).reply_count == 0
    assert not Follow.objects.filter(member=follower, target_id=original.pk).exists()
    with pytest.raises(ValidationError):
        services.idea_unmerge(merge=merge, actor=product_manager)


def test_members_cannot_merge(make_idea, member):
    a, b = make_idea(), make_idea()
    with pytest.raises(PermissionDenied):
        services.idea_merge(duplicate=a, original=b, actor=member)


def test_a_merge_can_cross_the_threshold_once(make_idea, product_manager, area):
    set_threshold(area, 3)
    original, duplicate = make_idea(), make_idea()
    services.idea_like(idea=original, member=UserFactory())
    services.idea_like(idea=duplicate, member=UserFactory())
    services.idea_merge(duplicate=duplicate, original=original, actor=product_manager)
    assert fresh(original).threshold_reached_at is not None
    assert Activity.objects.filter(verb=verbs.ThresholdReached.name).count() == 1


# --- Releases ---------------------------------------------------------------------------------


def test_publishing_a_release_ships_its_ideas_and_tells_likers(
    idea, product_manager, other_member, member, area
):
    services.idea_like(idea=idea, member=other_member)
    release = services.release_save(
        actor=product_manager,
        title="Agenda 4.2",
        notes="SMS reminders are here, with a cancel link.",
        released_on=idea.created_at.date(),
        product_areas=[area],
        ideas=[idea],
    )
    assert fresh(idea).status.kind == StatusKind.OPEN
    services.release_publish(release=release, actor=product_manager)
    assert fresh(idea).status.kind == StatusKind.RELEASED
    told = set(
        Notification.objects.filter(kind=NotificationKind.IDEA_SHIPPED).values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {other_member.pk, member.pk}
    assert Activity.objects.filter(verb=verbs.IdeaReleased.name, actor=member).exists()


def test_members_cannot_publish_releases(member, idea):
    with pytest.raises(PermissionDenied):
        services.release_save(
            actor=member, title="Mine", notes="Nothing to see here.", released_on=idea.created_at
        )


def test_only_administrators_change_the_rules(community_manager, administrator):
    with pytest.raises(PermissionDenied):
        services.settings_update(actor=community_manager, threshold=10)
    assert services.settings_update(actor=administrator, threshold=10).threshold == 10
    with pytest.raises(ValidationError):
        services.settings_update(actor=administrator, organisation_cap=0)


# --- Concurrency (PostgreSQL) -----------------------------------------------------------------


def _parallel_count() -> int:
    """As many threads as the server's free connections allow (others share it), 50 to 200."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('max_connections')::int - count(*) FROM pg_stat_activity"
        )
        free = cursor.fetchone()[0]
    return max(50, min(200, free - 20))


def _in_parallel(work, count: int) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(index: int) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as exc:  # reported by the assertions
            results[index] = exc
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_many_members_liking_at_once_all_count(make_idea):
    idea = make_idea()
    count = _parallel_count()
    likers = [UserFactory().pk for _ in range(count)]

    def like(index: int) -> bool:
        return services.idea_like(idea=fresh(idea), member=User.objects.get(pk=likers[index]))

    assert _in_parallel(like, count) == [True] * count
    assert fresh(idea).like_count == count
    assert IdeaLike.objects.filter(idea=idea).count() == count


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_one_member_clicking_many_times_at_once_counts_once(make_idea, other_member):
    idea = make_idea()

    def like(_index: int) -> bool:
        return services.idea_like(idea=fresh(idea), member=User.objects.get(pk=other_member.pk))

    results = _in_parallel(like, 10)
    assert sorted(results, key=str) == [False] * 9 + [True]
    assert fresh(idea).like_count == 1


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_decisive_likes_at_once_cross_the_threshold_exactly_once(make_idea, area):
    set_threshold(area, 5)
    idea = make_idea()
    for _ in range(3):
        services.idea_like(idea=idea, member=UserFactory())
    likers = [UserFactory().pk for _ in range(20)]  # 2 of these are decisive, 18 go beyond

    def like(index: int) -> bool:
        return services.idea_like(idea=fresh(idea), member=User.objects.get(pk=likers[index]))

    assert _in_parallel(like, 20) == [True] * 20
    assert fresh(idea).like_count == 23
    assert Activity.objects.filter(verb=verbs.ThresholdReached.name).count() == 1
    assert (
        IdeaStatusChange.objects.filter(
            idea=idea, to_status__kind=StatusKind.AWAITING_RESPONSE
        ).count()
        == 1
    )


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_merge_racing_likes_crosses_the_threshold_exactly_once(make_idea, area, product_manager):
    set_threshold(area, 6)
    original, duplicate = make_idea(), make_idea()
    for _ in range(3):
        services.idea_like(idea=original, member=UserFactory())
        services.idea_like(idea=duplicate, member=UserFactory())
    likers = [UserFactory().pk for _ in range(10)]

    def work(index: int):
        if index == 0:
            return services.idea_merge(
                duplicate=fresh(duplicate),
                original=fresh(original),
                actor=User.objects.get(pk=product_manager.pk),
            )
        return services.idea_like(idea=fresh(original), member=User.objects.get(pk=likers[index]))

    results = _in_parallel(work, 10)
    assert not [r for r in results if isinstance(r, Exception)]
    # 3 own + 3 copied + the duplicate's author + 9 racing likes.
    assert fresh(original).like_count == 16
    assert Activity.objects.filter(verb=verbs.ThresholdReached.name).count() == 1
