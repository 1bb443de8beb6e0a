"""``ruche bench forum``: the forum under load, through a real WSGI server on loopback.

Starts gunicorn on 127.0.0.1 with DEBUG off (demo settings otherwise, so no HTTPS redirect), then
runs a bounded load from threads holding keep-alive connections, and reports requests per second
and latency percentiles for each scenario, with the status codes seen: a 404 or 500 shows in the
table instead of being measured as if it were a page.
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

from django.conf import settings
from django.db import connection

HOST = "127.0.0.1"
SEARCH_QUERIES = (
    "agenda",
    "téléconsultation son",
    "tiers payant rejet",
    "remplaçant",
    "rappels SMS",
    "ordonnance numérique",
    "messagerie hôpital",
    "telesecretariat",
)
TOKEN_NAME = "ruche bench"  # noqa: S105  (a label, not a secret)


class Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


class BenchError(RuntimeError):
    """The benchmark cannot run (no data, or the server did not start)."""


# (method, path, headers) of one request; the argument is the request's sequence number.
RequestMaker = Callable[[int], tuple[str, str, dict[str, str]]]


@dataclass
class Scenario:
    name: str
    make: RequestMaker
    p95_target_ms: float | None = None
    rps_target: float | None = None
    # Requests sent in pairs (like, then unlike) count one by one.
    per_call: int = 1


@dataclass
class Outcome:
    name: str
    latencies: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    note: str = ""
    scenario: Scenario | None = None

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share: float) -> float:
        """Nearest-rank percentile, in milliseconds."""
        if not self.latencies:
            return 0.0
        ordered = sorted(self.latencies)
        rank = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
        return ordered[rank] * 1000

    @property
    def all_ok(self) -> bool:
        # A connection error or a timeout is a failure like a 500.
        return bool(self.statuses) and all(
            isinstance(status, int) and 200 <= status < 300 for status in self.statuses
        )

    def verdict(self) -> str:
        if self.note:
            return self.note
        if not self.all_ok:
            return "FAIL (status)"
        checks = []
        scenario = self.scenario
        if scenario and scenario.p95_target_ms is not None:
            checks.append(self.percentile(0.95) < scenario.p95_target_ms)
        if scenario and scenario.rps_target is not None:
            checks.append(self.rps >= scenario.rps_target)
        if not checks:
            return "ok"
        return "ok" if all(checks) else "MISSED"


# --- The server -------------------------------------------------------------------------------


class Server:
    """gunicorn serving ``ruche.wsgi`` on loopback, stopped on exit."""

    def __init__(self, *, port: int, workers: int, threads: int) -> None:
        self.port = port
        self.workers = workers
        self.threads = threads
        self.process: subprocess.Popen | None = None
        self.log = tempfile.NamedTemporaryFile(  # noqa: SIM115  (closed in stop())
            prefix="ruche-bench-", suffix=".log", delete=False
        )

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "ruche.settings",
                # Demo settings with DEBUG off: production would force HTTPS redirects.
                "RUCHE_ENV": "demo",
                "DEBUG": "0",
                "ALLOWED_HOSTS": HOST,
                "SECURE_SSL_REDIRECT": "0",
                "LOG_LEVEL": "ERROR",
                # Persistent connections, as a production deployment has.
                "DB_CONN_MAX_AGE": env.get("DB_CONN_MAX_AGE", "60"),
            }
        )
        return env

    def start(self, timeout: float = 30.0) -> None:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "ruche.wsgi:application",
            "--workers",
            str(self.workers),
            "--worker-class",
            "gthread",
            "--threads",
            str(self.threads),
            "--bind",
            f"{HOST}:{self.port}",
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(  # noqa: S603
            command,
            env=self.environment(),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            cwd=str(Path(settings.BASE_DIR)),
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(
                    f"The server exited with code {self.process.returncode}.\n{self.tail()}"
                )
            try:
                status, _body = request_once(self.port, "GET", "/healthz")
            except OSError:
                time.sleep(0.2)
                continue
            if status != 200:
                raise BenchError(
                    f"/healthz answered {status}: is the database reachable?\n{self.tail()}"
                )
            self._check_settings()
            return
        raise BenchError(f"The server did not answer within {timeout:.0f} s.\n{self.tail()}")

    def _check_settings(self) -> None:
        """A debug server is no benchmark, and a redirect to HTTPS would measure nothing."""
        status, body = request_once(self.port, "GET", "/bench-no-such-page/")
        if status in (301, 302, 307, 308):
            raise BenchError("The server redirects (HTTPS?): it must serve plain HTTP on loopback.")
        if b"URLconf" in body or b"DEBUG = True" in body:
            raise BenchError("The server runs with DEBUG on; the benchmark needs DEBUG=0.")

    def tail(self, lines: int = 30) -> str:
        self.log.flush()
        text = Path(self.log.name).read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
        Path(self.log.name).unlink(missing_ok=True)


def request_once(
    port: int, method: str, path: str, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        conn.request(method, path, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


# --- The load ---------------------------------------------------------------------------------


def run_load(
    *,
    port: int,
    scenario: Scenario,
    concurrency: int,
    duration: float,
    max_requests: int,
    record: bool = True,
) -> Outcome:
    """``concurrency`` threads, each on its own keep-alive connection, until ``duration`` seconds
    or ``max_requests`` requests (whichever comes first)."""
    outcome = Outcome(scenario.name, scenario=scenario)
    lock = threading.Lock()
    counter = iter(range(10**9))
    stop_at = time.monotonic() + duration

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        latencies: list[float] = []
        statuses: Counter = Counter()
        try:
            while time.monotonic() < stop_at:
                with lock:
                    number = next(counter)
                if number * scenario.per_call >= max_requests:
                    break
                method, path, headers = scenario.make(number)
                for step_method, step_path in _steps(method, path):
                    started = time.perf_counter()
                    try:
                        conn.request(step_method, step_path, headers=headers)
                        response = conn.getresponse()
                        response.read()
                        status: int | str = response.status
                    except (OSError, http.client.HTTPException):
                        status = "error"
                        conn.close()
                        conn = http.client.HTTPConnection(HOST, port, timeout=30)
                    latencies.append(time.perf_counter() - started)
                    statuses[status] += 1
        finally:
            conn.close()
            with lock:
                outcome.latencies.extend(latencies)
                outcome.statuses.update(statuses)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _index in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    outcome.seconds = time.monotonic() - started
    return outcome if record else Outcome(scenario.name, scenario=scenario)


def _steps(method: str, path: str) -> list[tuple[str, str]]:
    # "PUT+DELETE" is a like followed by its removal, so the data ends as it began.
    if method == "PUT+DELETE":
        return [("PUT", path), ("DELETE", path)]
    return [(method, path)]


# --- Data the scenarios need ------------------------------------------------------------------


@dataclass
class BenchData:
    topic_page_id: int
    topic_page_replies: int
    like_pairs: list[tuple[int, str]]  # (topic id, raw token), never the topic's author
    token_ids: list[tuple[int, int]]  # (member id, token id) to revoke afterwards
    session_key: str = ""  # a bench member's session, for pages as members see them


def _member_session(member) -> str:
    """A signed-in session for ``member`` in the configured session store; returns its key."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(member.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = member.get_session_auth_hash()
    store.save()
    return store.session_key


