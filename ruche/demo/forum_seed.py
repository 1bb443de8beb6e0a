"""Forum content of the demo, and forum volumes for the benchmark.

The normal seed writes through the forum services (topic_create, reply_create, like_add…) so every
rule, counter and ledger row is the real one; it then moves the dates back over the last twelve
months: ``created_at``/``last_activity_at`` with ``QuerySet.update()`` and the ledger rows it has
just appended (inside the same transaction, before anyone can read them) with one UPDATE, because
the services record them at "now".

The large seed COPYs topics and replies in on PostgreSQL (batched inserts elsewhere), with exact
reply and like counters; it writes no ledger rows for them.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from itertools import islice
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.models import Max, Q

from ruche.accounts.models import User
from ruche.accounts.roles import Role
from ruche.activity.models import Activity
from ruche.core.conf import overridden
from ruche.core.markdown import render_markdown
from ruche.core.permissions import can_see
from ruche.forum import services as forum
from ruche.forum import verbs as forum_verbs
from ruche.forum.conf import ESCALATION_DELAY_HOURS
from ruche.forum.models import (
    Escalation,
    EscalationReason,
    Follow,
    FollowTarget,
    HelpfulVote,
    Like,
    Reply,
    Revision,
    Tag,
    Topic,
    TopicKind,
)
from ruche.forum.permissions import may_start_topic
from ruche.products.models import ProductArea
from ruche.spaces.models import Space, Visibility

from . import data, forum_data
from .bulk import copy_rows

HOUR = timedelta(hours=1)
YEAR_DAYS = 365

# Staff who write or answer, by the key topics use and by language.
STAFF_KEYS = {
    "pm": f"pm@{data.COMPANY_DOMAIN}",
    "support": f"support@{data.COMPANY_DOMAIN}",
    "community": f"community@{data.COMPANY_DOMAIN}",
    "moderator": f"moderator@{data.COMPANY_DOMAIN}",
    "billing_pm": f"nadia.haddad@{data.COMPANY_DOMAIN}",
    "messaging_pm": f"lukas.becker@{data.COMPANY_DOMAIN}",
    "expert": f"expert@{data.COMPANY_DOMAIN}",
}
# Who answers for the company in each language; the first is the usual one.
STAFF_BY_LANGUAGE = {
    "fr": (f"support@{data.COMPANY_DOMAIN}", f"pm@{data.COMPANY_DOMAIN}"),
    "de": (f"jonas.weber@{data.COMPANY_DOMAIN}", f"lukas.becker@{data.COMPANY_DOMAIN}"),
    "it": (f"giulia.conti@{data.COMPANY_DOMAIN}",),
    "en": (f"support@{data.COMPANY_DOMAIN}",),
}
# German posts from staff roles are written by the German colleagues.
GERMAN_STAFF = {"pm": "messaging_pm", "support": "messaging_pm"}


@dataclass
class Person:
    user: User
    engagement: float


@dataclass
class ForumResult:
    topics: int = 0
    replies: int = 0
    likes: int = 0
    escalations: int = 0
    follows: int = 0
    ledger_rows: int = 0


# --- Ledger dates -----------------------------------------------------------------------------


class _LedgerClock:
    """Remembers when each ledger row appended by the seed really happened."""

    def __init__(self) -> None:
        self.last_id = Activity.objects.aggregate(last=Max("pk"))["last"] or 0
        self.first_id = self.last_id
        self.when: dict[int, datetime] = {}

    def stamp(self, when: datetime) -> None:
        ids = list(Activity.objects.filter(pk__gt=self.last_id).values_list("pk", flat=True))
        for pk in ids:
            self.when[pk] = when
        if ids:
            self.last_id = max(ids)

    def apply(self) -> None:
        if not self.when:
            return
        table = connection.ops.quote_name(Activity._meta.db_table)
        adapt = connection.ops.adapt_datetimefield_value
        # The ledger refuses QuerySet.update(); these rows were appended by this seed, in this
        # transaction, a moment ago: giving them their demo date is the deliberate exception.
        sql = f"UPDATE {table} SET occurred_at = %s WHERE id = %s"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.executemany(sql, [(adapt(when), pk) for pk, when in sorted(self.when.items())])


# --- The normal seed --------------------------------------------------------------------------


class _ForumSeeder:
    def __init__(self, rng: random.Random, now: datetime, people: list[Person]) -> None:
        self.rng = rng
        self.now = now
        self.people = people
        self.by_email = {person.user.email: person.user for person in people}
        self.engagement = {person.user.pk: person.engagement for person in people}
        self.spaces = {space.slug: space for space in Space.objects.all()}
        self.clock = _LedgerClock()
        self.result = ForumResult()
        self.readers: dict[str, list[User]] = {}
        self.topic_times: dict[int, datetime] = {}
        self.reply_times: dict[int, datetime] = {}

    # Who may take part where --------------------------------------------------------------

    def readers_of(self, slug: str) -> list[User]:
        if slug not in self.readers:
            space = self.spaces[slug]
            self.readers[slug] = [p.user for p in self.people if can_see(p.user, space)]
        return self.readers[slug]

    def pick(self, users: list[User], *, exclude: Iterable[int] = (), language: str = "") -> User:
        """A participant, the most engaged more often, writing in ``language`` when possible."""
        excluded = set(exclude)
        pool = [u for u in users if u.pk not in excluded]
        native = [u for u in pool if u.language == language]
        if native and self.rng.random() < 0.85:
            pool = native
        weights = [self.engagement[u.pk] for u in pool]
        return self.rng.choices(pool, weights)[0]

    def members_of(self, slug: str) -> list[User]:
        return [u for u in self.readers_of(slug) if not u.is_staff_member]

    def staff_member(self, key: str, language: str) -> User:
        if language == "de":
            key = GERMAN_STAFF.get(key, key)
        return self.by_email[STAFF_KEYS[key]]

    def staff_answerer(self, language: str, topic: Topic) -> User:
        emails = STAFF_BY_LANGUAGE[language]
        pm_area = topic.product_area and topic.product_area.slug in ("agenda", "teleconsultation")
        if len(emails) > 1 and pm_area and self.rng.random() < 0.4:
            return self.by_email[emails[1]]
        return self.by_email[emails[0]]

    # Moments --------------------------------------------------------------------------------

    def topic_moment(self, recent: bool) -> datetime:
        if recent:
            return self.now - timedelta(hours=self.rng.uniform(1, 6))
        days = YEAR_DAYS * self.rng.random() ** 0.8 + 2
        when = self.now - timedelta(days=days)
        local = when.replace(hour=self.rng.randint(7, 20), minute=self.rng.randrange(60))
        return min(local, self.now - timedelta(days=1))

    def after(self, start: datetime, *, hours: float) -> datetime:
        """A moment after ``start``, ``hours`` later on average, never in the future."""
        gap = timedelta(hours=self.rng.expovariate(1 / hours)) + timedelta(minutes=3)
        ceiling = self.now - timedelta(minutes=1)
        return min(start + gap, ceiling - timedelta(seconds=self.rng.randrange(1, 3000)))

    # Writing ---------------------------------------------------------------------------------

    def run(self) -> ForumResult:
        for slug, name in forum_data.TAGS:
            Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        plans = list(forum_data.TOPICS)
        topics: list[tuple[Topic, dict]] = []
        for spec in plans:
            topics.append(self.thread(spec))
        Reply.objects.bulk_update(
            [Reply(pk=pk, created_at=when) for pk, when in sorted(self.reply_times.items())],
            ["created_at"],
            batch_size=500,
        )
        self.likes(topics)
        self.automatic_escalations()
        self.follows()
        self.clock.apply()
        self.result.ledger_rows = Activity.objects.filter(pk__gt=self.clock.first_id).count()
        return self.result

    def author_for(self, spec: dict) -> User:
        plan = spec["plan"]
        if "author" in plan:
            return self.by_email[STAFF_KEYS[plan["author"]]]
        if "staff_author" in plan:
            return self.staff_member(plan["staff_author"], spec["lang"])
        members = self.members_of(spec["space"])
        # The demo logins start a few threads, so their profile and notifications have content.
        fixed = {"fr": f"member@{data.COMPANY_DOMAIN}", "it": f"expert@{data.COMPANY_DOMAIN}"}
        login = self.by_email.get(fixed.get(spec["lang"], ""))
        if login is not None and login in members and self.rng.random() < 0.12:
            return login
        return self.pick(members, language=spec["lang"])

    def space_for(self, spec: dict, author: User) -> Space:
        space = self.spaces[spec["space"]]
        if spec["kind"] == TopicKind.ARTICLE and not may_start_topic(author, space, spec["kind"]):
            # Experts may write articles, but only where they may post.
            return self.spaces["share-your-practice"]
        return space

    def thread(self, spec: dict) -> tuple[Topic, dict]:
        plan = spec["plan"]
        language = spec["lang"]
        author = self.author_for(spec)
        space = self.space_for(spec, author)
        started = self.topic_moment(plan.get("recent", False))
        topic = forum.topic_create(
            author=author,
            space=space,
            kind=spec["kind"],
            title=spec["title"],
            body=spec["body"],
            tags=list(spec["tags"]),
            summary=spec.get("summary", ""),
            language=language,
        )
        self.clock.stamp(started)
        self.topic_times[topic.pk] = started
        self.result.topics += 1
        Follow.objects.filter(
            member=author, target_type=FollowTarget.TOPIC, target_id=topic.pk
        ).update(created_at=started)

        theme = forum_data.THEMES.get(spec["tags"][0] if spec["tags"] else "", "generic")
        texts = _TextPicker(self.rng, language, theme)
        readers = self.readers_of(space.slug)
        participants = [u for u in readers if u.pk != author.pk]
        if space.visibility == Visibility.STAFF:
            participants = [u for u in participants if u.is_staff_member]
        replies: list[Reply] = []
        moment = started
        count = plan.get("replies", self.rng.randint(2, 6))
        answer = plan.get("answer")
        escalate = plan.get("escalate")
        state = plan.get("state")
        escalation: Escalation | None = None
        escalated_at = None
        staff_reply_at = None
        accepted_at = None

        def add(user: User, body: str, parent: Reply | None = None, hours: float = 8.0) -> Reply:
            nonlocal moment
            moment = self.after(moment, hours=hours)
            if parent is not None and self.rng.random() < 0.4:
                quoted = parent.body.split("\n")[-1].split(". ")[0].rstrip(".")
                body = f"> {quoted}.\n\n{body}"
            reply = forum.reply_create(author=user, topic=topic, body=body, parent=parent)
            self.clock.stamp(moment)
            self.reply_times[reply.pk] = moment
            replies.append(reply)
            self.result.replies += 1
            return reply

        def mention(user: User) -> str:
            return f"@{user.handle} " if user.handle and self.rng.random() < 0.35 else ""

        staff_wanted = answer == "staff" and state != "open"
        if spec["kind"] == TopicKind.QUESTION and count:
            # Members try first; when the thread is escalated, the staff answer comes after.
            peers_first = 1 if (escalate or answer == "staff") else max(1, count - 2)
            if answer == "staff" and not escalate and self.rng.random() < 0.5:
                peers_first = 0
            answers: list[Reply] = []
            for _index in range(min(peers_first, count)):
                user = self.pick(participants, exclude=[author.pk], language=language)
                body = texts.peer() if answer != "staff" else texts.generic()
                answers.append(add(user, mention(author) + body))
            if escalate:
                raiser = author if escalate == "member" else self.staff_member("moderator", "fr")
                moment = self.after(moment, hours=12)
                escalation = forum.escalation_raise(
                    topic=topic, actor=raiser, reason=EscalationReason(escalate)
                )
                escalated_at = moment
                self.clock.stamp(moment)
                self.result.escalations += 1
                if self.rng.random() < 0.7 or state == "open":
                    forum.escalation_assign(
                        escalation=escalation,
                        agent=self.staff_answerer(language, topic),
                        actor=self.by_email[STAFF_KEYS["support"]],
                    )
                    self.clock.stamp(self.after(moment, hours=1))
            staff_answer = None
            if staff_wanted:
                staff = self.staff_answerer(language, topic)
                staff_answer = add(staff, texts.staff(), hours=4 if escalate else 20)
                staff_reply_at = moment
            accepted = None
            if answer == "staff" and staff_answer is not None and state != "answered":
                accepted = staff_answer
            elif answer == "peer" and answers:
                accepted = answers[0]
            if accepted is not None:
                # The asker accepts, sometimes the staff does it for them.
                accepter = (
                    author if self.rng.random() < 0.85 else self.by_email[STAFF_KEYS["support"]]
                )
                moment = self.after(moment, hours=6)
                forum.answer_accept(topic=topic, reply=accepted, actor=accepter)
                accepted_at = moment
                self.clock.stamp(moment)
                thanks = f"@{accepted.author.handle} {texts.follow_up()}"
                add(author, thanks, parent=accepted, hours=1)
            while len(replies) < count:
                user = self.pick(participants, exclude=[author.pk], language=language)
                parent = self.rng.choice(replies) if replies and self.rng.random() < 0.4 else None
                add(
                    user, texts.follow_up() if parent else mention(author) + texts.generic(), parent
                )
        else:
            for _index in range(count):
                user = self.pick(participants, exclude=[author.pk], language=language)
                parent = self.rng.choice(replies) if replies and self.rng.random() < 0.3 else None
                body = texts.follow_up() if spec["kind"] == TopicKind.ARTICLE else texts.opinion()
                add(user, (mention(author) if parent is None else "") + body, parent, hours=20)

        last = max([started, *(self.reply_times[r.pk] for r in replies)])
        first_staff = next(
            (
                self.reply_times[r.pk]
                for r in replies
                if r.is_staff_reply and r.author_id != author.pk
            ),
            None,
        )
        Topic.objects.filter(pk=topic.pk).update(
            created_at=started, last_activity_at=last, first_staff_reply_at=first_staff
        )
        if escalation is not None:
            Escalation.objects.filter(pk=escalation.pk).update(
                asked_at=started,
                escalated_at=escalated_at,
                first_staff_reply_at=staff_reply_at,
                resolved_at=accepted_at,
            )
        topic.refresh_from_db()
        if spec["kind"] == TopicKind.ARTICLE:
            self.votes(topic)
        return topic, spec

    def votes(self, topic: Topic) -> None:
        readers = [u for u in self.readers_of(topic.space.slug) if u.pk != topic.author_id]
        voters = self.rng.sample(readers, min(len(readers), self.rng.randint(4, 14)))
        for voter in voters:
            forum.article_vote(topic=topic, member=voter, helpful=self.rng.random() < 0.85)
            self.clock.stamp(self.after(self.topic_times[topic.pk], hours=24 * 20))

    def likes(self, threads: list[tuple[Topic, dict]]) -> None:
        """Likes, skewed: most posts get none or a few, testimonials and answers get more.

        Written in bulk with their ledger rows and counters, as ``like_add`` would (a reader of
        the space, never the author, once per member): hundreds of likes one service call at a
        time would make the seed several times slower.
        """
        topic_type = ContentType.objects.get_for_model(Topic)
        reply_type = ContentType.objects.get_for_model(Reply)
        likes: list[Like] = []
        ledger: list[Activity] = []
        replies = Reply.objects.filter(topic__in=[t for t, _s in threads]).order_by("pk")
        by_topic: dict[int, list[Reply]] = {}
        for reply in replies:
            by_topic.setdefault(reply.topic_id, []).append(reply)
        liked_posts: list[Topic | Reply] = []
        for topic, spec in threads:
            readers = self.readers_of(topic.space.slug)
            boost = 2.0 if spec["kind"] in (TopicKind.TESTIMONIAL, TopicKind.ARTICLE) else 1.0
            for post in [topic, *by_topic.get(topic.pk, [])]:
                wanted = int(boost * (self.rng.paretovariate(1.8) - 1) * 1.5)
                if isinstance(post, Reply) and post.pk == topic.accepted_reply_id:
                    wanted += 2
                likers = [u for u in readers if u.pk != post.author_id]
                chosen = self.rng.sample(likers, min(len(likers), wanted, 20))
                if not chosen:
                    continue
                is_topic = isinstance(post, Topic)
                start = self.topic_times[topic.pk] if is_topic else self.reply_times[post.pk]
                for liker in chosen:
                    when = self.after(start, hours=36)
                    target = {"topic": post} if is_topic else {"reply": post}
                    likes.append(Like(member=liker, created_at=when, **target))
                    ledger.append(
                        Activity(
                            actor=liker,
                            verb=forum_verbs.LikeGiven.name,
                            target_type=topic_type if is_topic else reply_type,
                            target_id=post.pk,
                            space=topic.space,
                            occurred_at=when,
                            recorded_at=self.now,
                            payload={"author": post.author_id},
                        )
                    )
                post.like_count = len(chosen)
                liked_posts.append(post)
        Like.objects.bulk_create(likes, batch_size=1000)
        Activity.objects.bulk_create(ledger, batch_size=1000)
        # Appended after the clock's last look: keep them out of its re-dating.
        self.clock.last_id = Activity.objects.aggregate(last=Max("pk"))["last"] or 0
        Topic.objects.bulk_update([p for p in liked_posts if isinstance(p, Topic)], ["like_count"])
        Reply.objects.bulk_update([p for p in liked_posts if isinstance(p, Reply)], ["like_count"])
        self.result.likes += len(likes)

    def automatic_escalations(self) -> None:
        """Old questions nobody answered go to support on their own; support takes some."""
        before = set(Escalation.objects.values_list("pk", flat=True))
        forum.escalate_unanswered(now=self.now)
        support = self.by_email[STAFF_KEYS["support"]]
        created = Escalation.objects.exclude(pk__in=before).select_related("topic").order_by("pk")
        for index, escalation in enumerate(created):
            delay = timedelta(hours=ESCALATION_DELAY_HOURS.value, minutes=20)
            when = min(escalation.topic.created_at + delay, self.now - HOUR)
            self.clock.stamp(when)
            Escalation.objects.filter(pk=escalation.pk).update(escalated_at=when)
            self.result.escalations += 1
            if index % 2 == 0:
                agent = self.staff_answerer(escalation.topic.language, escalation.topic)
                forum.escalation_assign(escalation=escalation, agent=agent, actor=support)
                self.clock.stamp(self.after(when, hours=2))

    def follows(self) -> None:
        """Members follow a few spaces and tags; product managers follow their areas."""
        tags = list(Tag.objects.filter(slug__in=[s for s, _n in forum_data.TAGS]).order_by("slug"))
        followable = [
            self.spaces[slug]
            for slug in ("questions-answers", "share-your-practice", "replacements-holidays")
        ]
        for person in self.people:
            user = person.user
            if user.is_staff_member or self.rng.random() > 0.25:
                continue
            for space in self.rng.sample(followable, self.rng.randint(1, 2)):
                self._follow(user, FollowTarget.SPACE, space.pk)
            for tag in self.rng.sample(tags, self.rng.randint(0, 2)):
                self._follow(user, FollowTarget.TAG, tag.pk)
        for area in ProductArea.objects.order_by("pk"):
            self.result.follows += forum.product_managers_follow_their_areas(area=area)

    def _follow(self, user: User, target_type: str, target_id: int) -> None:
        when = self.after(self.now - timedelta(days=self.rng.uniform(2, YEAR_DAYS)), hours=1)
        if forum.follow_add(member=user, target_type=target_type, target_id=target_id):
            self.clock.stamp(when)
            Follow.objects.filter(member=user, target_type=target_type, target_id=target_id).update(
                created_at=when
            )
            self.result.follows += 1


class _TextPicker:
    """Texts for one thread, without repeating one while others are left."""

    def __init__(self, rng: random.Random, language: str, theme: str) -> None:
        self.rng = rng
        self.language = language
        self.theme = theme
        self.used: set[str] = set()

    def _choose(self, options: Iterable[str]) -> str:
        options = list(options)
        fresh = [text for text in options if text not in self.used] or options
        text = self.rng.choice(fresh)
        self.used.add(text)
        return text

    def _pool(self, pools: dict[str, dict[str, tuple[str, ...]]]) -> tuple[str, ...]:
        by_theme = pools.get(self.language, pools["en"])
        return by_theme.get(self.theme) or by_theme["generic"]

    def peer(self) -> str:
        return self._choose(self._pool(forum_data.PEER_ANSWERS))

    def staff(self) -> str:
        return self._choose(self._pool(forum_data.STAFF_ANSWERS))

    def generic(self) -> str:
        return self._choose(forum_data.PEER_ANSWERS[self.language]["generic"])

    def follow_up(self) -> str:
        return self._choose(forum_data.FOLLOW_UPS[self.language])

    def opinion(self) -> str:
        return self._choose(forum_data.OPINIONS[self.language])


def forum_seed(*, rng: random.Random, now: datetime, people: list[Person]) -> ForumResult:
    """Seed the demo's threads, articles, likes, escalations and follows (inside the caller's
    transaction). Newcomer limits are lifted meanwhile: the demo members post a year's worth
    of content in a second."""
    # The services announce each post after commit (notifications, e-mails). The demo's threads
    # happened "months ago": nobody is to be notified of them today, so the callbacks they queued
    # in this transaction are dropped.
    pending = len(connection.run_on_commit)
    try:
        with overridden(NEWCOMER_UNTIL_POSTS=0):
            return _ForumSeeder(rng, now, people).run()
    finally:
        del connection.run_on_commit[pending:]


def people_for_forum(seeded: Iterable[Any]) -> list[Person]:
    """The seeded members, reloaded with their roles, in a stable order."""
    engagement = {entry.user.pk: entry.engagement for entry in seeded}
    users = User.objects.filter(pk__in=engagement).prefetch_related("groups").order_by("pk")
    people = [Person(user, engagement[user.pk]) for user in users]
    # The demo ambassador helps a lot; the plain member only now and then.
    for person in people:
        if person.user.has_role(Role.AMBASSADOR):
            person.engagement = max(person.engagement, 12.0)
    return people


# --- Large volumes ----------------------------------------------------------------------------

LARGE_SPACES = (
    ("questions-answers", 55),
    ("share-your-practice", 18),
    ("replacements-holidays", 17),
    ("beta-teleconsultation", 4),
    ("billing-focus-group", 3),
    ("announcements", 3),
)
_KINDS_BY_SPACE = {
    "questions-answers": TopicKind.QUESTION,
    "share-your-practice": TopicKind.TESTIMONIAL,
    "announcements": TopicKind.DISCUSSION,
}
HUNDRED = 100
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
    "accepted_reply_id",
    "answered_by",
    "is_deleted",
)
_REPLY_COLUMNS = (
    "id",
    "topic_id",
    "author_id",
    "author_role",
    "is_staff_reply",
    "body",
    "body_html",
    "language",
    "created_at",
    "like_count",
    "is_deleted",
)
_LIKE_COLUMNS = ("member_id", "topic_id", "created_at")


@dataclass
class LargeForumResult:
    topics: int
    replies: int
    likes: int
    hundred_reply_topics: int
    seconds: float = 0.0


@dataclass
class _Bodies:
    """A pool of distinct bodies per language, each rendered to HTML once."""

    texts: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)

    @classmethod
    def build(cls, rng: random.Random, per_language: int) -> _Bodies:
        pool = cls()
        for language, paragraphs in forum_data.LARGE_PARAGRAPHS.items():
            seen: dict[str, tuple[str, str, int]] = {}
            for _index in range(per_language * 3):
                if len(seen) >= per_language:
                    break
                chosen = rng.sample(paragraphs, rng.randint(1, len(paragraphs)))
                text = "\n\n".join(chosen)
                while len(text) > 1500:
                    chosen.pop()
                    text = "\n\n".join(chosen)
                if len(text) < 200:
                    text = "\n\n".join([*chosen, *paragraphs[:2]])[:1500]
                if text not in seen:
                    words = len(text.split())
                    seen[text] = (text, render_markdown(text).html, max(1, words // 200))
            pool.texts[language] = list(seen.values())
        return pool


class _SearchVectors:
    """The full-text column the search app keeps on topics and replies (PostgreSQL only).

    Its trigger computes the vector row by row: six ``to_tsvector`` calls per post, minutes for a
    million replies. The large seed uses few distinct texts, so it asks the database for each
    distinct vector once, COPYs it in, and turns the trigger off meanwhile.
    """

    TRIGGER = "search_vector_update"
    COLUMN = "search_vector"

    def __init__(self) -> None:
        self.tables: set[str] = set()
        self.cache: dict[tuple[str, str, str], str] = {}
        if connection.vendor != "postgresql":
            return
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regproc('ruche_search_vector') IS NOT NULL")
            if not cursor.fetchone()[0]:
                return
            for model in (Topic, Reply):
                table = model._meta.db_table
                cursor.execute(
                    "SELECT 1 FROM pg_trigger t JOIN information_schema.columns c "
                    "ON c.table_name = %s AND c.column_name = %s "
                    "AND c.table_schema = current_schema() "
                    "WHERE t.tgrelid = %s::regclass AND t.tgname = %s",
                    [table, self.COLUMN, table, self.TRIGGER],
                )
                if cursor.fetchone():
                    self.tables.add(table)

    def triggers(self, *, enabled: bool) -> None:
        """Turn the trigger off before the COPY (the rows bring their vector), on after it."""
        if not self.tables:
            return
        with connection.cursor() as cursor:
            # ALTER TABLE refuses a table with deferred checks pending (rows written earlier in
            # the transaction): run them now, then defer again as Django expects.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            action = "ENABLE" if enabled else "DISABLE"
            for table in sorted(self.tables):
                quoted = connection.ops.quote_name(table)
                cursor.execute(f"ALTER TABLE {quoted} {action} TRIGGER {self.TRIGGER}")

    def applies(self, model) -> bool:
        return model._meta.db_table in self.tables

    def vector(self, language: str, title: str, body: str) -> str:
        key = (language, title, body)
        if key not in self.cache:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT ruche_search_vector(%s, %s, '', %s)::text", [language, title, body]
                )
                self.cache[key] = cursor.fetchone()[0]
        return self.cache[key]


def _reserve_ids(model, count: int) -> int:
    """The first of ``count`` consecutive primary keys nobody else will use."""
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                "nextval(pg_get_serial_sequence(%s, 'id')) + %s - 1)",
                [table, table, max(count, 1)],
            )
            return cursor.fetchone()[0] - max(count, 1) + 1
    return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def _split_replies(rng: random.Random, topics: int, replies: int) -> list[int]:
    """Replies per topic summing to exactly ``replies``; a few topics get exactly 100."""
    if topics <= 0:
        return []
    hundreds = min(20, replies // 1000, topics)
    counts = [HUNDRED] * hundreds + [0] * (topics - hundreds)
    rest = replies - HUNDRED * hundreds
    others = topics - hundreds
    if rest and others:
        # Skewed: many short threads, a few long ones, none above 99 (100 is for the pinned).
        weights = [min(rng.paretovariate(1.1), 40.0) for _index in range(others)]
        cumulative, running = [], 0.0
        for weight in weights:
            running += weight
            cumulative.append(running)
        drawn = Counter(rng.choices(range(others), cum_weights=cumulative, k=rest))
        overflow = 0
        for index, number in drawn.items():
            if number >= HUNDRED:
                overflow += number - (HUNDRED - 1)
                number = HUNDRED - 1
            counts[hundreds + index] = number
        position = hundreds
        while overflow:
            room = HUNDRED - 1 - counts[position]
            moved = min(room, overflow)
            counts[position] += moved
            overflow -= moved
            position = hundreds + (position - hundreds + 1) % others
    elif rest:
        counts[0] += rest
    return counts


def forum_seed_large(
    *,
    members: list[tuple[int, datetime]],
    topics: int,
    replies: int,
    seed: int = 2026,
    now: datetime | None = None,
) -> LargeForumResult:
    """Exactly ``topics`` topics and ``replies`` replies by ``members`` (id, joined), with exact
    counters, over the last year. Call inside a transaction."""
    rng = random.Random(seed + 1)
    now = now or datetime.now(tz=UTC)
    spaces = {s.slug: s for s in Space.objects.filter(slug__in=[s for s, _w in LARGE_SPACES])}
    choices = [(spaces[slug], weight) for slug, weight in LARGE_SPACES if slug in spaces]
    if not members or not choices or topics <= 0:
        return LargeForumResult(0, 0, 0, 0)
    space_list = [space for space, _weight in choices]
    space_weights = [weight for _space, weight in choices]
    bodies = _Bodies.build(rng, per_language=120)
    search = _SearchVectors()
    topic_search, reply_search = search.applies(Topic), search.applies(Reply)
    languages = {"fr": 60, "de": 18, "it": 18, "en": 4}
    member_ids = [member_id for member_id, _joined in members]
    cumulative, running = [], 0.0
    for _member in members:
        running += min(rng.paretovariate(1.2), 40.0)
        cumulative.append(running)

    counts = _split_replies(rng, topics, replies)
    first_topic = _reserve_ids(Topic, topics)
    first_reply = _reserve_ids(Reply, replies)
    year = YEAR_DAYS * 86400
    now_ts = now.timestamp()
    authors = rng.choices(member_ids, cum_weights=cumulative, k=topics)
    topic_rows: list[tuple] = []
    plans: list[tuple[int, float, list[float], int, str, int]] = []
    like_rows: list[tuple] = []
    reply_id = first_reply
    question_space = spaces.get("questions-answers")
    for index in range(topics):
        topic_id = first_topic + index
        count = counts[index]
        # The 100-reply topics sit in the public Q&A so anyone can open them.
        space = (
            question_space
            if count == HUNDRED and question_space is not None
            else rng.choices(space_list, space_weights)[0]
        )
        language = rng.choices(list(languages), list(languages.values()))[0]
        # Topics draw from fewer bodies than replies: fewer distinct (title, body) to index.
        body, html, minutes = rng.choice(bodies.texts[language][:30])
        created_ts = now_ts - year * rng.random() ** 0.9 - 3600
        span = now_ts - created_ts
        offsets = sorted(rng.random() ** 3 * span for _reply in range(count))
        last_ts = created_ts + (offsets[-1] if offsets else 0)
        author = authors[index]
        kind = _KINDS_BY_SPACE.get(space.slug, TopicKind.DISCUSSION)
        likes = min(int((rng.paretovariate(1.5) - 1) * 2), 30, len(member_ids) - 1)
        likers = {m for m in rng.sample(member_ids, min(likes + 1, len(member_ids))) if m != author}
        likers = set(list(likers)[:likes]) if likes else set()
        for liker in sorted(likers):
            like_at = datetime.fromtimestamp(created_ts + rng.random() * span, tz=UTC)
            like_rows.append((liker, topic_id, like_at))
        accepted, answered_by = None, ""
        if kind == TopicKind.QUESTION and count and rng.random() < 0.35:
            accepted, answered_by = reply_id, "peer"
        title = rng.choice(forum_data.LARGE_TITLES[language])
        vector = (search.vector(language, title, body),) if topic_search else ()
        topic_rows.append(
            (
                topic_id,
                space.pk,
                kind,
                title,
                author,
                "",
                space.product_area_id,
                body,
                html,
                "",
                language,
                minutes,
                "[]",
                datetime.fromtimestamp(created_ts, tz=UTC),
                datetime.fromtimestamp(last_ts, tz=UTC),
                count,
                len(likers),
                0,
                0,
                accepted,
                answered_by,
                False,
                *vector,
            )
        )
        plans.append((topic_id, created_ts, offsets, author, language, reply_id))
        reply_id += count

    if reply_search:
        # Asked now: the connection cannot answer a query in the middle of the COPY.
        for language, pool in bodies.texts.items():
            for body, _html, _minutes in pool:
                search.vector(language, "", body)

    def reply_rows() -> Iterator[tuple]:
        reply_authors = iter(
            rng.choices(member_ids, cum_weights=cumulative, k=replies) if replies else []
        )
        randoms = rng.random
        for topic_id, created_ts, offsets, author, language, first in plans:
            pool = bodies.texts[language]
            for position, offset in enumerate(offsets):
                replier = next(reply_authors)
                if position == 0 and replier == author:
                    # The accepted (first) reply is never the asker's own.
                    replier = member_ids[(member_ids.index(author) + 1) % len(member_ids)]
                body, html, _minutes = pool[int(randoms() * len(pool))]
                yield (
                    first + position,
                    topic_id,
                    replier,
                    "",
                    False,
                    body,
                    html,
                    language,
                    datetime.fromtimestamp(created_ts + offset, tz=UTC),
                    0,
                    False,
                    *((search.vector(language, "", body),) if reply_search else ()),
                )

    search.triggers(enabled=False)
    _write(Topic, _TOPIC_COLUMNS, topic_rows, copy_rows, search)
    _write(Reply, _REPLY_COLUMNS, reply_rows(), copy_rows, search)
    _write(Like, _LIKE_COLUMNS, like_rows, copy_rows, search)
    search.triggers(enabled=True)
    return LargeForumResult(
        topics=topics,
        replies=replies,
        likes=len(like_rows),
        hundred_reply_topics=sum(1 for count in counts if count == HUNDRED),
    )


def _write(
    model,
    columns: tuple[str, ...],
    rows: Iterable[tuple],
    copy: Callable[..., None],
    search: _SearchVectors,
) -> None:
    """COPY on PostgreSQL, batched ``executemany`` elsewhere (the tests' SQLite)."""
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            copy(
                cursor, table, (*columns, search.COLUMN) if search.applies(model) else columns, rows
            )
        return
    adapt = connection.ops.adapt_datetimefield_value
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    placeholders = ", ".join(["%s"] * len(columns))
    # Only identifiers from the model go into the text; values are parameters.
    sql = f"INSERT INTO {connection.ops.quote_name(table)} ({names}) VALUES ({placeholders})"  # noqa: S608
    adapted = (
        tuple(adapt(value) if isinstance(value, datetime) else value for value in row)
        for row in rows
    )
    with connection.cursor() as cursor:
        while batch := list(islice(adapted, 5000)):
            cursor.executemany(sql, batch)


def large_forum_defaults(members: int) -> tuple[int, int]:
    """Two topics and twenty replies per benchmark member: 100,000 and 1,000,000 for 50,000."""
    return members * 2, members * 20


# --- Removal ----------------------------------------------------------------------------------


def forum_reset(*, users, space_slugs: list[str]) -> int:
    """Delete the demo's forum content: everything in its spaces or written by its members.

    Plain DELETE statements, in dependency order: the collector would load a million replies
    one by one, and authors are protected, so the members could not go before their posts.
    """
    topics = Topic.objects.filter(Q(space__slug__in=space_slugs) | Q(author__in=users))
    topic_ids = topics.values("pk")
    replies = Reply.objects.filter(Q(topic__in=topic_ids) | Q(author__in=users))
    reply_ids = replies.values("pk")
    # Topics that stay must not point at a reply that goes.
    Topic.objects.filter(accepted_reply__in=reply_ids).update(accepted_reply=None, answered_by="")
    Reply.objects.filter(parent__in=reply_ids).exclude(pk__in=reply_ids).update(parent=None)
    db = Topic.objects.db
    Like.objects.filter(Q(topic__in=topic_ids) | Q(reply__in=reply_ids))._raw_delete(db)
    Revision.objects.filter(Q(topic__in=topic_ids) | Q(reply__in=reply_ids))._raw_delete(db)
    HelpfulVote.objects.filter(topic__in=topic_ids)._raw_delete(db)
    Escalation.objects.filter(topic__in=topic_ids)._raw_delete(db)
    Follow.objects.filter(target_type=FollowTarget.TOPIC, target_id__in=topic_ids)._raw_delete(db)
    Topic.tags.through.objects.filter(topic__in=topic_ids)._raw_delete(db)
    replies._raw_delete(db)
    return topics._raw_delete(db)
