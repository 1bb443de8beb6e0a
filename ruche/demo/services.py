"""Seeds the Medora demo community (benchmark volumes: ``large_seed.py``).

Everything random comes from one ``random.Random(seed)``: the same seed gives the same members,
names, segments, countries and the same number of activity rows. Dates are relative to now.
"""

from __future__ import annotations

import random
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol

from allauth.account.models import EmailAddress, EmailConfirmation
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ruche.accounts.models import Segment, User, handle_base
from ruche.accounts.roles import STAFF_ROLES, Role
from ruche.accounts.services import role_group
from ruche.activity import registry as verbs
from ruche.activity.models import Activity, Source
from ruche.products.models import ProductArea
from ruche.recognition.services import engagement_paused
from ruche.spaces.models import Programme, ProgrammeMembership, Space

from . import data
from .bulk import BATCH_SIZE
from .forum_seed import forum_reset, forum_seed, people_for_forum
from .ideas_seed import IDEAS_SPACE_SLUG, ideas_reset, ideas_seed
from .recognition_seed import recognition_seed

DAY = timedelta(days=1)
MONTH_DAYS = 30.44
# Join dates spread over two years; the history of actions covers the last one.
JOIN_WINDOW_DAYS = 730
HISTORY_DAYS = 365


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def _say(stdout: Writable | None, message: str) -> None:
    if stdout is not None:
        stdout.write(message + "\n")


# --- What belongs to the demo ---------------------------------------------------------------


def demo_domains() -> list[str]:
    """E-mail domains only demo accounts use (all under the reserved ``.example`` TLD)."""
    domains = {data.COMPANY_DOMAIN, data.BENCH_DOMAIN}
    for country in data.COUNTRIES.values():
        domains.update(country["domains"])
    return sorted(domains)


def demo_users_filter() -> Q:
    query = Q()
    for domain in demo_domains():
        query |= Q(email__iendswith=f"@{domain}")
    return query


def demo_is_seeded() -> bool:
    return User.objects.filter(email__iexact=data.DEMO_LOGINS[0].email).exists()


def bench_member_count() -> int:
    return User.objects.filter(email__iendswith=f"@{data.BENCH_DOMAIN}").count()


def demo_reset(*, stdout: Writable | None = None) -> int:
    """Delete the demo's members, their actions and the demo's reference data; returns members."""
    with transaction.atomic():
        users = User.objects.filter(demo_users_filter())
        # The ledger refuses QuerySet.delete(); removing the demo's own rows in one statement is
        # the deliberate exception (and much faster than the collector for a million rows).
        removed_rows = Activity.objects.filter(actor__in=users.values("pk"))._raw_delete(
            Activity.objects.db
        )
        # E-mail addresses in two statements too: the collector would load each one, then delete
        # them a hundred at a time.
        EmailConfirmation.objects.filter(email_address__user__in=users.values("pk"))._raw_delete(
            EmailConfirmation.objects.db
        )
        EmailAddress.objects.filter(user__in=users.values("pk"))._raw_delete(
            EmailAddress.objects.db
        )
        slugs = [s["slug"] for s in data.SPACES] + [IDEAS_SPACE_SLUG]
        ideas_reset(users=users.values("pk"), space_slugs=slugs)  # before their forum topics
        topics = forum_reset(users=users.values("pk"), space_slugs=slugs)
        # Spaces first: they protect the programmes they belong to.
        Space.objects.filter(slug__in=slugs).delete()
        Programme.objects.filter(slug__in=[p["slug"] for p in data.PROGRAMMES]).delete()
        ProductArea.objects.filter(slug__in=[area["slug"] for area in data.PRODUCT_AREAS]).delete()
        Segment.objects.filter(slug__in=[segment[0] for segment in data.SEGMENTS]).delete()
        removed_users = users.count()
        users.delete()
    _say(
        stdout,
        f"Removed the demo: {removed_users} members, {removed_rows} activity rows, "
        f"{topics} topics.",
    )
    return removed_users


# --- Reference data -------------------------------------------------------------------------


def _ensure_segments() -> dict[str, Segment]:
    segments = {}
    for position, (slug, name_en, name_fr, _weight) in enumerate(data.SEGMENTS):
        segments[slug], _created = Segment.objects.update_or_create(
            slug=slug,
            defaults={"names": {"en": name_en, "fr": name_fr}, "position": position},
        )
    return segments