def prepare(*, members: int = 64) -> BenchData:
    from ruche.accounts.models import User
    from ruche.accounts.services import api_token_create
    from ruche.demo.data import BENCH_DOMAIN
    from ruche.forum.models import Topic
    from ruche.spaces.models import Visibility

    public = Topic.objects.filter(is_deleted=False, space__visibility=Visibility.PUBLIC)
    page = public.filter(reply_count=100).order_by("pk").first()
    if page is None:
        page = public.order_by("-reply_count", "pk").first()
    if page is None:
        raise BenchError("No public topic: run `ruche seed-demo --scale large` first.")
    hot_topics = list(public.order_by("-like_count", "pk").values_list("pk", "author_id")[:8])
    bench = list(
        User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}", is_active=True).order_by("pk")[
            :members
        ]
    )
    if not bench:
        raise BenchError("No benchmark members: run `ruche seed-demo --scale large` first.")
    pairs, tokens = [], []
    for index, member in enumerate(bench):
        token, raw = api_token_create(member=member, name=TOKEN_NAME)
        tokens.append((member.pk, token.pk))
        # Each member likes one topic that is not theirs: different members, so likes count.
        candidates = [pk for pk, author in hot_topics if author != member.pk]
        if candidates:
            pairs.append((candidates[index % len(candidates)], raw))
    return BenchData(page.pk, page.reply_count, pairs, tokens, _member_session(bench[0]))


def cleanup(data: BenchData) -> None:
    from ruche.accounts.models import User
    from ruche.accounts.services import api_token_revoke

    members = {u.pk: u for u in User.objects.filter(pk__in=[m for m, _t in data.token_ids])}
    for member_id, token_id in data.token_ids:
        api_token_revoke(member=members[member_id], token_id=token_id)
    if data.session_key:
        from importlib import import_module

        import_module(settings.SESSION_ENGINE).SessionStore(data.session_key).delete()


