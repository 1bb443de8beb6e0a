"""One event path: every domain action is a typed event, recorded once, heard by listeners.

An app describes each of its actions as a frozen dataclass in its ``verbs.py`` (one class per
verb, decorated with :func:`verb`) and a small function that builds it. Its services call
:func:`emit` inside the transaction of the action. ``emit``:

1. hands the event to the ledger (``ruche.activity`` installs itself with :func:`install_ledger`),
   which appends one row;
2. calls the *in-transaction* listeners of that verb (points, counters, thresholds): they see the
   action's own writes and roll back with it — a listener that raises undoes the action;
3. once the transaction commits, hands the row to the *after-commit* listeners (notifications,
   e-mails, caches, webhooks): the ledger delivers each one by a background task (Celery in
   production, inline in the demo), once per row and listener, retried when it fails.

No app matches another's verbs by string: listeners name the event classes they hear, and a
verb's meaning for others (it creates content, removes it, undoes another verb…) is declared on
its class.

The kernel imports no app: the ledger is reached only through the ``Ledger`` protocol.
"""

from __future__ import annotations

import dataclasses
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar, Protocol, TypeVar

from django.db import transaction
from django.utils.functional import Promise

logger = logging.getLogger(__name__)


class Effect(StrEnum):
    """What an action does to content, for those who derive things from content (points…)."""

    NONE = ""
    CREATES = "creates"  # a post, a comment…: it may earn points and be taken back later
    REMOVES = "removes"  # deleted or hidden: what the content earned is withdrawn
    RESTORES = "restores"  # a removal undone: what it earned comes back


class UndoMatch(StrEnum):
    TARGET = "target"  # the undone event has the same actor and target (unlike a post)
    CONTEXT = "context"  # the undone event is found through ``context_key`` (an answer's topic)


@dataclass(frozen=True, kw_only=True)
class Event:
    """A member action. Subclasses add their own fields: those are the ledger row's payload.

    Field names are the payload's keys (``author`` names the member a like credits), so rows
    written before a field existed still read back (missing fields take their default).
    """

    # --- What the verb means (class attributes, set with @verb) ---------------------------------
    name: ClassVar[str] = ""
    label: ClassVar[str | Promise] = ""
    # Shown on a member's public timeline (False: the member and the staff only).
    public: ClassVar[bool] = True
    # Comes from an outside source (newsletter, chat, other forum…), never from Ruche's own pages.
    external: ClassVar[bool] = False
    effect: ClassVar[Effect] = Effect.NONE
    # A removal by someone other than the author is a moderation sanction, unless this is False
    # (a hide on a member's flag waits for a moderator's decision).
    sanction: ClassVar[bool] = True
    # What this event earned is lost for good when its target's content is removed (an accepted
    # answer whose reply is deleted is un-accepted; a restore does not bring it back).
    lost_with_content: ClassVar[bool] = False
    # The event this one takes back (unlike → like), and how the two are matched.
    undoes: ClassVar[type[Event] | None] = None
    undo_match: ClassVar[UndoMatch] = UndoMatch.TARGET
    # The payload field that carries the context an UndoMatch.CONTEXT event is matched on.
    context_key: ClassVar[str] = ""
    # Who, besides the actor, may be credited for this action: payload fields holding member ids.
    beneficiaries: ClassVar[tuple[str, ...]] = ()

    # --- Who did what where (not part of the payload) ----------------------------------------
    actor_id: int | None
    target_model: str | None = None  # "forum.reply"
    target_id: int | None = None
    space_id: int | None = None
    occurred_at: datetime | None = None
    # Set by the ledger once recorded (after-commit listeners use it to be idempotent).
    ledger_id: int | None = None

    # --- Payload -----------------------------------------------------------------------------
    def payload(self) -> dict[str, Any]:
        """The verb's own fields, as stored in the ledger row."""
        own = {f.name for f in dataclasses.fields(Event)}
        return {
            f.name: getattr(self, f.name) for f in dataclasses.fields(self) if f.name not in own
        }

    @classmethod
    def from_record(
        cls,
        *,
        actor_id: int | None,
        target_model: str | None,
        target_id: int | None,
        space_id: int | None,
        occurred_at: datetime | None,
        payload: dict[str, Any],
        ledger_id: int | None,
    ) -> Event:
        """Rebuild the event from what the ledger stored (unknown payload keys are ignored)."""
        own = {f.name for f in dataclasses.fields(Event)}
        fields = {f.name: f for f in dataclasses.fields(cls) if f.name not in own}
        values = {key: payload[key] for key in fields if key in payload}
        for key, spec in fields.items():
            if (
                key not in values
                and spec.default is dataclasses.MISSING
                and (spec.default_factory is dataclasses.MISSING)
            ):
                values[key] = None  # a row written before the field existed
        return cls(
            actor_id=actor_id,
            target_model=target_model,
            target_id=target_id,
            space_id=space_id,
            occurred_at=occurred_at,
            ledger_id=ledger_id,
            **values,
        )


