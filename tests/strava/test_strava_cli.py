"""`runcoach strava subscribe` against the fake Strava, with a real `runcoach serve` answering
Strava's handshake."""

from __future__ import annotations

import subprocess
from pathlib import Path

import psycopg
import pytest

from tests.e2e.helpers import RUNCOACH, clean_env, free_port, stop, wait_http
from tests.fakes.strava_api import FakeStrava
from tests.strava.conftest import VERIFY_TOKEN


def _cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([RUNCOACH, "strava", *args], env=env, capture_output=True, text=True,
                          timeout=60, check=False)


@pytest.mark.timeout(90)
def test_subscribe_creates_then_shows_the_push_subscription(
        database_url: str, fake_strava: FakeStrava, tmp_path: Path) -> None:
    port = free_port()
    env = clean_env(
        DATABASE_URL=database_url, SECRET_KEY="s" * 40, TOKEN_ENCRYPTION_KEY="t" * 40,
        STRAVA_CLIENT_ID=str(fake_strava.client_id), STRAVA_CLIENT_SECRET=fake_strava.client_secret,
        STRAVA_VERIFY_TOKEN=VERIFY_TOKEN, STRAVA_API_URL=fake_strava.api_base,
        STRAVA_OAUTH_URL=fake_strava.oauth_base, PUBLIC_URL=f"http://127.0.0.1:{port}",
        RUNCOACH_DATA_DIR=str(tmp_path), RUNCOACH_LOG_LEVEL="WARNING")
    server = subprocess.Popen([RUNCOACH, "serve", "--no-worker", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", 60, server)
        callback = f"http://127.0.0.1:{port}/strava/webhook"
        created = _cli(env, "subscribe")
        assert created.returncode == 0, created.stderr
        sub = fake_strava.subscription
        assert sub is not None and sub.callback_url == callback and sub.verify_token == VERIFY_TOKEN
        assert created.stdout.strip() == f"Subscribed: subscription {sub.id} → {callback}"
        # Again, as an operator re-running a deploy script would: nothing new is created.
        again = _cli(env, "subscribe")
        assert again.returncode == 0, again.stderr
        assert again.stdout.startswith(f"Already subscribed: subscription {sub.id} → {callback}")
        assert fake_strava.subscription == sub
        with psycopg.connect(database_url) as conn:
            assert conn.execute("SELECT id, callback_url FROM strava_subscriptions").fetchall() == [
                (sub.id, callback)]
    finally:
        stop(server)
