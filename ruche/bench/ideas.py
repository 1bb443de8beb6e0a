"""``ruche bench ideas``: ideas under load, through the same gunicorn and load generator as the
forum benchmark (``ruche.bench.forum``).

Scenarios: the ideas list sorted by likes and filtered by a product area, the page of the most
liked idea, and a like (with its removal, so the data ends as it began) through the API. Then the
exactness check: N members (200 by default) like one fresh idea at the same moment over HTTP; the
count must be exactly N, and exactly 0 after they all take their like back.
"""

from __future__ import annotations

import http.client
import threading
from dataclasses import dataclass

from django.conf import settings
from django.db import connection

from .forum import (
    HOST,
    TOKEN_NAME,
    BenchError,
    Outcome,
    Scenario,
    Server,
    Writable,
    format_table,
    run_load,
)


@dataclass
class IdeasBenchData:
    area_slug: str
    page_id: int
    page_likes: int
    like_pairs: list[tuple[int, str]]  # (idea id, raw token), never the idea's author
    parallel_tokens: list[str]
    token_ids: list[tuple[int, int]]
    fresh_idea_id: int | None = None


def prepare(*, members: int = 64, parallel: int = 200) -> IdeasBenchData:
    from ruche.accounts.models import User
    from ruche.accounts.services import api_token_create
    from ruche.demo.data import BENCH_DOMAIN
    from ruche.ideas import services
    from ruche.ideas.models import CLOSED_KINDS, Idea
    from ruche.spaces.models import Visibility

    public = Idea.objects.filter(
        space__visibility=Visibility.PUBLIC, merged_into__isnull=True
    ).exclude(status__kind__in=CLOSED_KINDS)
    page = public.filter(product_area__isnull=False).order_by("-like_count", "pk").first()
    if page is None:
        raise BenchError("No public idea: run `ruche seed-demo --scale large` first.")
    hot = list(
        public.filter(product_area=page.product_area)
        .order_by("-like_count", "pk")
        .values_list("pk", "author_id")[:8]
    )
    bench = list(
        User.objects.filter(email__endswith=f"@{BENCH_DOMAIN}", is_active=True).order_by("pk")[
            : max(members, parallel + 1)
        ]
    )
    if len(bench) < 2:
        raise BenchError("No benchmark members: run `ruche seed-demo --scale large` first.")
    pairs, tokens, raws = [], [], {}
    for member in bench:
        token, raw = api_token_create(member=member, name=TOKEN_NAME)
        tokens.append((member.pk, token.pk))
        raws[member.pk] = raw
    already = set(
        page.likes.model.objects.filter(idea_id__in=[pk for pk, _a in hot]).values_list(
            "idea_id", "member_id"
        )
    )
    for index, member in enumerate(bench[:members]):
        # Each member likes an idea they neither wrote nor liked already, so every like counts.
        candidates = [
            pk for pk, author in hot if author != member.pk and (pk, member.pk) not in already
        ]
        if candidates:
            pairs.append((candidates[index % len(candidates)], raws[member.pk]))
    # A fresh idea for the exactness check, written by a member who will not like it.
    author = bench[0]
    fresh = services.idea_create(
        author=author,
        space=page.space,
        title="Benchmark: likes at the same moment",
        problem="An idea for the benchmark's exactness check; it is removed afterwards.",
        product_area=page.product_area,
    )
    parallel_tokens = [raws[m.pk] for m in bench[1 : parallel + 1]]
    return IdeasBenchData(
        area_slug=page.product_area.slug,
        page_id=page.pk,
        page_likes=page.like_count,
        like_pairs=pairs,
        parallel_tokens=parallel_tokens,
        token_ids=tokens,
        fresh_idea_id=fresh.pk,
    )