@dataclass
class _Reference:
    segments: dict[str, Segment]
    areas: dict[str, ProductArea]
    programmes: dict[str, Programme]
    spaces: dict[str, Space]


def _ensure_reference_data(now: datetime) -> _Reference:
    segments = _ensure_segments()
    areas = {}
    for position, area in enumerate(data.PRODUCT_AREAS):
        areas[area["slug"]], _created = ProductArea.objects.update_or_create(
            slug=area["slug"],
            defaults={
                "names": area["names"],
                "descriptions": area["descriptions"],
                "position": position,
            },
        )
    programmes = {}
    for programme in data.PROGRAMMES:
        programmes[programme["slug"]], _created = Programme.objects.update_or_create(
            slug=programme["slug"],
            defaults={
                "names": programme["names"],
                "descriptions": programme["descriptions"],
                "created_at": now - timedelta(days=programme["months_ago"] * MONTH_DAYS),
            },
        )
    spaces = {}
    for position, space in enumerate(data.SPACES):
        spaces[space["slug"]], _created = Space.objects.update_or_create(
            slug=space["slug"],
            defaults={
                "names": space["names"],
                "descriptions": space["descriptions"],
                "visibility": space["visibility"],
                "posting": space.get("posting", "readers"),
                "programme": programmes.get(space.get("programme", "")),
                "product_area": areas.get(space.get("product_area", "")),
                "position": position,
                "created_at": now - timedelta(days=JOIN_WINDOW_DAYS),
            },
        )
    return _Reference(segments, areas, programmes, spaces)


# --- Members --------------------------------------------------------------------------------

_COUNTRY_CODES = [code for code, _weight in data.COUNTRY_WEIGHTS]
_COUNTRY_WEIGHTS = [weight for _code, weight in data.COUNTRY_WEIGHTS]
_SEGMENT_SLUGS = [segment[0] for segment in data.SEGMENTS]
_SEGMENT_WEIGHTS = [segment[3] for segment in data.SEGMENTS]
_VISIBILITIES = [value for value, _weight in data.PROFILE_VISIBILITY_WEIGHTS]
_VISIBILITY_WEIGHTS = [weight for _value, weight in data.PROFILE_VISIBILITY_WEIGHTS]


def _ascii_slug(text: str) -> str:
    # "N'Diaye" gives "ndiaye", "Le Gall" gives "le-gall", "Schröder" gives "schroder".
    text = unicodedata.normalize("NFKD", text.replace("'", "")).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _random_profile(rng: random.Random) -> dict:
    """A plausible health professional: the country decides names, language and organisation."""
    country = rng.choices(_COUNTRY_CODES, _COUNTRY_WEIGHTS)[0]
    info = data.COUNTRIES[country]
    # Health professions in these countries are mostly women.
    first = rng.choice(info["female"] if rng.random() < 0.6 else info["male"])
    last = rng.choice(info["last"])
    segment = rng.choices(_SEGMENT_SLUGS, _SEGMENT_WEIGHTS)[0]
    kind = rng.choice(data.SEGMENT_ORGANISATION_KINDS[segment])
    city = rng.choice(info["cities"])
    organisation = rng.choice(info["organisations"][kind]).format(
        place=rng.choice(info["places"]), city=city, last=last
    )
    english = rng.random() < data.ENGLISH_SHARE
    bio = ""
    if rng.random() < 0.4:
        template = rng.choice(data.ENGLISH_BIOS if english else info["bios"])
        bio = template.format(city=city, years=rng.randint(2, 30))
    return {
        "first": first,
        "last": last,
        "display_name": f"{first} {last}",
        "segment": segment,
        "organisation": organisation,
        "country": country,
        "language": "en" if english else info["language"],
        "bio": bio,
        "profile_visibility": rng.choices(_VISIBILITIES, _VISIBILITY_WEIGHTS)[0],
        "domain": rng.choice(info["domains"]),
        # More recent joins than old ones: the community grows.
        "days_ago": JOIN_WINDOW_DAYS * rng.random() ** 1.4,
    }


def _engagement(rng: random.Random) -> float:
    # Pareto: a few members are very active, most only now and then (capped for realism).
    return min(rng.paretovariate(1.2), 40.0)


@dataclass
class _Seeded:
    user: User
    role: str
    engagement: float
    programmes: list[str]


