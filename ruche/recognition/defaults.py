"""The default point rules and badges a community starts with (administrators then edit them).

Written with get_or_create: an administrator's changes are never overwritten. Verbs are named
through the event classes of the apps that declare them; a verb of a capability not installed yet
(betas) is named as a string, and its rules apply as soon as that capability writes such rows to
the ledger.
"""

from __future__ import annotations

from ruche.activity.registry import EVENT_ATTENDED
from ruche.forum import verbs as forum_verbs
from ruche.ideas import verbs as idea_verbs
from ruche.spaces.verbs import ProgrammeJoined

from . import verbs
from .models import ACTOR, Badge, BadgeKind, BadgePeriod, PointRule, Tier

TOPIC_CREATED = forum_verbs.TopicCreated.name
REPLY_CREATED = forum_verbs.ReplyCreated.name
ANSWER_ACCEPTED = forum_verbs.AnswerAccepted.name
LIKE_GIVEN = forum_verbs.LikeGiven.name
# The beta tests capability is not written yet.
BETA_FEEDBACK_GIVEN = "beta.feedback_given"

# (verb, beneficiary, points, daily cap)
DEFAULT_POINT_RULES: list[tuple[str, str, int, int]] = [
    (TOPIC_CREATED, ACTOR, 2, 20),
    (REPLY_CREATED, ACTOR, 2, 40),
    (ANSWER_ACCEPTED, "answerer", 15, 0),
    (LIKE_GIVEN, "author", 1, 30),
    (LIKE_GIVEN, ACTOR, 0, 0),
    (idea_verbs.IdeaProposed.name, ACTOR, 2, 10),
    (idea_verbs.IdeaLiked.name, "author", 1, 30),
    (idea_verbs.ThresholdReached.name, ACTOR, 20, 0),
    (EVENT_ATTENDED.name, ACTOR, 5, 10),
    (BETA_FEEDBACK_GIVEN, ACTOR, 10, 30),
    (verbs.NewcomerWelcomed.name, ACTOR, 1, 5),
    (verbs.GuidelinesRead.name, ACTOR, 0, 0),
]