def cleanup(data: IdeasBenchData) -> None:
    from ruche.accounts.models import User
    from ruche.accounts.services import api_token_revoke
    from ruche.forum.models import Follow, FollowTarget, Topic

    members = {u.pk: u for u in User.objects.filter(pk__in=[m for m, _t in data.token_ids])}
    for member_id, token_id in data.token_ids:
        api_token_revoke(member=members[member_id], token_id=token_id)
    if data.fresh_idea_id:
        # The topic takes its idea, likes and history with it; the ledger keeps its rows.
        Follow.objects.filter(target_type=FollowTarget.TOPIC, target_id=data.fresh_idea_id).delete()
        Topic.objects.filter(pk=data.fresh_idea_id).delete()


def scenarios(data: IdeasBenchData) -> list[Scenario]:
    pairs = data.like_pairs

    def like(number: int) -> tuple[str, str, dict[str, str]]:
        idea_id, raw = pairs[number % len(pairs)]
        return ("PUT+DELETE", f"/api/v1/ideas/{idea_id}/like", {"Authorization": f"Bearer {raw}"})

    result = [
        Scenario(
            f"ideas by likes in {data.area_slug}",
            lambda _n: ("GET", f"/ideas/?sort=likes&area={data.area_slug}", {}),
            p95_target_ms=100,
        ),
        Scenario(
            f"idea page ({data.page_likes} likes)",
            lambda _n: ("GET", f"/ideas/{data.page_id}/", {}),
            p95_target_ms=100,
        ),
    ]
    if pairs:
        result.append(Scenario("like + unlike (API)", like, p95_target_ms=50, per_call=2))
    return result


def parallel_likes(*, port: int, idea_id: int, tokens: list[str], method: str) -> Outcome:
    """Every token likes (or unlikes) the idea at the same moment, one connection each."""
    outcome = Outcome(f"{len(tokens)} parallel {'likes' if method == 'PUT' else 'unlikes'}")
    barrier = threading.Barrier(len(tokens))
    lock = threading.Lock()

    def send(raw: str) -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        try:
            conn.connect()
            barrier.wait()
            conn.request(
                method, f"/api/v1/ideas/{idea_id}/like", headers={"Authorization": f"Bearer {raw}"}
            )
            response = conn.getresponse()
            response.read()
            status: int | str = response.status
        except (OSError, http.client.HTTPException, threading.BrokenBarrierError):
            status = "error"
        finally:
            conn.close()
        with lock:
            outcome.statuses[status] += 1

    threads = [threading.Thread(target=send, args=(raw,), daemon=True) for raw in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def run_ideas_bench(
    *,
    stdout: Writable,
    port: int = 8766,
    workers: int = 2,
    threads: int = 4,
    concurrency: int = 8,
    duration: float = 10.0,
    warmup: float = 2.0,
    max_requests: int = 20_000,
    parallel: int = 200,
) -> int:
    """Run the ideas benchmark; returns the process exit code (1 if the server or the count
    fails)."""
    from ruche.ideas.models import Idea

    stdout.write(f"Database: {connection.vendor} ({settings.DATABASES['default'].get('NAME')})\n")
    data = prepare(parallel=parallel)
    server = Server(port=port, workers=workers, threads=threads)
    outcomes: list[Outcome] = []
    exact = True
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
        for scenario in scenarios(data):
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
        tokens = data.parallel_tokens
        for method, expected in (("PUT", len(tokens)), ("DELETE", 0)):
            outcome = parallel_likes(
                port=port, idea_id=data.fresh_idea_id, tokens=tokens, method=method
            )
            idea = Idea.objects.get(pk=data.fresh_idea_id)
            rows = idea.likes.count()
            ok = idea.like_count == rows == expected
            exact = exact and ok
            outcome.note = (
                f"{'exact' if ok else 'WRONG'}: count {idea.like_count}, rows {rows}, "
                f"expected {expected}"
            )
            outcomes.append(outcome)
    finally:
        server.stop()
        cleanup(data)
    stdout.write(format_table(outcomes))
    return 0 if exact else 1
