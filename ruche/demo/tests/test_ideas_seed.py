"""The demo's ideas: a board with a history (thresholds, answers, a merge, releases) written
through the services, and benchmark volumes with exact counters."""

from __future__ import annotations

import pytest
from django.db.models import Count
from django.utils import timezone

from ruche.accounts.models import User
from ruche.demo.data import BENCH_DOMAIN
from ruche.demo.large_seed import demo_seed_large
from ruche.demo.services import demo_reset, demo_seed
from ruche.ideas.models import Idea, IdeaLike, OfficialResponse, Release, StatusKind
from ruche.spaces.models import Visibility

pytestmark = pytest.mark.django_db


def test_the_demo_board_has_a_history_and_goes_away_on_reset():
    demo_seed(members=120)
    ideas = Idea.objects.select_related("status", "space")
    assert ideas.count() >= 78  # about 80 ideas
    assert {"fr", "de", "it", "en"} <= set(ideas.values_list("language", flat=True))
    assert ideas.filter(space__visibility=Visibility.PROGRAMME).exists()  # private ideas
    for idea in ideas.annotate(rows=Count("likes")):
        assert idea.like_count == idea.rows
    assert ideas.filter(threshold_reached_at__isnull=False).count() >= 5
    planned = ideas.filter(status__kind=StatusKind.PLANNED).exclude(target_quarter="")
    assert planned.exists()
    declined = OfficialResponse.objects.filter(decision__kind=StatusKind.DECLINED)
    assert declined.exists()
    assert all(len(r.rationale) > 200 and r.reconsider_conditions for r in declined)
    now = timezone.now()
    overdue = ideas.filter(first_response_at__isnull=True, response_due_at__lt=now)
    assert overdue.count() == 1
    assert ideas.filter(merged_into__isnull=False, status__kind=StatusKind.MERGED).count() == 1
    assert Release.objects.filter(published_at__isnull=False).count() == 2
    assert ideas.filter(status__kind=StatusKind.RELEASED).count() >= 2
    # Dates are spread over the year, not all "now".
    assert ideas.filter(created_at__lt=now - timezone.timedelta(days=90)).count() > 20

    demo_reset()
    assert not Idea.objects.exists()
    assert not IdeaLike.objects.exists()


def test_large_mode_adds_exactly_the_requested_ideas_and_likes():
    result = demo_seed_large(
        members=80, activities=100, topics=20, replies=40, ideas=30, idea_likes=600, seed=7
    )
    bench = User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")
    assert Idea.objects.count() == 30
    assert IdeaLike.objects.count() == 600
    assert not Idea.objects.exclude(author__in=bench).exists()
    for idea in Idea.objects.annotate(rows=Count("likes")):
        assert idea.like_count == idea.rows == idea.counted_like_count
        assert not idea.likes.filter(member_id=idea.author_id).exists()
    assert result.topics == 20
