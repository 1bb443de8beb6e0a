"""``ruche bench forum|ideas|recognition``: requests per second and latency, on PostgreSQL."""

from __future__ import annotations

from argparse import ArgumentParser

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ruche.bench.forum import BenchError, run_forum_bench
from ruche.bench.ideas import run_ideas_bench
from ruche.bench.recognition import run_recognition_bench


class Command(BaseCommand):
    help = (
        "Benchmark through gunicorn on loopback. forum: latest topics, a topic of 100 replies, "
        "search and likes. ideas: the list by likes in a product area, an idea page, likes, and "
        "200 likes of one idea at once. recognition: full recompute, incremental update per "
        "action, leaderboard pages (run `ruche seed-demo --scale large` first)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("suite", choices=["forum", "ideas", "recognition"])
        parser.add_argument("--port", type=int, default=8765)
        parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2).")
        parser.add_argument("--threads", type=int, default=4, help="Threads per worker (4).")
        parser.add_argument("--concurrency", type=int, default=8, help="Client connections (8).")
        parser.add_argument("--duration", type=float, default=10.0, help="Seconds per scenario.")
        parser.add_argument("--warmup", type=float, default=2.0, help="Warm-up seconds.")
        parser.add_argument(
            "--max-requests", type=int, default=20_000, help="Request budget per scenario."
        )
        parser.add_argument(
            "--no-recompute",
            action="store_true",
            help="recognition: skip the full recompute (time only updates and pages).",
        )
        parser.add_argument(
            "--parallel", type=int, default=200, help="ideas: members liking at once (200)."
        )
        parser.add_argument(
            "--allow-sqlite",
            action="store_true",
            help="Run on SQLite anyway (figures then say little about production).",
        )

    def handle(self, *args, **options) -> None:
        if connection.vendor != "postgresql" and not options["allow_sqlite"]:
            raise CommandError(
                "The benchmark measures PostgreSQL: set DATABASE_URL=postgres://… "
                "(or pass --allow-sqlite)."
            )
        if not (1 <= options["concurrency"] <= 256) or options["duration"] <= 0:
            raise CommandError("Use 1 to 256 connections and a positive duration.")
        if options["suite"] == "recognition":
            try:
                code = run_recognition_bench(
                    stdout=self.stdout,
                    port=options["port"],
                    workers=options["workers"],
                    threads=options["threads"],
                    concurrency=options["concurrency"],
                    duration=options["duration"],
                    warmup=options["warmup"],
                    max_requests=options["max_requests"],
                    recompute=not options["no_recompute"],
                )
            except BenchError as error:
                raise CommandError(str(error)) from error
            if code:
                raise SystemExit(code)
            return
        try:
            common = {
                "stdout": self.stdout,
                "workers": options["workers"],
                "threads": options["threads"],
                "concurrency": options["concurrency"],
                "duration": options["duration"],
                "warmup": options["warmup"],
                "max_requests": options["max_requests"],
            }
            if options["suite"] == "ideas":
                code = run_ideas_bench(
                    port=options["port"] + 1, parallel=options["parallel"], **common
                )
            else:
                code = run_forum_bench(port=options["port"], **common)
        except BenchError as error:
            raise CommandError(str(error)) from error
        if code:
            raise SystemExit(code)
