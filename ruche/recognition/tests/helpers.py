"""Small helpers shared by recognition tests."""

from __future__ import annotations

from ruche.forum import services as forum
from ruche.forum.models import Reply, Topic
from ruche.recognition.models import Credit, Score


def question(author, space, title: str = "How do I export my agenda?") -> Topic:
    return forum.topic_create(
        author=author, space=space, kind="question", title=title, body="I cannot find the menu."
    )


def reply(author, topic: Topic, body: str = "Use the export menu, top right.") -> Reply:
    return forum.reply_create(author=author, topic=topic, body=body)


def points(member, period: str = "all", area_id: int = 0) -> int:
    return sum(
        Score.objects.filter(member=member, period=period, area_id=area_id).values_list(
            "points", flat=True
        )
    )


def credit_points(member) -> int:
    return sum(Credit.objects.filter(member=member, active=True).values_list("points", flat=True))