E = TypeVar("E", bound=type[Event])

_verbs: dict[str, type[Event]] = {}


def verb(
    name: str,
    label: str | Promise,
    *,
    public: bool = True,
    external: bool = False,
    effect: Effect = Effect.NONE,
    sanction: bool = True,
    lost_with_content: bool = False,
    undoes: type[Event] | None = None,
    undo_match: UndoMatch = UndoMatch.TARGET,
    context_key: str = "",
    beneficiaries: tuple[str, ...] = (),
) -> Callable[[E], E]:
    """Register an event class under its verb name (``forum.reply_created``)."""

    def register(cls: E) -> E:
        cls.name = name
        cls.label = label
        cls.public = public
        cls.external = external
        cls.effect = effect
        cls.sanction = sanction
        cls.lost_with_content = lost_with_content
        cls.undoes = undoes
        cls.undo_match = undo_match
        cls.context_key = context_key
        cls.beneficiaries = beneficiaries
        existing = _verbs.get(name)
        if existing is not None and existing.__qualname__ != cls.__qualname__:
            raise ValueError(f"Verb {name!r} is already registered by {existing!r}.")
        _verbs[name] = cls
        return cls

    return register


class UnknownVerb(KeyError):
    pass


def event_type(name: str) -> type[Event]:
    try:
        return _verbs[name]
    except KeyError as exc:
        raise UnknownVerb(name) from exc


def find_event_type(name: str) -> type[Event] | None:
    return _verbs.get(name)


def all_event_types() -> list[type[Event]]:
    return sorted(_verbs.values(), key=lambda cls: cls.name)


def private_verb_names() -> list[str]:
    return sorted(name for name, cls in _verbs.items() if not cls.public)


def verbs_with(**traits: Any) -> set[str]:
    """The verb names whose class declares every given trait (``effect=Effect.REMOVES``)."""
    return {
        name
        for name, cls in _verbs.items()
        if all(getattr(cls, key) == value for key, value in traits.items())
    }


def target_of(obj: Any) -> dict[str, Any]:
    """The ``target_model`` and ``target_id`` fields of an event about ``obj``."""
    if obj is None:
        return {"target_model": None, "target_id": None}
    return {"target_model": obj._meta.label_lower, "target_id": obj.pk}


# --- Listeners ------------------------------------------------------------------------------

Listener = Callable[[Any], None]
# Listeners of every verb, in the transaction, given the recorded rows in bulk (points read
# the administrators' rules, which may name any verb).
RowsListener = Callable[[list[Any]], None]


@dataclass(frozen=True)
class AfterCommitListener:
    name: str  # "ruche.notifications.listeners.on_reply_created": the delivery's key
    func: Listener


_in_transaction: dict[str, list[Listener]] = defaultdict(list)
_after_commit: dict[str, list[AfterCommitListener]] = defaultdict(list)
_after_commit_by_name: dict[str, AfterCommitListener] = {}
_in_transaction_all: list[RowsListener] = []