def _names(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


# slug, (en, fr) names, (en, fr) descriptions, tier, kind, verb, beneficiary, count, condition, years
DEFAULT_BADGES: list[dict] = [
    {
        "slug": "first-topic",
        "names": _names("First topic", "Premier sujet"),
        "descriptions": _names("Started a first topic.", "A lancé un premier sujet."),
        "tier": Tier.BRONZE,
        "verb": TOPIC_CREATED,
    },
    {
        "slug": "first-reply",
        "names": _names("First reply", "Première réponse"),
        "descriptions": _names("Replied for the first time.", "A répondu pour la première fois."),
        "tier": Tier.BRONZE,
        "verb": REPLY_CREATED,
    },
    {
        "slug": "first-accepted-answer",
        "names": _names("First solution", "Première solution"),
        "descriptions": _names(
            "A first reply accepted as the answer.", "Une première réponse acceptée."
        ),
        "tier": Tier.BRONZE,
        "verb": ANSWER_ACCEPTED,
        "beneficiary": "answerer",
    },
    {
        "slug": "helper-10",
        "names": _names("Helper", "Entraidant·e"),
        "descriptions": _names("10 accepted answers.", "10 réponses acceptées."),
        "tier": Tier.SILVER,
        "verb": ANSWER_ACCEPTED,
        "beneficiary": "answerer",
        "count": 10,
    },
    {
        "slug": "expert-helper-50",
        "names": _names("Expert helper", "Entraidant·e expert·e"),
        "descriptions": _names("50 accepted answers.", "50 réponses acceptées."),
        "tier": Tier.GOLD,
        "verb": ANSWER_ACCEPTED,
        "beneficiary": "answerer",
        "count": 50,
    },
    {
        "slug": "sage-250",
        "names": _names("Sage", "Sage"),
        "descriptions": _names("250 accepted answers.", "250 réponses acceptées."),
        "tier": Tier.GOLD,
        "verb": ANSWER_ACCEPTED,
        "beneficiary": "answerer",
        "count": 250,
    },
    {
        "slug": "appreciated-10",
        "names": _names("Appreciated", "Apprécié·e"),
        "descriptions": _names("10 likes received.", "10 « j'aime » reçus."),
        "tier": Tier.BRONZE,
        "verb": LIKE_GIVEN,
        "beneficiary": "author",
        "count": 10,
    },
    {
        "slug": "appreciated-100",
        "names": _names("Well liked", "Très apprécié·e"),
        "descriptions": _names("100 likes received.", "100 « j'aime » reçus."),
        "tier": Tier.SILVER,
        "verb": LIKE_GIVEN,
        "beneficiary": "author",
        "count": 100,
    },
    {
        "slug": "appreciated-500",
        "names": _names("Community favourite", "Coup de cœur de la communauté"),
        "descriptions": _names("500 likes received.", "500 « j'aime » reçus."),
        "tier": Tier.GOLD,
        "verb": LIKE_GIVEN,
        "beneficiary": "author",
        "count": 500,
    },
    {
        "slug": "welcoming-committee",
        "names": _names("Welcoming committee", "Comité d'accueil"),
        "descriptions": _names("Welcomed five newcomers.", "A accueilli cinq nouveaux membres."),
        "tier": Tier.BRONZE,
        "verb": verbs.NewcomerWelcomed.name,
        "count": 5,
    },
    {
        "slug": "idea-threshold",
        "names": _names("Voice of the community", "Porte-voix"),
        "descriptions": _names(
            "Proposed an idea that reached the threshold.",
            "A proposé une idée qui a atteint le seuil.",
        ),
        "tier": Tier.SILVER,
        "verb": idea_verbs.ThresholdReached.name,
    },
    {
        "slug": "idea-shipped",
        "names": _names("Co-builder", "Co-constructeur·rice"),
        "descriptions": _names(
            "Proposed an idea that shipped.", "A proposé une idée qui a été livrée."
        ),
        "tier": Tier.GOLD,
        # Written with the idea's author as the actor.
        "verb": idea_verbs.IdeaReleased.name,
    },
    {
        "slug": "event-goer",
        "names": _names("Event goer", "Habitué·e des événements"),
        "descriptions": _names("Attended an event.", "A participé à un événement."),
        "tier": Tier.BRONZE,
        "verb": EVENT_ATTENDED.name,
    },
    {
        "slug": "beta-tester",
        "names": _names("Beta tester", "Bêta-testeur·euse"),
        "descriptions": _names("Joined a beta test.", "A rejoint un test bêta."),
        "tier": Tier.SILVER,
        "verb": ProgrammeJoined.name,
        "condition": {"programme": "beta-teleconsultation"},
    },
    {
        "slug": "anniversary-1",
        "names": _names("One year with us", "Un an parmi nous"),
        "descriptions": _names("A member for a year.", "Membre depuis un an."),
        "tier": Tier.BRONZE,
        "kind": BadgeKind.ANNIVERSARY,
        "years": 1,
    },
    {
        "slug": "anniversary-3",
        "names": _names("Three years with us", "Trois ans parmi nous"),
        "descriptions": _names("A member for three years.", "Membre depuis trois ans."),
        "tier": Tier.SILVER,
        "kind": BadgeKind.ANNIVERSARY,
        "years": 3,
    },
    {
        "slug": "recognised",
        "names": _names("Recognised by the team", "Distingué·e par l'équipe"),
        "descriptions": _names(
            "Granted by the community team for an outstanding contribution.",
            "Décerné par l'équipe pour une contribution remarquable.",
        ),
        "tier": Tier.GOLD,
        "kind": BadgeKind.MANUAL,
    },
]


def ensure_defaults() -> None:
    """Create the default rules and badges that do not exist yet (idempotent)."""
    for verb, beneficiary, points, cap in DEFAULT_POINT_RULES:
        PointRule.objects.get_or_create(
            verb=verb, beneficiary=beneficiary, defaults={"points": points, "daily_cap": cap}
        )
    for position, spec in enumerate(DEFAULT_BADGES):
        defaults = {
            "names": spec["names"],
            "descriptions": spec["descriptions"],
            "tier": spec["tier"],
            "kind": spec.get("kind", BadgeKind.RULE),
            "verb": spec.get("verb", ""),
            "beneficiary": spec.get("beneficiary", ACTOR),
            "count": spec.get("count", 1),
            "period": spec.get("period", BadgePeriod.ALL),
            "condition": spec.get("condition", {}),
            "years": spec.get("years", 0),
            "position": position,
        }
        Badge.objects.get_or_create(slug=spec["slug"], defaults=defaults)
