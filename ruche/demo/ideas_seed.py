"""Ideas of the demo, and idea volumes for the benchmark.

The normal seed writes through the ideas services (idea_create, idea_like, response_save,
idea_merge, release_publish…) so every rule, counter, threshold and ledger row is the real one;
it then gives the rows their demo dates over the last year (the ledger rows it has just appended
through the forum seed's ``_LedgerClock``).

The large seed COPYs ideas (with their forum topics) and likes in on PostgreSQL, with exact
counters; it writes no ledger rows for them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection
from django.db.models import Q

from ruche.accounts.models import Segment, User
from ruche.accounts.roles import Role
from ruche.activity.models import Activity
from ruche.core.conf import overridden
from ruche.core.markdown import plain_text, render_markdown
from ruche.forum.models import Follow, FollowTarget, Reply, Topic
from ruche.ideas import services
from ruche.ideas.models import (
    Idea,
    IdeaLike,
    IdeaMerge,
    IdeaStatus,
    IdeaStatusChange,
    OfficialResponse,
    Release,
    ResponseTemplate,
    StatusKind,
)
from ruche.ideas.thread import IDEA_THREAD
from ruche.products.models import ProductArea
from ruche.spaces.models import Space, Visibility

from . import data, ideas_data
from .bulk import copy_rows
from .forum_seed import Person, _LedgerClock

IDEAS_SPACE = {
    "slug": "ideas",
    "names": {"en": "Ideas", "fr": "Idées"},
    "descriptions": {
        "en": "Propose features and like the proposals you want: the most liked get an answer.",
        "fr": "Proposez des fonctionnalités et soutenez celles que vous voulez : les plus "
        "soutenues reçoivent une réponse.",
    },
}
PRIVATE_SPACE = "ambassadors-lounge"
DAY = timedelta(days=1)

# Who answers for each product area.
AREA_PM = {
    "agenda": f"pm@{data.COMPANY_DOMAIN}",
    "teleconsultation": f"pm@{data.COMPANY_DOMAIN}",
    "billing": f"nadia.haddad@{data.COMPANY_DOMAIN}",
    "patient-record": f"nadia.haddad@{data.COMPANY_DOMAIN}",
    "messaging": f"lukas.becker@{data.COMPANY_DOMAIN}",
}


@dataclass
class Plan:
    likes: int
    age_days: int
    reach_days_ago: int | None = None  # when the threshold was reached
    responses: tuple[tuple[str, int, str, str, str], ...] = ()  # kind, days after reach, …


# What happened to the ideas that made history; the others get a few likes each.
PLANS: dict[str, Plan] = {
    "sms": Plan(
        86,
        330,
        250,
        (
            ("under_review", 6, "", "demand", ""),
            ("planned", 20, "2026-Q2", "demand", ""),
            ("in_progress", 110, "2026-Q2", "demand", ""),
        ),
    ),
    "waiting-room": Plan(64, 300, 120, (("planned", 41, "2027-Q1", "demand", ""),)),
    "tiers-payant": Plan(72, 280, 150, (("in_progress", 12, "2026-Q4", "demand", ""),)),
    "tc-payment": Plan(58, 240, 90, (("declined", 18, "", "regulatory", "tc-payment"),)),
    "offline": Plan(52, 260, 70, (("declined", 25, "", "technical", "offline"),)),
    "auto-reply": Plan(51, 200, 60, (("already_possible", 4, "", "already_possible", ""),)),
    "waitlist": Plan(57, 220, 35, (("under_review", 9, "", "demand", ""),)),
    "secure-msg": Plan(61, 210, 41),  # reached, never answered: overdue
    "dmp": Plan(53, 150, 18),  # reached, answer due in twelve days
    "recurring": Plan(44, 310),
    "colours": Plan(31, 290),
    "sms-dup": Plan(9, 120),
}

RATIONALES = {
    "under_review": (
        "Merci pour tous ces soutiens. L'équipe Agenda étudie la demande : nous mesurons combien "
        "de rendez-vous sont perdus par cabinet et nous discutons coûts et consentement avec des "
        "opérateurs SMS. Nous publierons ici une décision d'ici six semaines."
    ),
    "planned": (
        "Nous allons la réaliser. C'est l'idée la plus soutenue de son domaine et les chiffres "
        "vont dans le même sens : les cabinets perdent en moyenne 4 % de leurs créneaux. Le "
        "travail est prévu pour le trimestre indiqué ; les ambassadeurs auront une bêta un mois "
        "avant."
    ),
    "in_progress": (
        "Le développement a commencé. La première version couvre les cas les plus fréquents ; "
        "nous la testons avec douze cabinets du programme bêta et partagerons leurs retours ici."
    ),
    "already_possible": (
        "Bonne nouvelle : c'est déjà possible. Dans Réglages → Messages → Absence, écrivez votre "
        "message et les dates de vos congés ; les patients qui vous écrivent pendant cette "
        "période le reçoivent aussitôt, avec le nom de votre remplaçant si vous l'ajoutez."
    ),
    "tc-payment": (
        "Nous ne proposerons pas le paiement avant la téléconsultation. Selon les règles de "
        "l'Assurance maladie, une téléconsultation se facture comme toute consultation, après "
        "qu'elle a eu lieu, et une empreinte de carte prise à l'avance serait une avance de frais "
        "que les patients au tiers payant ne doivent pas payer. Plusieurs d'entre vous ont décrit "
        "le vrai problème : les patients qui ne règlent pas ensuite. L'équipe Facturation "
        "travaillera plutôt là-dessus (relances automatiques des impayés, déjà très soutenues)."
    ),
    "offline": (
        "Nous avons décidé de ne pas stocker les dossiers patients sur les téléphones pour "
        "l'instant. Un téléphone perdu ou volé emporterait des données de santé hors de "
        "l'hébergement certifié HDS qu'exigent nos contrats, et nous ne pouvons pas garantir "
        "aujourd'hui un chiffrement correct sur tous les modèles. À la place, l'application "
        "mobile chargera bien plus vite les dossiers du jour sur une connexion faible."
    ),
}
WORKAROUNDS = {
    "tc-payment": "Utilisez les relances automatiques des impayés dans Facturation → Relances.",
    "offline": "Avant la tournée, exportez en PDF les synthèses des patients du jour depuis "
    "l'agenda.",
}
RECONSIDER = {
    "tc-payment": "Si les règles de l'Assurance maladie sur les avances de frais changent.",
    "offline": "Quand les téléphones offriront un stockage chiffré certifié pour les données de "
    "santé.",
}
COMMENTS = (
    "Indispensable pour nous : trois rendez-vous perdus encore ce matin.",
    "Oui ! Et si possible avec un lien pour déplacer le rendez-vous, pas seulement annuler.",
    "Same here, our patients really need this.",
    "Bei uns genauso, bitte auch auf Deutsch.",
    "Anche per noi sarebbe molto utile.",
    "Je partage l'avis : c'est ce qui me manque le plus au quotidien.",
    "Nous utilisons un autre outil en attendant, ce serait plus simple dans Medora.",
)


@dataclass
class IdeasResult:
    ideas: int = 0
    likes: int = 0
    responses: int = 0
    releases: int = 0
    comments: int = 0
    ledger_rows: int = 0


def _space(now: datetime) -> Space:
    space, _created = Space.objects.get_or_create(
        slug=IDEAS_SPACE["slug"],
        defaults={
            "names": IDEAS_SPACE["names"],
            "descriptions": IDEAS_SPACE["descriptions"],
            "visibility": Visibility.PUBLIC,
            "position": 3,
            "created_at": now - 365 * DAY,
        },
    )
    return space


def _dates(rng: random.Random, start: datetime, end: datetime, count: int) -> list[datetime]:
    span = max(1.0, (end - start).total_seconds())
    return sorted(start + timedelta(seconds=rng.random() * span) for _ in range(count))


class _IdeasSeeder:
    def __init__(self, rng: random.Random, now: datetime, people: list[Person]) -> None:
        self.rng = rng
        self.now = now
        self.by_email = {p.user.email: p.user for p in people}
        self.members = [p.user for p in people if not p.user.is_staff_member]
        self.ambassadors = [u for u in self.members if u.has_role(Role.AMBASSADOR)]
        self.clock = _LedgerClock()
        self.result = IdeasResult()
        self.ideas: dict[str, Idea] = {}

    def run(self) -> IdeasResult:
        services.statuses_ensure_defaults()
        services.IdeaSettings.current()
        space = _space(self.now)
        self._templates()
        areas = {a.slug: a for a in ProductArea.objects.all()}
        segments = {s.slug: s for s in Segment.objects.all()}
        for entry in ideas_data.IDEAS:
            self._idea(entry, space, areas, segments, self.members)
        private = Space.objects.filter(slug=PRIVATE_SPACE).first()
        if private is not None and self.ambassadors:
            for entry in ideas_data.PRIVATE_IDEAS:
                self._idea(entry, private, areas, segments, self.ambassadors)
        self._merge()
        self._releases()
        self.clock.apply()
        self.result.ledger_rows = Activity.objects.filter(pk__gt=self.clock.first_id).count()
        return self.result

    def _templates(self) -> None:
        for template in ideas_data.TEMPLATES:
            ResponseTemplate.objects.get_or_create(
                name=template["name"],
                defaults={
                    "decision": IdeaStatus.objects.filter(kind=template["decision"]).first(),
                    "reason_category": template["reason_category"],
                    "rationale": template["rationale"],
                },
            )

    def _idea(self, entry, space, areas, segments, pool: list[User]) -> None:
        key, language, area_slug, segment_slugs, title, problem, solution = entry
        rng = self.rng
        plan = PLANS.get(key) or Plan(
            likes=int(rng.paretovariate(1.6) * 3) % 38, age_days=rng.randint(10, 340)
        )
        speakers = [u for u in pool if u.language == language] or pool
        author = rng.choice(speakers)
        created = self.now - plan.age_days * DAY - timedelta(minutes=rng.randint(0, 600))
        idea = services.idea_create(
            author=author,
            space=space,
            title=title,
            problem=problem,
            solution=solution,
            product_area=areas.get(area_slug),
            segments=[segments[s] for s in segment_slugs if s in segments],
            language=language,
        )
        self.ideas[key] = idea
        self.result.ideas += 1
        self.clock.stamp(created)
        Idea.objects.filter(pk=idea.pk).update(created_at=created)
        Topic.objects.filter(pk=idea.pk).update(created_at=created, last_activity_at=created)
        IdeaStatusChange.objects.filter(idea=idea).update(created_at=created)
        idea.created_at = created

        likers = rng.sample([u for u in pool if u.pk != author.pk], min(plan.likes, len(pool) - 1))
        threshold = services.rules_for(idea.product_area_id)[0]
        if plan.reach_days_ago is not None and len(likers) >= threshold:
            reach = self.now - plan.reach_days_ago * DAY
            dates = _dates(rng, created, reach, threshold) + _dates(
                rng, reach, self.now, len(likers) - threshold
            )
        else:
            dates = _dates(rng, created, self.now, len(likers))
        for liker, when in zip(likers, dates, strict=True):
            services.idea_like(idea=idea, member=liker)
            IdeaLike.objects.filter(idea=idea, member=liker).update(created_at=when)
            self.clock.stamp(when)
            self.result.likes += 1
        if dates:
            Idea.objects.filter(pk=idea.pk).update(last_liked_at=dates[-1])
        idea.refresh_from_db()
        if idea.threshold_reached_at is not None:
            reached = dates[threshold - 1]
            days = services.rules_for(idea.product_area_id)[1]
            Idea.objects.filter(pk=idea.pk).update(
                threshold_reached_at=reached, response_due_at=reached + days * DAY
            )
            IdeaStatusChange.objects.filter(
                idea=idea, to_status__kind=StatusKind.AWAITING_RESPONSE
            ).update(created_at=reached)
            idea.refresh_from_db()
        for index, (kind, after, quarter, reason, text_key) in enumerate(plan.responses):
            self._respond(idea, kind, after, quarter, reason, text_key, index)
        for index in range(min(3, plan.likes // 20)):
            when = created + (index + 1) * 3 * DAY
            commenter = likers[index]
            reply = services.idea_comment(
                idea=idea, author=commenter, body=COMMENTS[(idea.pk + index) % len(COMMENTS)]
            )
            Reply.objects.filter(pk=reply.pk).update(created_at=when)
            self.clock.stamp(when)
            self.result.comments += 1

    def _respond(self, idea, kind, after, quarter, reason, text_key, index) -> None:
        author = self.by_email[AREA_PM[idea.product_area.slug]]
        when = (idea.threshold_reached_at or idea.created_at) + after * DAY
        response = services.response_save(
            idea=idea,
            author=author,
            decision=services.status_of_kind(kind),
            rationale=RATIONALES.get(text_key) or RATIONALES[kind],
            reason_category=reason,
            workaround=WORKAROUNDS.get(text_key, ""),
            reconsider_conditions=RECONSIDER.get(text_key, ""),
            target_quarter=quarter,
            publish=True,
        )
        OfficialResponse.objects.filter(pk=response.pk).update(
            created_at=when, updated_at=when, published_at=when
        )
        IdeaStatusChange.objects.filter(idea=idea, to_status__kind=kind).update(created_at=when)
        if index == 0:
            Idea.objects.filter(pk=idea.pk).update(first_response_at=when)
        self.clock.stamp(when)
        self.result.responses += 1
        idea.refresh_from_db()

    def _merge(self) -> None:
        original, duplicate = self.ideas.get("sms"), self.ideas.get("sms-dup")
        if not (original and duplicate):
            return
        when = self.now - 100 * DAY
        merge = services.idea_merge(
            duplicate=duplicate,
            original=original,
            actor=self.by_email[AREA_PM["agenda"]],
            reason="Même demande que les rappels SMS 48 h avant.",
        )
        IdeaMerge.objects.filter(pk=merge.pk).update(merged_at=when)
        IdeaStatusChange.objects.filter(idea=duplicate, to_status__kind=StatusKind.MERGED).update(
            created_at=when
        )
        self.clock.stamp(when)

    def _releases(self) -> None:
        pm = self.by_email[AREA_PM["agenda"]]
        agenda = ProductArea.objects.filter(slug="agenda").first()
        plans = [
            (
                "Agenda 5.2 — rappels SMS",
                40,
                "Les rappels SMS sont là : vos patients reçoivent un SMS 48 h avant le "
                "rendez-vous, avec un lien pour l'annuler ou le déplacer, et le créneau libéré "
                "se rouvre aussitôt. Activez-les dans Réglages → Agenda → Rappels.",
                ["sms"],
            ),
            (
                "Version de printemps",
                150,
                "Rendez-vous récurrents : créez une série de séances en une fois et déplacez-la "
                "en bloc. Couleurs par motif de consultation dans la vue semaine.",
                ["recurring", "colours"],
            ),
        ]
        for title, days_ago, notes, keys in plans:
            when = self.now - days_ago * DAY
            release = services.release_save(
                actor=pm,
                title=title,
                notes=notes,
                released_on=when.date(),
                product_areas=[agenda] if agenda else [],
                ideas=[self.ideas[k] for k in keys if k in self.ideas],
            )
            services.release_publish(release=release, actor=pm)
            Release.objects.filter(pk=release.pk).update(created_at=when, published_at=when)
            IdeaStatusChange.objects.filter(
                idea__in=[self.ideas[k] for k in keys if k in self.ideas],
                to_status__kind=StatusKind.RELEASED,
            ).update(created_at=when)
            self.clock.stamp(when)
            self.result.releases += 1


def ideas_seed(*, rng: random.Random, now: datetime, people: list[Person]) -> IdeasResult:
    """Seed the demo's ideas inside the caller's transaction; nobody is notified of them (they
    happened months ago), so the after-commit callbacks they queue are dropped."""
    pending = len(connection.run_on_commit)
    try:
        with overridden(NEWCOMER_UNTIL_POSTS=0):
            return _IdeasSeeder(rng, now, people).run()
    finally:
        del connection.run_on_commit[pending:]


def ideas_reset(*, users, space_slugs: list[str]) -> int:
    """Delete the demo's ideas (in its spaces or by its members) before the forum's topics go."""
    ideas = Idea.objects.filter(Q(space__slug__in=space_slugs) | Q(author__in=users))
    ids = list(ideas.values_list("pk", flat=True))
    db = Idea.objects.db
    OfficialResponse.objects.filter(idea_id__in=ids)._raw_delete(db)
    Release.ideas.through.objects.filter(idea_id__in=ids)._raw_delete(db)
    IdeaMerge.objects.filter(Q(duplicate_id__in=ids) | Q(original_id__in=ids))._raw_delete(db)
    IdeaLike.objects.filter(Q(idea_id__in=ids) | Q(member__in=users))._raw_delete(db)
    IdeaStatusChange.objects.filter(idea_id__in=ids)._raw_delete(db)
    Idea.segments.through.objects.filter(idea_id__in=ids)._raw_delete(db)
    Idea.tags.through.objects.filter(idea_id__in=ids)._raw_delete(db)
    Idea.objects.filter(pk__in=ids).update(merged_into=None)
    count = Idea.objects.filter(pk__in=ids)._raw_delete(db)
    Release.objects.filter(created_by__in=users).delete()
    ResponseTemplate.objects.filter(name__in=[t["name"] for t in ideas_data.TEMPLATES]).delete()
    return count


IDEAS_SPACE_SLUG = IDEAS_SPACE["slug"]


# --- Large volumes ----------------------------------------------------------------------------


@dataclass
class LargeIdeasResult:
    ideas: int
    likes: int


def ideas_seed_large(
    *, members: list[tuple[int, datetime]], ideas: int, likes: int, seed: int, now: datetime
) -> LargeIdeasResult:
    """``ideas`` ideas (each with its forum topic) and exactly ``likes`` likes among ``members``
    (id, joined), with exact counters. COPY on PostgreSQL, batched inserts elsewhere."""
    rng = random.Random(seed + 4)
    services.statuses_ensure_defaults()
    space = _space(now)
    area_ids = list(ProductArea.objects.filter(is_active=True).values_list("pk", flat=True))
    statuses = {s.kind: s.pk for s in IdeaStatus.objects.all()}
    threshold = services.IdeaSettings.current().threshold
    if not members or ideas <= 0:
        return LargeIdeasResult(0, 0)
    # Likes per idea: a long tail, a few very popular ones (like a real board).
    weights = [rng.paretovariate(1.2) for _ in range(ideas)]
    total = sum(weights)
    # Nobody likes their own idea or likes twice: at most (members - 1) likes per idea.
    likes = min(likes, ideas * (len(members) - 1))
    counts = [min(len(members) - 1, int(likes * w / total)) for w in weights]
    missing = likes - sum(counts)
    index = 0
    while missing > 0:
        if counts[index % ideas] < len(members) - 1:
            counts[index % ideas] += 1
            missing -= 1
        index += 1
    base = list(ideas_data.IDEAS)
    # Rendered once per distinct text, not 20,000 times.
    html = {text: render_markdown(text).html for entry in base for text in (entry[5], entry[6])}
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence('forum_topic', 'id')) "
                "FROM generate_series(1, %s)",
                [ideas],
            )
            topic_ids = [row[0] for row in cursor.fetchall()]
        else:
            topic_ids = []
    topic_rows, idea_rows, like_rows = [], [], []
    for number in range(ideas):
        _key, language, _area_slug, _segments, title, problem, solution = base[number % len(base)]
        author_id, joined = members[rng.randrange(len(members))]
        created = max(joined, now - timedelta(days=rng.uniform(1, 700)))
        full_title = f"{title} ({number + 1})"
        count = counts[number]
        kind = StatusKind.OPEN
        reached = due = None
        if count >= threshold:
            kind = rng.choice(
                [StatusKind.AWAITING_RESPONSE, StatusKind.PLANNED, StatusKind.UNDER_REVIEW]
            )
            reached = created + (now - created) / 2
            due = reached + 30 * DAY
        topic_rows.append(
            {
                "space_id": space.pk,
                "kind": IDEA_THREAD.name,
                "title": full_title,
                "author_id": author_id,
                "author_role": "",
                "product_area_id": area_ids[number % len(area_ids)] if area_ids else None,
                "body": f"{problem}\n\n{solution}",
                "body_html": html[problem],
                "summary": plain_text(problem)[:300],
                "language": language,
                "created_at": created,
                "last_activity_at": created,
            }
        )
        idea_rows.append(
            {
                "space_id": space.pk,
                "title": full_title,
                "problem": problem,
                "problem_html": html[problem],
                "solution": solution,
                "solution_html": html[solution],
                "product_area_id": topic_rows[-1]["product_area_id"],
                "author_id": author_id,
                "status_id": statuses[kind],
                "language": language,
                "created_at": created,
                "like_count": count,
                "counted_like_count": count,
                "threshold_reached_at": reached,
                "response_due_at": due,
                "target_quarter": "",
            }
        )
        chosen = rng.sample(range(len(members)), count + 1)
        chosen = [i for i in chosen if members[i][0] != author_id][:count]
        idea_rows[-1]["like_count"] = idea_rows[-1]["counted_like_count"] = len(chosen)
        like_rows.append(
            [(members[i][0], created + (now - created) * rng.random()) for i in chosen]
        )
    if postgres:
        _large_postgresql(topic_ids, topic_rows, idea_rows, like_rows)
    else:
        _large_batched(topic_rows, idea_rows, like_rows)
    return LargeIdeasResult(ideas=ideas, likes=sum(len(r) for r in like_rows))


_TOPIC_COLUMNS = (
    "id",
    "space_id",
    "kind",
    "title",
    "author_id",
    "author_role",
    "product_area_id",
    "body",
    "body_html",
    "summary",
    "language",
    "reading_minutes",
    "toc",
    "created_at",
    "last_activity_at",
    "reply_count",
    "like_count",
    "helpful_yes",
    "helpful_no",
    "answered_by",
    "is_deleted",
)
_IDEA_COLUMNS = (
    "topic_id",
    "space_id",
    "title",
    "problem",
    "problem_html",
    "solution",
    "solution_html",
    "product_area_id",
    "author_id",
    "status_id",
    "language",
    "created_at",
    "like_count",
    "counted_like_count",
    "threshold_reached_at",
    "response_due_at",
    "target_quarter",
)
_LIKE_COLUMNS = ("idea_id", "member_id", "created_at")


def _large_postgresql(topic_ids, topic_rows, idea_rows, like_rows) -> None:
    def topics():
        for pk, row in zip(topic_ids, topic_rows, strict=True):
            yield (
                pk,
                row["space_id"],
                row["kind"],
                row["title"],
                row["author_id"],
                "",
                row["product_area_id"],
                row["body"],
                row["body_html"],
                row["summary"],
                row["language"],
                1,
                "[]",
                row["created_at"],
                row["last_activity_at"],
                0,
                0,
                0,
                0,
                "",
                False,
            )

    def ideas():
        for pk, row in zip(topic_ids, idea_rows, strict=True):
            yield (pk, *(row[c] for c in _IDEA_COLUMNS[1:]))

    def likes():
        for pk, rows in zip(topic_ids, like_rows, strict=True):
            for member_id, when in rows:
                yield (pk, member_id, when)

    with connection.cursor() as cursor:
        copy_rows(cursor, Topic._meta.db_table, _TOPIC_COLUMNS, topics())
        copy_rows(cursor, Idea._meta.db_table, _IDEA_COLUMNS, ideas())
        copy_rows(cursor, IdeaLike._meta.db_table, _LIKE_COLUMNS, likes())
        # Liking subscribes: the likers follow the idea's topic, as the service does.
        cursor.execute(
            "INSERT INTO forum_follow (member_id, target_type, target_id, created_at) "
            "SELECT member_id, 'topic', idea_id, created_at FROM ideas_idealike "
            "WHERE idea_id = ANY(%s) ON CONFLICT DO NOTHING",
            [topic_ids],
        )


def _large_batched(topic_rows, idea_rows, like_rows) -> None:
    for topic_row, idea_row, likes in zip(topic_rows, idea_rows, like_rows, strict=True):
        topic = Topic.objects.create(**topic_row)
        Idea.objects.create(topic=topic, **idea_row)
        IdeaLike.objects.bulk_create(
            [IdeaLike(idea_id=topic.pk, member_id=m, created_at=w) for m, w in likes]
        )
        Follow.objects.bulk_create(
            [
                Follow(member_id=m, target_type=FollowTarget.TOPIC, target_id=topic.pk)
                for m, _w in likes
            ],
            ignore_conflicts=True,
        )
