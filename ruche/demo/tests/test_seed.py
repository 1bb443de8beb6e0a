"""The demo seed: every role can log in, the community looks real, and reruns are predictable."""

from __future__ import annotations

import io

import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from ruche.accounts.models import Segment, User
from ruche.accounts.roles import STAFF_ROLES, Role
from ruche.accounts.tests.factories import UserFactory
from ruche.activity import registry
from ruche.activity.models import Activity, Source
from ruche.demo.data import BENCH_DOMAIN, DEMO_CUSTOMERS, DEMO_LOGINS, DEMO_PASSWORD, SEGMENTS
from ruche.demo.large_seed import demo_seed_large
from ruche.demo.services import demo_reset, demo_seed, demo_users_filter
from ruche.products.models import ProductArea
from ruche.spaces.models import Programme, ProgrammeMembership, Space, Visibility

pytestmark = pytest.mark.django_db

SMALL = 40


def _members_snapshot() -> list[tuple]:
    return sorted(
        User.objects.filter(demo_users_filter()).values_list(
            "email", "display_name", "segment__slug", "country", "language", "organisation"
        )
    )


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "emails": EmailAddress.objects.count(),
        "activities": Activity.objects.count(),
        "spaces": Space.objects.count(),
        "memberships": ProgrammeMembership.objects.count(),
    }


def test_every_role_has_a_demo_login_with_a_verified_primary_email():
    result = demo_seed(members=SMALL)

    assert result.created
    assert {login.role for login in DEMO_LOGINS} == set(Role.values)
    for login in DEMO_LOGINS:
        user = User.objects.get(email=login.email)
        assert user.check_password(DEMO_PASSWORD)
        assert EmailAddress.objects.filter(
            user=user, email=login.email, verified=True, primary=True
        ).exists()
        assert user.primary_role == login.role
        assert user.is_staff == (login.role in STAFF_ROLES)
    assert User.objects.get(email="admin@medora.example").is_superuser
    pm = User.objects.get(email="pm@medora.example")
    assert set(pm.managed_product_areas.values_list("slug", flat=True)) == {
        "agenda",
        "teleconsultation",
    }
    ambassador = User.objects.get(email="ambassador@medora.example")
    assert set(ambassador.programmes.values_list("slug", flat=True)) == {
        "ambassadors",
        "beta-teleconsultation",
    }
    member = User.objects.get(email="member@medora.example")
    assert (member.segment.slug, member.country.code, member.language) == (
        "general-practitioner",
        "FR",
        "fr",
    )
    assert member.role_slugs == {Role.MEMBER}