def listener_name(func: Callable) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def listen(*event_types: type[Event], after_commit: bool = False) -> Callable[[Listener], Listener]:
    """Register a listener of these events.

    In the transaction (default): called with the event as it is emitted; it must be exact and
    may raise to refuse the action. After commit: called with the event rebuilt from its ledger
    row, by a background task, at most once per row (and retried until it succeeds).
    """
    if not event_types:
        raise ValueError("listen() needs at least one event class.")

    def register(func: Listener) -> Listener:
        for cls in event_types:
            if not cls.name:
                raise ValueError(f"{cls!r} is not registered with @verb.")
            if after_commit:
                entry = AfterCommitListener(name=listener_name(func), func=func)
                if entry not in _after_commit[cls.name]:
                    _after_commit[cls.name].append(entry)
                _after_commit_by_name[entry.name] = entry
            elif func not in _in_transaction[cls.name]:
                _in_transaction[cls.name].append(func)
        return func

    return register


def listen_to_all_rows(func: RowsListener) -> RowsListener:
    """Register an in-transaction listener of every recorded row (the ledger's own rows)."""
    if func not in _in_transaction_all:
        _in_transaction_all.append(func)
    return func


def after_commit_listener(name: str) -> AfterCommitListener | None:
    return _after_commit_by_name.get(name)


def after_commit_listeners(verb_name: str) -> list[AfterCommitListener]:
    return list(_after_commit.get(verb_name, ()))


# --- The ledger -----------------------------------------------------------------------------


class Ledger(Protocol):
    def record(self, event: Event, *, source: str, idempotency_key: str | None) -> tuple[Any, bool]:
        """Append the event; return (row, created). A known idempotency key returns the row."""

    def deliver_after_commit(self, rows: list[Any]) -> None:
        """Hand each row to its after-commit listeners, in the background."""


_ledger: Ledger | None = None


def install_ledger(ledger: Ledger) -> None:
    global _ledger
    _ledger = ledger


def _require_ledger() -> Ledger:
    if _ledger is None:
        raise RuntimeError("No ledger installed: is ruche.activity in INSTALLED_APPS?")
    return _ledger


def emit(event: Event, *, source: str = "ruche", idempotency_key: str | None = None) -> Any:
    """Record ``event`` and tell its listeners; returns the ledger row.

    Call it inside the transaction of the action. With an idempotency key already recorded for
    this source, nothing is told again and the stored row is returned.
    """
    if not type(event).name:
        raise ValueError(f"{type(event)!r} is not registered with @verb.")
    ledger = _require_ledger()
    with transaction.atomic():
        row, created = ledger.record(event, source=source, idempotency_key=idempotency_key)
        if created:
            rows_recorded([row], events=[dataclasses.replace(event, ledger_id=row.pk)])
    return row


def rows_recorded(rows: list[Any], *, events: Iterable[Event] | None = None) -> None:
    """Tell listeners about rows the ledger just appended (also used by bulk imports).

    ``rows`` are ledger rows (with ``pk``, ``verb``…); ``events`` the matching typed events when
    the caller has them (otherwise they are rebuilt from the rows).
    """
    if not rows:
        return
    for listener in _in_transaction_all:
        listener(rows)
    event_list = list(events) if events is not None else [event_from_row(row) for row in rows]
    for event in event_list:
        if event is None:
            continue
        for listener in _in_transaction.get(type(event).name, ()):
            listener(event)
    waiting = [row for row in rows if _after_commit.get(row.verb)]
    if waiting:
        ledger = _require_ledger()
        transaction.on_commit(lambda: ledger.deliver_after_commit(waiting))


def event_from_row(row: Any) -> Event | None:
    """The typed event a ledger row records (None for a verb no app declares any more)."""
    cls = _verbs.get(row.verb)
    if cls is None:
        return None
    target_model = None
    if row.target_type_id:
        target_model = row.target_model_label
    return cls.from_record(
        actor_id=row.actor_id,
        target_model=target_model,
        target_id=row.target_id,
        space_id=row.space_id,
        occurred_at=row.occurred_at,
        payload=row.payload or {},
        ledger_id=row.pk,
    )


def has_row_listeners() -> bool:
    """True when some listener hears recorded rows (bulk imports skip reading them back if not)."""
    return bool(_in_transaction_all or _in_transaction or _after_commit)