def _build_users(
    rng: random.Random, now: datetime, count: int, ref: _Reference, password: str
) -> list[_Seeded]:
    seeded: list[_Seeded] = []
    for staff in data.STAFF:
        user = User(
            email=staff["email"],
            display_name=staff["display_name"],
            organisation="Medora",
            country=staff["country"],
            language=staff["language"],
            profile_visibility="members",
            is_staff=True,
            is_superuser=staff["role"] == Role.ADMINISTRATOR,
            password=password,
            date_joined=now - timedelta(days=rng.uniform(700, JOIN_WINDOW_DAYS)),
        )
        seeded.append(_Seeded(user, staff["role"], rng.uniform(2, 6), []))
    for customer in data.DEMO_CUSTOMERS:
        user = User(
            email=customer["email"],
            display_name=customer["display_name"],
            segment=ref.segments[customer["segment"]],
            organisation=customer["organisation"],
            country=customer["country"],
            language=customer["language"],
            bio=customer["bio"],
            profile_visibility=customer["profile_visibility"],
            password=password,
            date_joined=now - timedelta(days=rng.uniform(200, 600)),
        )
        engagement = 25.0 if customer["role"] == Role.AMBASSADOR else 4.0
        seeded.append(_Seeded(user, customer["role"], engagement, list(customer["programmes"])))
    taken = {entry.user.email for entry in seeded}
    for _index in range(count):
        profile = _random_profile(rng)
        local = f"{_ascii_slug(profile['first'])}.{_ascii_slug(profile['last'])}"
        email, suffix = f"{local}@{profile['domain']}", 1
        while email in taken:
            suffix += 1
            email = f"{local}{suffix}@{profile['domain']}"
        taken.add(email)
        user = User(
            email=email,
            display_name=profile["display_name"],
            segment=ref.segments[profile["segment"]],
            organisation=profile["organisation"],
            country=profile["country"],
            language=profile["language"],
            bio=profile["bio"],
            profile_visibility=profile["profile_visibility"],
            password=password,
            date_joined=now - timedelta(days=profile["days_ago"]),
        )
        seeded.append(_Seeded(user, Role.MEMBER, _engagement(rng), []))
    _assign_handles([entry.user for entry in seeded])
    return seeded


def _assign_handles(users: list[User]) -> None:
    """@mention handles, as ``User.save()`` would give them (bulk_create does not call it)."""
    taken = set(User.objects.exclude(handle=None).values_list("handle", flat=True))
    for user in users:
        if user.handle:
            continue
        base = handle_base(user.display_name or user.email.split("@")[0])
        handle, number = base, 2
        while handle in taken:
            handle, number = f"{base}{number}", number + 1
        taken.add(handle)
        user.handle = handle


