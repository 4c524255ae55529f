"""Times Telegram updates through the offline coach, against the local fake Bot API.

Builds the real runtime (bootstrap) on a fresh PostgreSQL database in webhook mode, then:

* route: `POST /telegram/webhook` in-process (ASGI) until its 200, against `GET /healthz`
  through the same client as the baseline;
* server time: one update handled end to end (dedupe claim, athlete, coach, database, the
  reply sent to the fake Bot API), against a bare `sendMessage` to the fake as the baseline
  (the floor under any reply);
* throughput: updates per second with several runners writing at once.

Commands are a mix of offline-coach commands (/help, /today, /plan, /settings, /log, /stats
without the chart, plain words). Prints medians, p95, updates/s and the ratios.

    .venv/bin/python benchmarks/telegram_updates.py [--updates N] [--concurrency C]
        [--server-url postgresql://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import secrets
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import psycopg
from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.app import TelegramBot
from runcoach.bootstrap import bootstrap
from runcoach.migrate import upgrade_async
from runcoach.settings import Settings
from tests.fakes import updates
from tests.fakes.telegram_api import FakeBotApi

SECRET = "bench_Secret-1"
COMMANDS = ["/help", "/today", "/plan", "/settings", "/log 5k 27:30", "/stats", "how am i doing",
            "/plan next"]


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def timed(fn: Callable[[], Awaitable[object]], runs: int) -> list[float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        await fn()
        samples.append((time.perf_counter() - start) * 1000.0)
    return samples


def show(name: str, samples: list[float]) -> float:
    p50 = statistics.median(samples)
    print(f"{name:<34} p50 {p50:8.2f} ms   p95 {percentile(samples, 0.95):8.2f} ms   (n={len(samples)})")
    return p50


async def run(args: argparse.Namespace) -> None:
    name = f"rc_bench_{secrets.token_hex(4)}"
    base = args.server_url.rsplit("/", 1)[0]
    with psycopg.connect(args.server_url, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    try:
        await upgrade_async(f"{base}/{name}")
        with FakeBotApi() as fake:
            settings = Settings(
                _env_file=None, database_url=f"{base}/{name}", telegram_bot_token=fake.token,
                telegram_api_url=fake.url, telegram_mode="webhook",
                telegram_webhook_secret=SECRET, coach_llm="offline",
                runcoach_data_dir=Path("/tmp") / name)
            runtime = await bootstrap(settings, migrate=False)
            runtime.services.deps.charts = None  # charts are timed apart: they are CPU work
            assert runtime.bot is not None
            bot = runtime.bot
            await bot.start()
            try:
                await measure(runtime.api(manage_bot=False), bot, fake, args)
            finally:
                await bot.stop()
                await runtime.aclose()
    finally:
        with psycopg.connect(args.server_url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


async def measure(app: FastAPI, bot: TelegramBot, fake: FakeBotApi,
                  args: argparse.Namespace) -> None:
    ids = itertools.count(1_000_000)
    users = [5000 + i for i in range(args.concurrency)]
    for user in users:  # every runner has a plan, so /today and /plan have work to do
        await bot.handle_update(updates.text_message("/goal half 2027-04-11", user_id=user,
                                                     update_id=next(ids)))
    commands = itertools.cycle(COMMANDS)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
        async def healthz() -> None:
            assert (await client.get("/healthz")).status_code == 200

        async def route() -> None:
            update = updates.text_message("/help", user_id=users[0], update_id=next(ids))
            assert (await client.post("/telegram/webhook", json=update,
                                      headers=headers)).status_code == 200

        await timed(healthz, 20)
        health = show("GET /healthz (baseline)", await timed(healthz, args.updates))
        accepted = show("POST /telegram/webhook until 200", await timed(route, args.updates))
        await asyncio.sleep(1.0)  # let the accepted updates finish before timing the next part

    async def send_only() -> None:
        await bot.application.bot.send_message(users[0], "ping")

    async def one_update() -> None:
        await bot.handle_update(updates.text_message(
            next(commands), user_id=users[0], update_id=next(ids)))

    await timed(send_only, 10)
    floor = show("bare sendMessage to the fake (floor)", await timed(send_only, args.updates))
    server = show("update handled end to end", await timed(one_update, args.updates))

    async def runner(user: int, count: int) -> None:
        for _ in range(count):
            await bot.handle_update(updates.text_message(
                next(commands), user_id=user, update_id=next(ids)))

    per_user = max(1, args.updates // len(users))
    start = time.perf_counter()
    await asyncio.gather(*(runner(user, per_user) for user in users))
    elapsed = time.perf_counter() - start
    total = per_user * len(users)
    print(f"{'throughput':<34} {total / elapsed:8.1f} updates/s ({total} updates, "
          f"{len(users)} runners at once)")
    print(f"ratio webhook 200 / healthz: {accepted / health:.2f}x; "
          f"update end to end / bare sendMessage: {server / floor:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--updates", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--server-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    asyncio.run(run(parser.parse_args()))


if __name__ == "__main__":
    main()
