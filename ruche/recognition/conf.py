"""Recognition's settings, with their defaults (read with ``.value``)."""

from __future__ import annotations

from typing import Any

from ruche.core.conf import SettingError, declare, parse_json


def _levels(raw: Any) -> list[dict] | None:
    value = parse_json(raw)
    if value in (None, "", []):
        return None
    if not isinstance(value, list) or not all(
        isinstance(level, dict) and "name" in level for level in value
    ):
        raise SettingError("expected a list of levels, each with a name")
    return value


def _ability_levels(raw: Any) -> dict[str, int]:
    value = parse_json(raw)
    if not isinstance(value, dict) or not all(
        isinstance(level, int) and not isinstance(level, bool) for level in value.values()
    ):
        raise SettingError("expected an object of ability → level number")
    return value


RECIPROCAL_LIMIT = declare(
    "RECOGNITION_RECIPROCAL_LIMIT",
    5,
    minimum=1,
    help="Credits two members may give each other through one rule in the window before their "
    "likes of each other stop earning points.",
)
RECIPROCAL_DAYS = declare(
    "RECOGNITION_RECIPROCAL_DAYS",
    30,
    minimum=1,
    help="The window, in days, in which reciprocal credits are counted.",
)
LEVELS = declare(
    "RECOGNITION_LEVELS",
    None,
    parse=_levels,
    help="The levels from newcomer up (name, criteria, window_days); empty for the defaults "
    "(see ruche/recognition/levels.py).",
)
INTRODUCTIONS_SPACE = declare(
    "RECOGNITION_INTRODUCTIONS_SPACE",
    "",
    help="The slug of the space where newcomers introduce themselves (the first step of the "
    "onboarding checklist); empty: a topic anywhere counts.",
)
RECORD_VISITS = declare(
    "RECOGNITION_RECORD_VISITS",
    True,
    help="Write days visited and topics read to the ledger from page views and sign-ins.",
)
ABILITY_LEVELS = declare(
    "RECOGNITION_ABILITY_LEVELS",
    {},
    parse=_ability_levels,
    help='The level from which each ability opens, e.g. {"retag": 2}; abilities left out keep '
    "their default.",
)
