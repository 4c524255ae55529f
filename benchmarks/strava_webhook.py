"""Times Strava's webhook (`POST /strava/webhook`) on a real `runcoach serve` against a bare FastAPI
endpoint on the same uvicorn, in the same run.

Both servers run as their own processes (`runcoach serve --no-worker` on a fresh PostgreSQL
database, and `uvicorn benchmarks.strava_webhook:bare_app`, an endpoint that parses the JSON
and answers 200). The runner is linked to a fake Strava athlete, so every event takes the
full path: validate, look up the link, store the event, enqueue its job, commit, answer.
Each event is new (its own activity id); a second phase re-delivers events already stored.
Prints p50 / p99 latency and events per second for each, and the ratios.

    .venv/bin/python benchmarks/strava_webhook.py [--events 2000] [--concurrency 8]
        [--server-url postgresql://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import secrets
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
import psycopg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from coach.domain.athletes import IdentityKind  # noqa: E402
from runcoach.bootstrap import bootstrap  # noqa: E402
from runcoach.migrate import upgrade_async  # noqa: E402
from runcoach.settings import Settings  # noqa: E402
from tests.e2e.helpers import RUNCOACH, clean_env, free_port, wait_http  # noqa: E402
from tests.fakes.strava_api import FakeStrava  # noqa: E402
from tests.strava.conftest import connect  # noqa: E402

VERIFY = "bench-verify-token"
bare_app = FastAPI()


@bare_app.post("/strava/webhook")
async def bare_webhook(request: Request) -> JSONResponse:
    body: Any = await request.json()
    return JSONResponse({"status": "ok" if isinstance(body, dict) else "malformed"})


@bare_app.get("/healthz")
async def bare_health() -> JSONResponse:
    return JSONResponse({"status": "ok"})


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def load(url: str, bodies: list[dict[str, Any]], concurrency: int) -> tuple[list[float], float]:
    """Latencies (ms) of POSTing every body, `concurrency` at a time; and events per second."""
    latencies: list[float] = []
    queue = iter(bodies)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=10, limits=limits) as client:
        async def sender() -> None:
            for body in queue:
                start = time.perf_counter()
                response = await client.post(url, json=body)
                latencies.append((time.perf_counter() - start) * 1000.0)
                if response.status_code != 200:
                    raise RuntimeError(f"{url} answered {response.status_code}: {response.text}")

        started = time.perf_counter()
        await asyncio.gather(*(sender() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return latencies, len(bodies) / elapsed


def show(name: str, latencies: list[float], rate: float) -> tuple[float, float, float]:
    p50, p99 = statistics.median(latencies), percentile(latencies, 0.99)
    print(f"{name:<30} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   {rate:8.0f} events/s   (n={len(latencies)})")
    return p50, p99, rate


def start(command: list[str], env: dict[str, str], health: str) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    wait_http(health, 60, proc)
    return proc


def stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


async def run(args: argparse.Namespace) -> None:
    name = f"rc_bench_{secrets.token_hex(4)}"
    base = args.server_url.rsplit("/", 1)[0]
    database_url = f"{base}/{name}"
    with psycopg.connect(args.server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    procs: list[subprocess.Popen[bytes]] = []
    try:
        await upgrade_async(database_url)
        with FakeStrava() as fake:
            env = clean_env(
                DATABASE_URL=database_url, SECRET_KEY="b" * 40, TOKEN_ENCRYPTION_KEY="k" * 40,
                STRAVA_CLIENT_ID=str(fake.client_id), STRAVA_CLIENT_SECRET=fake.client_secret,
                STRAVA_VERIFY_TOKEN=VERIFY, STRAVA_API_URL=fake.api_base,
                STRAVA_OAUTH_URL=fake.oauth_base, RUNCOACH_LOG_LEVEL="WARNING")
            settings = Settings(_env_file=None, database_url=database_url, secret_key="b" * 40,  # type: ignore[call-arg]
                                token_encryption_key="k" * 40, strava_client_id=str(fake.client_id),
                                strava_client_secret=fake.client_secret, strava_verify_token=VERIFY,
                                strava_api_url=fake.api_base, strava_oauth_url=fake.oauth_base)
            runtime = await bootstrap(settings, migrate=False, with_bot=False)
            try:
                athlete, _ = await runtime.services.athletes.onboard(
                    IdentityKind.LOCAL, "bench", display_name="Bench")
                owner = await connect(runtime.services, fake, athlete.id)
            finally:
                await runtime.aclose()

            app_port, bare_port = free_port(), free_port()
            procs.append(start([RUNCOACH, "serve", "--no-worker", "--port", str(app_port)], env,
                               f"http://127.0.0.1:{app_port}/healthz"))
            procs.append(start([sys.executable, "-m", "uvicorn", "benchmarks.strava_webhook:bare_app",
                                "--port", str(bare_port), "--log-level", "warning"],
                               clean_env(PYTHONPATH=str(ROOT)), f"http://127.0.0.1:{bare_port}/healthz"))
            ids = itertools.count(20_000_000_000)
            events = [fake.build_event(object_id=next(ids), owner_id=owner, event_time=1_764_000_000 + n)
                      for n in range(args.events)]
            warm = [fake.build_event(object_id=next(ids), owner_id=owner) for _ in range(200)]
            app_url = f"http://127.0.0.1:{app_port}/strava/webhook"
            bare_url = f"http://127.0.0.1:{bare_port}/strava/webhook"
            await load(app_url, warm, args.concurrency)
            await load(bare_url, warm, args.concurrency)

            print(f"{args.events} events, {args.concurrency} at a time, each server its own process")
            bare = show("bare FastAPI endpoint", *await load(bare_url, events, args.concurrency))
            new = show("webhook, new events", *await load(app_url, events, args.concurrency))
            dupes = show("webhook, redeliveries", *await load(app_url, events, args.concurrency))
            for label, (p50, p99, rate) in (("new", new), ("redelivered", dupes)):
                print(f"ratio ({label} / bare): p50 x{p50 / bare[0]:.2f}, p99 x{p99 / bare[1]:.2f}, "
                      f"throughput x{rate / bare[2]:.2f}")
            with psycopg.connect(database_url) as conn:
                stored = conn.execute("SELECT count(*) FROM strava_events").fetchone()
                jobs = conn.execute("SELECT count(*) FROM procrastinate_jobs "
                                    "WHERE task_name = 'strava.process_event'").fetchone()
            print(f"stored events {stored[0] if stored else 0}, queued jobs {jobs[0] if jobs else 0} "
                  f"(expected {args.events + len(warm)} each)")
    finally:
        for proc in procs:
            stop(proc)
        with psycopg.connect(args.server_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--server-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