def scenarios(data: BenchData, *, search: bool) -> list[Scenario]:
    pairs = data.like_pairs

    def like(number: int) -> tuple[str, str, dict[str, str]]:
        # Threads take consecutive numbers, so concurrent requests come from different members.
        topic_id, raw = pairs[number % len(pairs)]
        return (
            "PUT+DELETE",
            f"/api/v1/topics/{topic_id}/like",
            {"Authorization": f"Bearer {raw}"},
        )

    # Visitors who are not signed in (most readers; served from the anonymous page cache),
    # then a signed-in member, whose pages are built for them on every request.
    member = {"Cookie": f"{settings.SESSION_COOKIE_NAME}={data.session_key}"}
    topic_path = f"/forum/t/{data.topic_page_id}/"
    result = [
        Scenario(
            "latest topics /forum/ (visitor)",
            lambda _n: ("GET", "/forum/", {}),
            p95_target_ms=100,
            rps_target=200,
        ),
        Scenario(
            f"topic page, {data.topic_page_replies} replies (visitor)",
            lambda _n: ("GET", topic_path, {}),
            p95_target_ms=100,
        ),
        Scenario(
            "latest topics /forum/ (member)",
            lambda _n: ("GET", "/forum/", member),
            p95_target_ms=100,
            rps_target=200,
        ),
        Scenario(
            f"topic page, {data.topic_page_replies} replies (member)",
            lambda _n: ("GET", topic_path, member),
            p95_target_ms=100,
        ),
    ]
    if pairs:
        result.append(Scenario("like + unlike (API)", like, per_call=2))
    if search:
        # Last: a slow search keeps server threads busy after the client gives up on it.
        # Several queries in turn, common words and rarer ones, so no single plan or cached
        # page decides the figures.
        result.append(
            Scenario(
                f"search ({len(SEARCH_QUERIES)} queries in turn)",
                lambda n: (
                    "GET",
                    f"/search/?q={quote(SEARCH_QUERIES[n % len(SEARCH_QUERIES)])}",
                    {},
                ),
                p95_target_ms=150,
            )
        )
    return result


# --- The whole run ----------------------------------------------------------------------------


def run_forum_bench(
    *,
    stdout: Writable,
    port: int = 8765,
    workers: int = 2,
    threads: int = 4,
    concurrency: int = 8,
    duration: float = 10.0,
    warmup: float = 2.0,
    max_requests: int = 20_000,
) -> int:
    """Run the forum benchmark; returns the process exit code (1 if the server fails)."""
    stdout.write(f"Database: {connection.vendor} ({settings.DATABASES['default'].get('NAME')})\n")
    data = prepare()
    server = Server(port=port, workers=workers, threads=threads)
    outcomes: list[Outcome] = []
    try:
        try:
            server.start()
        except BenchError as error:
            stdout.write(f"The server failed to start: {error}\n")
            return 1
        stdout.write(
            f"gunicorn on {HOST}:{port}: {workers} workers x {threads} threads, DEBUG off; "
            f"load: {concurrency} connections, {duration:.0f} s or {max_requests} requests "
            "per scenario, after a warm-up.\n"
        )
        try:
            search_status, _body = request_once(port, "GET", "/search/?q=agenda")
        except TimeoutError:
            # Slow is still measured (and reported as such); only a missing page is skipped.
            search_status = 0
        for scenario in scenarios(data, search=search_status != 404):
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
        if search_status == 404:
            outcomes.append(Outcome("search", note="search not available"))
    finally:
        server.stop()
        cleanup(data)
    stdout.write(format_table(outcomes))
    return 0


def format_table(outcomes: list[Outcome]) -> str:
    header = (
        "scenario",
        "requests",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "statuses",
        "target",
        "result",
    )
    rows = [header]
    for outcome in outcomes:
        scenario = outcome.scenario
        targets = []
        if scenario and scenario.p95_target_ms is not None:
            targets.append(f"p95<{scenario.p95_target_ms:.0f}")
        if scenario and scenario.rps_target is not None:
            targets.append(f"≥{scenario.rps_target:.0f}/s")
        statuses = " ".join(
            f"{code}:{count}" for code, count in sorted(outcome.statuses.items(), key=str)
        )
        rows.append(
            (
                outcome.name,
                str(outcome.requests) if outcome.statuses else "-",
                f"{outcome.rps:.0f}" if outcome.statuses else "-",
                f"{outcome.percentile(0.50):.1f}" if outcome.latencies else "-",
                f"{outcome.percentile(0.95):.1f}" if outcome.latencies else "-",
                f"{outcome.percentile(0.99):.1f}" if outcome.latencies else "-",
                statuses or "-",
                " ".join(targets) or "-",
                outcome.verdict(),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n" + "\n".join(lines) + "\n"
