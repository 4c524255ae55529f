"""Two real `runcoach serve --no-worker` processes in webhook mode behind one database."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.bot.telegram_helpers import WEBHOOK_SECRET
from tests.e2e.helpers import RUNCOACH, clean_env, free_port, stop, wait_http
from tests.fakes import updates
from tests.fakes.telegram_api import FakeBotApi


@pytest.fixture
def two_servers(database_url: str, fake_telegram: FakeBotApi,
                tmp_path: Path) -> Iterator[list[str]]:
    procs: list[subprocess.Popen[bytes]] = []
    urls: list[str] = []
    try:
        for name in ("a", "b"):
            port = free_port()
            env = clean_env(DATABASE_URL=database_url, TELEGRAM_BOT_TOKEN=fake_telegram.token,
                            TELEGRAM_API_URL=fake_telegram.url, TELEGRAM_MODE="webhook",
                            TELEGRAM_WEBHOOK_SECRET=WEBHOOK_SECRET,
                            PUBLIC_URL=f"http://127.0.0.1:{port}",
                            RUNCOACH_DATA_DIR=str(tmp_path / name), COACH_LLM="offline")
            log = (tmp_path / f"{name}.log").open("wb")
            procs.append(subprocess.Popen(
                [RUNCOACH, "serve", "--no-worker", "--port", str(port)], env=env, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True))
            urls.append(f"http://127.0.0.1:{port}")
        for proc, url in zip(procs, urls, strict=True):
            wait_http(f"{url}/healthz", 60, proc)
        yield urls
    finally:
        for proc in procs:
            stop(proc)


@pytest.mark.timeout(120)
def test_the_same_update_on_two_processes_is_answered_once(
        two_servers: list[str], fake_telegram: FakeBotApi) -> None:
    headers = {"X-Telegram-Bot-Api-Secret-Token": WEBHOOK_SECRET}
    duplicate = updates.text_message("/help", user_id=4242, update_id=880_001)
    with httpx.Client(timeout=10) as client:
        answers = [client.post(f"{url}/telegram/webhook", json=duplicate, headers=headers)
                   for url in two_servers]
        assert [a.status_code for a in answers] == [200, 200]
        fake_telegram.wait_for_messages(4242, count=1, timeout=30)
        # Any process takes any update: a new one on the second server is answered too.
        fresh = updates.text_message("/settings", user_id=4242, update_id=880_002)
        assert client.post(f"{two_servers[1]}/telegram/webhook", json=fresh,
                           headers=headers).status_code == 200
    sent = fake_telegram.wait_for_messages(4242, count=2, timeout=30)
    time.sleep(1.0)  # room for a wrongly duplicated answer to show up
    texts = [m.plain_text for m in fake_telegram.sent_messages(4242)]
    assert len(texts) == 2, texts
    assert "What I can do" in texts[0] and "runs=4" in sent[1].plain_text
