"""``ruche bench recognition``: full recompute time, incremental update time per action, and
leaderboard latency under concurrent load (gunicorn on loopback, like the forum benchmark)."""

from __future__ import annotations

import random
import time

from django.conf import settings
from django.db import connection, transaction

from .forum import (
    BenchError,
    Outcome,
    Scenario,
    Server,
    Writable,
    format_table,
    run_load,
)


class _Rollback(Exception):
    pass


def time_incremental(*, actions: int = 300, seed: int = 2026) -> Outcome:
    """Record ``actions`` ledger rows that earn points (likes received, replies, accepted
    answers, events) and time the incremental update of each, then roll everything back."""
    from ruche.accounts.models import User
    from ruche.activity.models import Activity
    from ruche.recognition.services import current_rules, engagement_paused, engagement_process

    rng = random.Random(seed)  # noqa: S311 (reproducible load, not security)
    members = list(User.objects.filter(is_active=True).order_by("pk").values_list("pk", flat=True))
    if len(members) < 2:
        raise BenchError("No members: run `ruche seed-demo --scale large` first.")
    current_rules()
    outcome = Outcome(f"incremental update ({actions} actions)")
    try:
        with transaction.atomic():
            for _number in range(actions):
                actor, other = rng.sample(members, 2)
                verb, payload = rng.choice(
                    [
                        ("forum.like_given", {"author": other}),
                        ("forum.reply_created", {}),
                        ("forum.answer_accepted", {"answerer": other}),
                        ("event.attended", {}),
                    ]
                )
                with engagement_paused():
                    row = Activity(actor_id=actor, verb=verb, payload=payload)
                    row.save()
                started = time.perf_counter()
                engagement_process(activities=[row])
                outcome.latencies.append(time.perf_counter() - started)
                outcome.statuses[200] += 1
            raise _Rollback
    except _Rollback:
        pass
    outcome.seconds = sum(outcome.latencies)
    outcome.scenario = Scenario(outcome.name, lambda _n: ("", "", {}), p95_target_ms=20)
    return outcome


def run_recognition_bench(
    *,
    stdout: Writable,
    port: int = 8766,
    workers: int = 2,
    threads: int = 4,
    concurrency: int = 8,
    duration: float = 10.0,
    warmup: float = 2.0,
    max_requests: int = 20_000,
    recompute: bool = True,
) -> int:
    from ruche.activity.models import Activity
    from ruche.recognition.models import Score
    from ruche.recognition.services import engagement_recompute

    stdout.write(f"Database: {connection.vendor} ({settings.DATABASES['default'].get('NAME')})\n")
    stdout.write(f"Ledger: {Activity.objects.count():,} rows.\n")
    if recompute:
        result = engagement_recompute()
        stdout.write(
            f"Full recompute: {result.seconds:.1f} s for {result.ledger_rows:,} relevant ledger "
            f"rows, {result.members:,} members, {result.credits:,} credits, "
            f"{result.scores:,} scores, {result.badges:,} badges (target < 120 s).\n"
        )
    if not Score.objects.exists():
        raise BenchError("No scores: run `ruche recompute-engagement` first.")
    outcomes = [time_incremental()]
    server = Server(port=port, workers=workers, threads=threads)
    try:
        try:
            server.start()
        except BenchError as error:
            stdout.write(f"The server failed to start: {error}\n")
            return 1
        pages = [
            Scenario(
                "leaderboard /community/leaderboard/ (month)",
                lambda _n: ("GET", "/community/leaderboard/?period=month", {}),
                p95_target_ms=100,
            ),
            Scenario(
                "leaderboard API, all time, page 3",
                lambda _n: ("GET", "/api/v1/recognition/leaderboard?period=all&offset=50", {}),
                p95_target_ms=100,
            ),
        ]
        for scenario in pages:
            run_load(
                port=port,
                scenario=scenario,
                concurrency=concurrency,
                duration=warmup,
                max_requests=max_requests,
                record=False,
            )
            outcomes.append(
                run_load(
                    port=port,
                    scenario=scenario,
                    concurrency=concurrency,
                    duration=duration,
                    max_requests=max_requests,
                )
            )
    finally:
        server.stop()
    stdout.write(format_table(outcomes))
    return 0
