"""A `runcoach worker` process killed (SIGKILL) in the middle of an event's job: another worker
takes the job over, and the run is stored and announced exactly once."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from pathlib import Path

import psycopg
import pytest

from coach.domain.athletes import IdentityKind
from runcoach.bootstrap import bootstrap
from tests.e2e.helpers import RUNCOACH, clean_env
from tests.fakes.strava_api import FakeStrava
from tests.fakes.telegram_api import FakeBotApi
from tests.strava.conftest import VERIFY_TOKEN, connect, until
from tests.strava.test_strava_worker import CHAT, notes, strava_settings

STALLED_S = 2


def _env(database_url: str, fake: FakeStrava, telegram: FakeBotApi, data_dir: Path) -> dict[str, str]:
    return clean_env(
        DATABASE_URL=database_url, SECRET_KEY="s" * 40, TOKEN_ENCRYPTION_KEY="t" * 40,
        STRAVA_CLIENT_ID=str(fake.client_id), STRAVA_CLIENT_SECRET=fake.client_secret,
        STRAVA_VERIFY_TOKEN=VERIFY_TOKEN, STRAVA_API_URL=fake.api_base,
        STRAVA_OAUTH_URL=fake.oauth_base, TELEGRAM_BOT_TOKEN=telegram.token,
        TELEGRAM_API_URL=telegram.url, TELEGRAM_MODE="off", RUNCOACH_DATA_DIR=str(data_dir),
        RUNCOACH_STALLED_JOB_S=str(STALLED_S), RUNCOACH_JOB_POLL_S="0.2",
        RUNCOACH_LOG_LEVEL="WARNING")


def _worker(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as out:
        return subprocess.Popen([RUNCOACH, "worker", "--concurrency", "2"], env=env, stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)


def _kill(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(10)


def _jobs(database_url: str) -> list[tuple[str, str]]:
    with psycopg.connect(database_url) as conn:
        return [(str(t), str(s)) for t, s in conn.execute(
            "SELECT task_name, status FROM procrastinate_jobs WHERE queue_name = 'default'")]


@pytest.mark.timeout(90)
async def test_a_worker_killed_mid_job_leaves_the_event_done_once(
        database_url: str, fake_strava: FakeStrava, fake_telegram: FakeBotApi, tmp_path: Path) -> None:
    env = _env(database_url, fake_strava, fake_telegram, tmp_path)
    runtime = await bootstrap(strava_settings(database_url, fake_strava, fake_telegram),
                              migrate=False, with_bot=False)
    workers: list[subprocess.Popen[bytes]] = []
    log = tmp_path / "workers.log"
    try:
        services = runtime.services
        athlete, _ = await services.athletes.onboard(IdentityKind.TELEGRAM, str(CHAT), display_name="Ada")
        strava_id = await connect(services, fake_strava, athlete.id)
        workers.append(_worker(env, log))
        await until(lambda: not _jobs(database_url), 30, "the first worker to run the backfill")

        activity_id = fake_strava.add_activity(strava_id, name="Interrupted intervals")["id"]
        fake_strava.set_latency(30)  # the worker will be stuck waiting on Strava
        assert await services.strava.receive_event(fake_strava.build_event(
            object_id=activity_id, owner_id=strava_id)) == "queued"
        await until(lambda: fake_strava.calls(f"/activities/{activity_id}"), 20,
                    "the worker to ask Strava for the activity")
        assert _jobs(database_url) == [("strava.process_event", "doing")]
        _kill(workers[0])  # mid-request: nothing recorded, the job row still says `doing`

        fake_strava.set_latency(0)
        await asyncio.sleep(STALLED_S + 0.5)  # its heartbeat is now stale
        workers.append(_worker(env, log))
        await until(lambda: notes(fake_telegram), 30, "the note from the second worker")
        await until(lambda: not _jobs(database_url), 20, "the job to finish")
        await asyncio.sleep(1.0)  # room for a wrong second note to show up
        assert "its worker stopped answering" in log.read_text()  # taken over, not re-queued by us
        assert len(notes(fake_telegram)) == 1
        runs = await services.runs.recent(athlete.id)
        assert [r.source_id for r in runs] == [str(activity_id)]
        with psycopg.connect(database_url) as conn:
            assert conn.execute("SELECT status, outcome FROM strava_events").fetchall() == [
                ("done", "imported")]
    finally:
        for proc in workers:
            _kill(proc)
        await runtime.aclose()
