"""Ruche's own settings, declared by each app with their defaults in one place (its ``conf.py``).

A value comes, first found, from ``settings.RUCHE[name]`` (tests and local settings), from the
environment variable ``RUCHE_<NAME>`` (collected into ``settings.RUCHE`` by ``ruche/settings.py``),
or from the declared default. ``ruche check`` fails on a ``RUCHE_*`` variable or ``RUCHE`` key that
no app declares, and on a value that does not parse, naming it.

    # ruche/forum/conf.py
    NEWCOMER_MAX_LINKS = declare("NEWCOMER_MAX_LINKS", 2, help="Links in a newcomer's post.")
    # anywhere
    NEWCOMER_MAX_LINKS.value
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.checks import Error, register

# Environment variables named RUCHE_* that are not product settings.
NOT_SETTINGS = frozenset({"ENV", "REQUIRE_BROWSER"})


class SettingError(ValueError):
    pass


def parse_bool(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in {"1", "true", "yes", "on"}:
        return True
    if text in {"0", "false", "no", "off", ""}:
        return False
    raise SettingError("expected true/false, 1/0, yes/no or on/off")


def parse_int(raw: Any) -> int:
    if isinstance(raw, bool):
        raise SettingError("expected a whole number")
    if isinstance(raw, int):
        return raw
    try:
        return int(str(raw).strip())
    except ValueError as exc:
        raise SettingError("expected a whole number") from exc


def parse_str(raw: Any) -> str:
    if not isinstance(raw, str):
        raise SettingError("expected text")
    return raw


def parse_json(raw: Any) -> Any:
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except ValueError as exc:
            raise SettingError(f"expected JSON ({exc})") from exc
    return raw


_PARSERS: dict[type, Callable[[Any], Any]] = {bool: parse_bool, int: parse_int, str: parse_str}


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    parse: Callable[[Any], Any]
    help: str
    minimum: int | None = None

    def read(self, raw: Any) -> Any:
        value = self.parse(raw)
        if self.minimum is not None and value < self.minimum:
            raise SettingError(f"must be at least {self.minimum}")
        return value

    @property
    def value(self) -> Any:
        configured = getattr(settings, "RUCHE", {})
        if self.name not in configured:
            return self.default
        return self.read(configured[self.name])


_declared: dict[str, Setting] = {}


def declare(
    name: str,
    default: Any,
    *,
    help: str,
    parse: Callable[[Any], Any] | None = None,
    minimum: int | None = None,
) -> Setting:
    """Declare a setting; ``parse`` defaults to the type of ``default`` (bool, int, str)."""
    if parse is None:
        parse = _PARSERS.get(type(default), parse_json)
    setting = Setting(name=name, default=default, parse=parse, help=help, minimum=minimum)
    existing = _declared.get(name)
    if existing is not None and existing != setting:
        raise ValueError(f"Ruche setting {name} is declared twice.")
    _declared[name] = setting
    return setting


def declared() -> dict[str, Setting]:
    return dict(_declared)


@register()
def check_ruche_settings(app_configs=None, **kwargs) -> list[Error]:
    """Unknown or malformed ``RUCHE_*`` settings stop ``ruche check`` with their name."""
    errors: list[Error] = []
    for name, raw in getattr(settings, "RUCHE", {}).items():
        setting = _declared.get(name)
        if setting is None:
            errors.append(
                Error(
                    f"RUCHE_{name} is not a Ruche setting.",
                    hint="Check its spelling; the settings are listed in docs/architecture.md.",
                    id="ruche.E001",
                )
            )
            continue
        try:
            setting.read(raw)
        except SettingError as exc:
            errors.append(Error(f"RUCHE_{name} is malformed ({raw!r}): {exc}.", id="ruche.E002"))
    return errors


# --- The kernel's own settings ------------------------------------------------------------------

COMPANY_NAME = declare(
    "COMPANY_NAME", "Medora", help="The company whose community this is, shown in pages and mails."
)
ANONYMOUS_CACHE_SECONDS = declare(
    "ANONYMOUS_CACHE_SECONDS",
    30,
    minimum=0,
    help="Pages seen by visitors who are not signed in may be this many seconds old (0: off).",
)
API_PAGE_SIZE = declare(
    "API_PAGE_SIZE", 50, minimum=1, help="Items per page of an API list that names no limit."
)


@contextmanager
def overridden(**values: Any) -> Iterator[None]:
    """Within the block, these Ruche settings take these values (the demo seed lifts limits)."""
    configured = settings.RUCHE
    saved = {name: configured[name] for name in values if name in configured}
    configured.update(values)
    try:
        yield
    finally:
        for name in values:
            configured.pop(name, None)
        configured.update(saved)