def test_a_demo_login_gets_past_mandatory_email_verification(client, settings):
    settings.ACCOUNT_EMAIL_VERIFICATION = "mandatory"
    demo_seed(members=5)

    response = client.post(
        reverse("account_login"), {"login": "member@medora.example", "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert (
        int(client.session["_auth_user_id"]) == User.objects.get(email="member@medora.example").pk
    )


def test_the_community_has_spaces_programmes_members_and_a_history():
    before = timezone.now()
    demo_seed(members=SMALL)

    assert list(Segment.objects.values_list("slug", flat=True)) == [s[0] for s in SEGMENTS]
    assert ProductArea.objects.filter(product_managers__isnull=False).distinct().count() == 5
    assert set(Space.objects.values_list("visibility", flat=True)) == set(Visibility.values)
    for space in Space.objects.filter(visibility=Visibility.PROGRAMME):
        assert space.programme is not None
    assert Space.objects.filter(product_area__isnull=False).exists()
    assert Space.objects.filter(moderators__segment__isnull=False).exists()
    assert set(Programme.objects.values_list("slug", flat=True)) == {
        "ambassadors",
        "beta-teleconsultation",
        "focus-group-billing",
    }

    generated = User.objects.filter(demo_users_filter()).exclude(email__endswith="@medora.example")
    assert generated.count() == SMALL
    assert set(generated.values_list("country", flat=True)) == {"FR", "DE", "IT"}
    native = {"FR": "fr", "DE": "de", "IT": "it"}
    for member in generated:
        assert member.language in (native[member.country.code], "en")
        assert member.segment_id is not None
        assert member.organisation
        assert member.display_name
    ambassadors = generated.filter(groups__name=Role.AMBASSADOR)
    assert ambassadors.exists()
    assert all(a.programmes.filter(slug="ambassadors").exists() for a in ambassadors)

    activity = Activity.objects.all()
    assert activity.count() > SMALL * 5
    assert activity.filter(verb="member.joined").count() == User.objects.count()
    assert not activity.filter(occurred_at__gt=timezone.now()).exists()
    assert activity.filter(occurred_at__lt=before - timezone.timedelta(days=300)).exists()
    for verb in activity.values_list("verb", flat=True).distinct():
        registry.get(verb)
    external = activity.exclude(source=Source.RUCHE)
    assert external.exists()
    assert not external.filter(idempotency_key__isnull=True).exists()
    assert set(activity.filter(verb="chat.message_posted").values_list("source", flat=True)) == {
        Source.CHAT
    }


def test_the_same_seed_gives_the_same_community():
    first = demo_seed(members=SMALL, seed=7)
    snapshot = _members_snapshot()
    ambassadors = set(
        User.objects.filter(groups__name=Role.AMBASSADOR).values_list("email", flat=True)
    )

    second = demo_seed(members=SMALL, seed=7, reset=True)

    assert second.created
    assert _members_snapshot() == snapshot
    assert (
        set(User.objects.filter(groups__name=Role.AMBASSADOR).values_list("email", flat=True))
        == ambassadors
    )
    assert Activity.objects.count() == second.activities == first.activities

    demo_seed(members=SMALL, seed=8, reset=True)
    assert _members_snapshot() != snapshot


def test_seeding_again_without_reset_adds_nothing():
    demo_seed(members=SMALL)
    before = _counts()
    out = io.StringIO()

    result = demo_seed(members=SMALL, stdout=out)

    assert not result.created
    assert _counts() == before
    assert "already seeded" in out.getvalue()


def test_reset_removes_the_demo_and_keeps_everyone_else():
    outsider = UserFactory(email="someone@example.org")
    demo_seed(members=SMALL)

    demo_reset()

    assert list(User.objects.all()) == [outsider]
    assert not Activity.objects.exists()
    assert not Space.objects.exists()
    assert not Programme.objects.exists()
    assert not Segment.objects.exists()


def test_the_command_honours_members_and_prints_the_logins():
    out = io.StringIO()

    call_command("seed_demo", "--members", "12", stdout=out)

    # 12 generated members plus the customer logins (ambassador, expert and member).
    assert User.objects.filter(segment__isnull=False).count() == 12 + len(DEMO_CUSTOMERS)
    output = out.getvalue()
    for login in DEMO_LOGINS:
        assert login.email in output
    assert DEMO_PASSWORD in output


def test_large_mode_creates_exactly_the_requested_volumes():
    out = io.StringIO()

    result = demo_seed_large(members=500, activities=5000, seed=3, stdout=out)

    bench = User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")
    assert (result.members, result.activities) == (500, 5000)
    assert bench.count() == 500
    assert EmailAddress.objects.filter(user__in=bench, verified=True, primary=True).count() == 500
    assert Activity.objects.count() == 5000
    assert Activity.objects.filter(verb="member.joined").count() == 500
    assert bench.first().check_password(DEMO_PASSWORD)
    opened = Activity.objects.filter(verb="newsletter.opened").first()
    assert opened.source == Source.NEWSLETTER
    assert opened.payload["campaign"].startswith("medora-news")
    assert "rows/s" in out.getvalue()

    # A second run adds to the first without colliding on e-mails or idempotency keys.
    demo_seed_large(members=10, activities=100, seed=3)
    assert bench.count() == 510
    assert Activity.objects.count() == 5100


def test_the_command_runs_the_large_scale_once():
    args = ["--members", "10", "--scale", "large", "--large-members", "50"]
    call_command("seed_demo", *args, "--large-activities", "400", stdout=io.StringIO())
    seeded = _counts()
    bench = User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}")
    assert bench.count() == 50
    assert Activity.objects.filter(actor__in=bench).count() == 400

    out = io.StringIO()
    call_command("seed_demo", *args, "--large-activities", "400", stdout=out)

    assert _counts() == seeded
    assert "benchmark members exist already" in out.getvalue()
