"""Request bytes the LLM coach sends as a runner's history grows, against listing every session.

    .venv/bin/python benchmarks/llm_prompt.py [--runs 10,100,1000,5000]

For each history size a runner gets that many stored runs, a goal and a plan, then asks one
question ("how has my training gone lately?") through the real agent and langchain-openai
client, against the scripted OpenAI-compatible server, which records every request's size.
The model is scripted to look at its load and recent runs (two tool rounds) and answer. The
baseline, measured in the same run through the same client, is the original approach: one
request whose prompt lists every session (date, distance, time, pace, heart rate, title).
Needs PostgreSQL: 127.0.0.1:5432 when it answers, else the embedded server.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import socket
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from coach.clock import FixedClock  # noqa: E402
from coach.conversation import Coach  # noqa: E402
from coach.conversation.agent import AgentConfig, LLMAgent  # noqa: E402
from coach.conversation.agent_prompt import system_prompt  # noqa: E402
from coach.domain.athletes import Language, Units  # noqa: E402
from coach.domain.runs import Run  # noqa: E402
from coach.ports_llm import ChatMessage  # noqa: E402
from coach.services import Dependencies, Services  # noqa: E402
from coach.units import format_duration, format_pace  # noqa: E402
from integrations.llm import OpenAILanguageModel  # noqa: E402
from runcoach.migrate import upgrade  # noqa: E402
from storage.database import asyncpg_url, libpq_url, make_session_factory  # noqa: E402
from storage.memory import InMemoryCache, InMemoryQuota  # noqa: E402
from storage.uow import SqlUnitOfWorkFactory  # noqa: E402
from tests.fakes.openai_api import ScriptedOpenAI, Text, ToolCall  # noqa: E402
from tests.llm.conftest import history, make_runner, store_runs  # noqa: E402

QUESTION = "How has my training gone lately?"


def server_url() -> str:
    try:
        with socket.create_connection(("127.0.0.1", 5432), timeout=1):
            return "postgresql://postgres@127.0.0.1:5432/postgres"
    except OSError:
        from runcoach.embedded import start_embedded_postgres

        url = start_embedded_postgres(Path(tempfile.mkdtemp(prefix="rc-bench-")))
        return libpq_url(url).replace("/runcoach?", "/postgres?")


def admin(url: str, sql: str) -> None:
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def every_session_prompt(runs: list[Run]) -> list[ChatMessage]:
    """The original approach: the whole history pasted into the prompt, one line per session."""
    lines = [json.dumps({"date": r.local_start.date().isoformat(),
                         "distance_km": round(r.distance_m / 1000, 2), "time": format_duration(r.moving_s),
                         "pace": format_pace(r.pace_s_per_km or 0, Units.KM), "avg_hr": r.avg_hr,
                         "title": r.title}, ensure_ascii=False) for r in runs]
    system = system_prompt(Language.EN, Units.KM) + "\n\nThe runner's sessions:\n" + "\n".join(lines)
    return [ChatMessage("system", system), ChatMessage("user", QUESTION)]


async def measure(services: Services, clock: FixedClock, fake: ScriptedOpenAI,
                  sizes: list[int]) -> list[tuple[int, int, int, int, int, float]]:
    model = OpenAILanguageModel(model="fake-model", api_key="sk-bench", base_url=fake.base_url)
    agent = LLMAgent(services, model, AgentConfig(timeout_s=30.0, daily_turns={"free": 1000}))
    coach = Coach(services, agent=agent)
    rows = []
    for count in sizes:
        runner = await make_runner(services, f"r{count}", goal=True, plan=False, clock=clock)
        runs = history(clock.now().date(), count)
        await store_runs(services, runner, runs)
        await services.plans.create_plan(runner.id)
        fake.reset(ToolCall("get_training_load", {"weeks": 8}), ToolCall("list_runs", {"limit": 10}),
                   Text("Steady: about the same every week, all easy."))
        started = time.perf_counter()
        await coach.respond(runner, QUESTION)
        turn_ms = (time.perf_counter() - started) * 1000
        sent = fake.completions()
        first, total, rounds = sent[0].raw_size, sum(r.raw_size for r in sent), len(sent) - 1
        fake.reset(Text("Steady."))
        await model.complete(every_session_prompt(runs), [], timeout_s=30)
        baseline = fake.completions()[0].raw_size
        rows.append((count, first, total, rounds, baseline, turn_ms))
    return rows


async def main_async(sizes: list[int]) -> None:
    url = server_url()
    name = f"rc_bench_{secrets.token_hex(4)}"
    admin(url, f"CREATE DATABASE {name}")
    database = url.rsplit("/", 1)[0] + f"/{name}" + (("?" + url.split("?", 1)[1]) if "?" in url else "")
    engine = None
    try:
        await asyncio.to_thread(upgrade, database)
        engine = create_async_engine(asyncpg_url(database))
        clock = FixedClock(datetime(2026, 11, 26, 8, 0, tzinfo=UTC))
        services = Services(Dependencies(uow=SqlUnitOfWorkFactory(make_session_factory(engine)),
                                         clock=clock, cache=InMemoryCache(), quota=InMemoryQuota()))
        with ScriptedOpenAI() as fake:
            rows = await measure(services, clock, fake, sizes)
    finally:
        if engine is not None:
            await engine.dispose()
        admin(url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    print(f"{'runs':>6} | {'agent 1st req B':>15} | {'agent turn B':>12} | {'tool rounds':>11} | "
          f"{'all sessions B':>14} | {'ratio':>7} | {'turn ms':>7}")
    for count, first, total, rounds, baseline, turn_ms in rows:
        print(f"{count:>6} | {first:>15,} | {total:>12,} | {rounds:>11} | {baseline:>14,} | "
              f"{baseline / first:>6.1f}x | {turn_ms:>7.0f}")
    firsts = [r[1] for r in rows]
    print(f"agent first request: {min(firsts):,}–{max(firsts):,} B over {rows[0][0]}–{rows[-1][0]} runs "
          f"(spread {100 * (max(firsts) - min(firsts)) / min(firsts):.1f} %); "
          f"listing every session grows {rows[-1][4] / rows[0][4]:.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", default="10,100,1000,5000")
    args = parser.parse_args()
    asyncio.run(main_async([int(n) for n in args.runs.split(",")]))


if __name__ == "__main__":
    main()