def _choose_programmes(rng: random.Random, members: list[_Seeded], count: int) -> None:
    """Ambassadors (~3 %, from the most engaged, every country), beta testers, focus group."""
    if not members:
        return
    ranked = sorted(members, key=lambda entry: -entry.engagement)
    candidates = ranked[: max(1, len(ranked) // 4)]
    wanted = max(1, round(count * 0.03))
    ambassadors: list[_Seeded] = []
    for country in _COUNTRY_CODES:
        best = next((e for e in ranked if e.user.country == country), None)
        if best is not None and len(ambassadors) < wanted:
            ambassadors.append(best)
    rest = [entry for entry in candidates if entry not in ambassadors]
    ambassadors += rng.sample(rest, min(len(rest), wanted - len(ambassadors)))
    for entry in ambassadors:
        entry.role = Role.AMBASSADOR
        # Ambassadors are active by definition, without all being at the very top.
        entry.engagement = max(entry.engagement, 8.0)
        entry.programmes.append("ambassadors")
        if rng.random() < 0.5:
            entry.programmes.append("beta-teleconsultation")

    def pick(slug: str, segments: set[str], share: float) -> None:
        pool = [
            e
            for e in members
            if e.role == Role.MEMBER
            and e.user.segment.slug in segments
            and slug not in e.programmes
        ]
        for entry in rng.sample(pool, min(len(pool), round(count * share))):
            entry.programmes.append(slug)

    pick(
        "beta-teleconsultation",
        {"general-practitioner", "specialist-doctor", "midwife", "speech-therapist", "nurse"},
        0.07,
    )
    pick(
        "focus-group-billing",
        {"medical-secretary", "clinic-manager", "general-practitioner", "dentist"},
        0.04,
    )


# --- Activity -------------------------------------------------------------------------------

_MIX_VERBS = [verb for verb, _source, _weight in data.ACTIVITY_MIX]
_MIX_SOURCES = {verb: source for verb, source, _weight in data.ACTIVITY_MIX}
_MIX_WEIGHTS = [weight for _verb, _source, weight in data.ACTIVITY_MIX]
# Staff do not read the customer newsletter nor answer customer surveys.
_STAFF_VERBS = {"member.logged_in", "chat.message_posted", "event.attended"}


def _check_verbs() -> None:
    # Fail early, with a clear message, if the registry and the demo drift apart.
    for verb in [*_MIX_VERBS, "member.joined", "member.role_granted", "programme.joined"]:
        verbs.get(verb)


def _payload(rng: random.Random, verb: str, when: datetime) -> dict:
    if verb == "newsletter.opened":
        return {"campaign": f"medora-news-{when:%Y-%m}"}
    if verb == "newsletter.clicked":
        return {"campaign": f"medora-news-{when:%Y-%m}", "url": rng.choice(data.NEWSLETTER_LINKS)}
    if verb == "chat.message_posted":
        return {"channel": rng.choice(data.CHAT_CHANNELS)}
    if verb == "event.attended":
        return {"event": rng.choice(data.EVENTS)}
    if verb == "external.post_created":
        return {"forum": rng.choice(data.FORUMS), "topic": rng.choice(data.FORUM_TOPICS)}
    if verb == "survey.answered":
        return {"survey": rng.choice(data.SURVEYS), "score": rng.randint(0, 10)}
    if verb == "member.profile_updated":
        return {"fields": sorted(rng.sample(data.PROFILE_FIELDS, rng.randint(1, 2)))}
    return {}


def _moment(rng: random.Random, start: datetime, end: datetime) -> datetime:
    """A moment between start and end, more often recent, during the working day (local)."""
    when = timezone.localtime(start + (end - start) * rng.random() ** 0.85)
    when = when.replace(
        hour=int(rng.triangular(7, 21, 11)), minute=rng.randrange(60), second=rng.randrange(60)
    )
    return min(max(when, start), end)


def _build_history(
    rng: random.Random, now: datetime, seeded: list[_Seeded], ref: _Reference
) -> tuple[list[Activity], list[ProgrammeMembership]]:
    """The ledger rows and programme memberships of the seeded people, ready to bulk-insert."""
    user_type = ContentType.objects.get_for_model(User)
    programme_type = ContentType.objects.get_for_model(Programme)
    rows: list[Activity] = []
    memberships: list[ProgrammeMembership] = []
    external = 0

    def add(actor: User, verb: str, when: datetime, payload: dict, **extra) -> None:
        nonlocal external
        source = _MIX_SOURCES.get(verb, Source.RUCHE)
        key = extra.pop("key", None)
        if source != Source.RUCHE:
            # External rows carry a key, as a real import would, so re-imports stay no-ops.
            external += 1
            key = f"demo:{external}"
        rows.append(
            Activity(
                actor=actor,
                verb=verb,
                occurred_at=when,
                recorded_at=now,
                source=source,
                payload=payload,
                idempotency_key=key,
                **extra,
            )
        )

    history_start = now - timedelta(days=HISTORY_DAYS)
    for entry in seeded:
        user = entry.user
        joined = user.date_joined
        add(
            user,
            "member.joined",
            joined,
            {"invited": entry.role in STAFF_ROLES},
            target_type=user_type,
            target_id=user.pk,
            key=f"member.joined:{user.pk}",
        )
        granted = None
        if entry.role != Role.MEMBER:
            granted = joined + (now - joined) * rng.uniform(0.05, 0.6)
            if entry.role in STAFF_ROLES:
                granted = joined + timedelta(minutes=rng.randint(5, 120))
            add(
                user,
                "member.role_granted",
                granted,
                {"role": entry.role, "by": None},
                target_type=user_type,
                target_id=user.pk,
            )
        for slug in entry.programmes:
            programme = ref.programmes[slug]
            start = max(joined, programme.created_at)
            when = _moment(rng, start, now)
            if slug == "ambassadors" and granted:
                # Becoming an ambassador is one event: the role and the programme together.
                when = max(granted, start)
            memberships.append(
                ProgrammeMembership(programme=programme, member=user, joined_at=when)
            )
            add(
                user,
                "programme.joined",
                when,
                {"programme": slug},
                target_type=programme_type,
                target_id=programme.pk,
            )
        start = max(joined, history_start)
        active_months = (now - start) / DAY / MONTH_DAYS
        count = int(entry.engagement * 1.5 * active_months) + 1
        weights = [
            0
            if entry.role in STAFF_ROLES and verb not in _STAFF_VERBS
            else w * rng.uniform(0.3, 1.7)
            for verb, w in zip(_MIX_VERBS, _MIX_WEIGHTS, strict=True)
        ]
        for verb in rng.choices(_MIX_VERBS, weights, k=count):
            when = _moment(rng, start, now)
            add(user, verb, when, _payload(rng, verb, when))
    return rows, memberships


# --- The normal demo ------------------------------------------------------------------------


@dataclass
class DemoResult:
    created: bool
    members: int = 0
    staff: int = 0
    activities: int = 0
    spaces: int = 0
    seconds: float = 0.0
    topics: int = 0
    replies: int = 0
    logins: tuple[data.DemoLogin, ...] = data.DEMO_LOGINS


def demo_seed(
    *,
    seed: int = 2026,
    members: int = data.DEFAULT_MEMBERS,
    reset: bool = False,
    stdout: Writable | None = None,
) -> DemoResult:
    """Seed the Medora community; does nothing if it is there already, unless ``reset``."""
    if demo_is_seeded():
        if not reset:
            _say(stdout, "The demo is already seeded: nothing to do (use --reset to start again).")
            return DemoResult(created=False)
        demo_reset(stdout=stdout)
    _check_verbs()
    started = time.monotonic()
    rng = random.Random(seed)
    now = timezone.now()
    # One hash for everyone: hashing is deliberately slow, and all demo users share a password.
    password = make_password(data.DEMO_PASSWORD)
    with transaction.atomic():
        ref = _ensure_reference_data(now)
        seeded = _build_users(rng, now, members, ref, password)
        User.objects.bulk_create([entry.user for entry in seeded], batch_size=BATCH_SIZE)
        EmailAddress.objects.bulk_create(
            [
                EmailAddress(user=entry.user, email=entry.user.email, verified=True, primary=True)
                for entry in seeded
            ],
            batch_size=BATCH_SIZE,
        )
        generated = seeded[len(data.STAFF) + len(data.DEMO_CUSTOMERS) :]
        _choose_programmes(rng, generated, members)

        groups = {role: role_group(role) for role in Role.values if role != Role.MEMBER}
        User.groups.through.objects.bulk_create(
            [
                User.groups.through(user_id=entry.user.pk, group_id=groups[entry.role].pk)
                for entry in seeded
                if entry.role != Role.MEMBER
            ]
        )
        by_email = {entry.user.email: entry.user for entry in seeded}
        for staff in data.STAFF:
            for slug in staff.get("areas", ()):
                ref.areas[slug].product_managers.add(by_email[staff["email"]])

        ambassadors = [e.user for e in generated if e.role == Role.AMBASSADOR]
        regulars = [e.user for e in sorted(generated, key=lambda e: -e.engagement)[:10]]
        ref.spaces["questions-answers"].moderators.add(
            by_email[f"support@{data.COMPANY_DOMAIN}"], *ambassadors[:1]
        )
        ref.spaces["share-your-practice"].moderators.add(
            by_email[f"ambassador@{data.COMPANY_DOMAIN}"], *ambassadors[1:2]
        )
        ref.spaces["replacements-holidays"].moderators.add(*regulars[:1])

        rows, memberships = _build_history(rng, now, seeded, ref)
        ProgrammeMembership.objects.bulk_create(memberships, batch_size=BATCH_SIZE)
        Activity.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        # Recognition is recomputed from the whole ledger at the end, not action by action.
        with engagement_paused():
            forum = forum_seed(rng=rng, now=now, people=people_for_forum(seeded))
            ideas = ideas_seed(rng=rng, now=now, people=people_for_forum(seeded))
        recognition_seed(now=now)

    result = DemoResult(
        created=True,
        members=len(seeded) - len(data.STAFF),
        staff=len(data.STAFF),
        activities=len(rows) + forum.ledger_rows + ideas.ledger_rows,
        spaces=len(ref.spaces),
        seconds=time.monotonic() - started,
        topics=forum.topics,
        replies=forum.replies,
    )
    _say(
        stdout,
        f"Seeded the Medora demo: {result.members} members, {result.staff} staff, "
        f"{result.spaces} spaces, {result.activities} activity rows, {forum.topics} topics, "
        f"{forum.replies} replies, {forum.likes} likes, {forum.escalations} escalations, "
        f"{ideas.ideas} ideas with {ideas.likes} likes and {ideas.responses} official responses "
        f"in {result.seconds:.1f} s.",
    )
    return result
