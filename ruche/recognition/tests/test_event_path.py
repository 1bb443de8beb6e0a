"""Recognition on the one event path: an exact consequence in the action's transaction, verbs
read by their declared meaning, its own conclusions emitted as events, member events heard."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from ruche.accounts import verbs as account_verbs
from ruche.accounts.setup import ensure_role_groups
from ruche.activity.models import Activity
from ruche.core.events import Effect, Event, emit, verb
from ruche.forum.models import Reply
from ruche.ideas import services as ideas
from ruche.recognition import engine, services
from ruche.recognition import verbs as recognition_verbs
from ruche.recognition.models import Badge, Credit, MemberEngagement, PointRule, Sanction

from .helpers import credit_points, points, question, reply

pytestmark = pytest.mark.usefixtures("defaults")


# --- A failure of the incremental update undoes the action ----------------------------------


def test_a_failing_update_rolls_the_action_back(space, member, other_member, monkeypatch):
    topic = question(member, space)
    rows_before = Activity.objects.count()

    def broken(*args, **kwargs):
        raise RuntimeError("the engine broke")

    monkeypatch.setattr(engine, "process", broken)
    with pytest.raises(RuntimeError, match="the engine broke"):
        reply(other_member, topic)
    # Nothing half-done: no reply, no ledger row, no points.
    assert not Reply.objects.filter(topic=topic).exists()
    assert Activity.objects.count() == rows_before
    assert points(other_member) == 0


# --- Verbs are read by what their classes declare -------------------------------------------


@verb("tests.gadget_built", "built a gadget", effect=Effect.CREATES)
@dataclass(frozen=True, kw_only=True)
class GadgetBuilt(Event):
    pass


@verb("tests.gadget_praised", "praised a gadget", beneficiaries=("author",))
@dataclass(frozen=True, kw_only=True)
class GadgetPraised(Event):
    author: int | None = None


@verb("tests.praise_withdrawn", "withdrew a praise", undoes=GadgetPraised)
@dataclass(frozen=True, kw_only=True)
class PraiseWithdrawn(Event):
    pass


@verb("tests.gadget_scrapped", "scrapped a gadget", effect=Effect.REMOVES)
@dataclass(frozen=True, kw_only=True)
class GadgetScrapped(Event):
    pass


@verb("tests.gadget_rebuilt", "rebuilt a gadget", effect=Effect.RESTORES)
@dataclass(frozen=True, kw_only=True)
class GadgetRebuilt(Event):
    pass


def test_a_new_capability_is_understood_from_its_declared_verbs(member, other_member, moderator):
    """No list of verb names in recognition: a verb that creates, removes, restores or undoes
    says so, and the engine follows."""
    PointRule.objects.create(verb=GadgetBuilt.name, points=3)
    PointRule.objects.create(verb=GadgetPraised.name, beneficiary="author", points=2)
    services.rules_changed()
    gadget = {"target_model": "accounts.user", "target_id": member.pk}  # any object will do

    emit(GadgetBuilt(actor_id=member.pk, **gadget))
    emit(GadgetPraised(actor_id=other_member.pk, **gadget, author=member.pk))
    assert credit_points(member) == 5
    emit(PraiseWithdrawn(actor_id=other_member.pk, **gadget))
    assert credit_points(member) == 3

    emit(GadgetPraised(actor_id=other_member.pk, **gadget, author=member.pk))
    emit(GadgetScrapped(actor_id=moderator.pk, **gadget))
    assert credit_points(member) == 0
    # Removed by someone else than its author: a sanction.
    assert Sanction.objects.filter(member=member).count() == 1
    emit(GadgetRebuilt(actor_id=moderator.pk, **gadget))
    assert credit_points(member) == 5


def test_an_idea_deleted_takes_back_what_it_earned(member, other_member, moderator, space, area):
    """Ideas declare their deletion a removal, as the forum does for topics."""
    idea = ideas.idea_create(
        author=member,
        space=space,
        title="Send SMS reminders before appointments",
        problem="Patients forget their appointments and we lose a slot each day.",
        solution="Send an SMS the day before, with a cancel link.",
        product_area=area,
    )
    ideas.idea_like(idea=idea, member=other_member)
    assert credit_points(member) == 2 + 1
    ideas.idea_delete(idea=idea, actor=moderator, reason="Spam")
    assert credit_points(member) == 0
    assert Sanction.objects.filter(member=member).exists()
    ideas.idea_restore(idea=idea, actor=moderator)
    assert credit_points(member) == 3


# --- Recognition's own conclusions are events -----------------------------------------------


def test_badges_and_levels_are_emitted_as_events_that_earn_nothing(space, member, settings):
    settings.RUCHE = {**settings.RUCHE, "NEWCOMER_UNTIL_POSTS": 1}
    question(member, space)
    badge = Badge.objects.get(slug="first-topic")
    awarded = Activity.objects.get(verb=recognition_verbs.BadgeAwarded.name)
    assert (awarded.actor_id, awarded.target_id, awarded.payload) == (
        member.pk,
        badge.pk,
        {"badge": "first-topic"},
    )
    changed = Activity.objects.get(verb=recognition_verbs.LevelChanged.name)
    assert (changed.actor_id, changed.payload) == (member.pk, {"old": 0, "new": 1})
    # No default rule names them: the engine credits nothing for its own conclusions.
    assert not Credit.objects.filter(activity_id__in=[awarded.pk, changed.pk]).exists()
    assert points(member) == 2


def test_an_administrator_may_reward_a_derived_event(space, member):
    PointRule.objects.create(verb=recognition_verbs.BadgeAwarded.name, points=4)
    services.rules_changed()
    question(member, space)  # 2 for the topic, the first-topic badge: 4 more
    assert points(member) == 6


def test_the_daily_refresh_emits_demotions(member):
    MemberEngagement.objects.create(member=member, level=1)
    services.engagement_refresh(now=timezone.now() + timedelta(days=1))
    changed = Activity.objects.get(verb=recognition_verbs.LevelChanged.name)
    assert changed.payload == {"old": 1, "new": 0}


# --- Members' events ------------------------------------------------------------------------


def test_signing_in_is_the_visit_of_the_day(settings, member, django_capture_on_commit_callbacks):
    settings.RUCHE = {**settings.RUCHE, "RECOGNITION_RECORD_VISITS": True}
    with django_capture_on_commit_callbacks(execute=True):
        emit(account_verbs.MemberLoggedIn(actor_id=member.pk))
        emit(account_verbs.MemberLoggedIn(actor_id=member.pk))
    visits = Activity.objects.filter(actor=member, verb=recognition_verbs.Visited.name)
    assert [visit.payload["day"] for visit in visits] == [timezone.localdate().isoformat()]


def test_no_visit_is_recorded_when_visits_are_off(member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        emit(account_verbs.MemberLoggedIn(actor_id=member.pk))
    assert not Activity.objects.filter(verb=recognition_verbs.Visited.name).exists()


# --- Cached rules are forgotten where they are written --------------------------------------


def test_rules_edited_in_the_admin_apply_at_once(client_for, administrator, space, member):
    ensure_role_groups()  # the administrators' admin permissions
    rule = PointRule.objects.get(verb="forum.topic_created", beneficiary="actor")
    services.current_rules()  # cached in this process
    response = client_for(administrator).post(
        f"/admin/recognition/pointrule/{rule.pk}/change/",
        {
            "verb": rule.verb,
            "beneficiary": rule.beneficiary,
            "points": 9,
            "daily_cap": 0,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content
    question(member, space)
    assert points(member) == 9

    badge = Badge.objects.get(slug="first-reply")
    client_for(administrator).post(f"/admin/recognition/badge/{badge.pk}/delete/", {"post": "yes"})
    assert not Badge.objects.filter(pk=badge.pk).exists()
    assert all(
        spec.id != badge.pk for specs in services.current_rules().badges.values() for spec in specs
    )
