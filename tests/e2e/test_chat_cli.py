"""`runcoach chat --json` driven through stdin in a real subprocess."""

from __future__ import annotations

import json
import subprocess

from tests.e2e.helpers import RUNCOACH, clean_env


def _chat(database_url: str, lines: list[str], *args: str, tmp: str) -> list[dict[str, object]]:
    result = subprocess.run(
        [RUNCOACH, "chat", "--json", *args], input="\n".join(lines) + "\n", capture_output=True,
        text=True, timeout=90,
        env=clean_env(DATABASE_URL=database_url, RUNCOACH_DATA_DIR=tmp), check=False)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_chat_json_answers_every_line(database_url: str, tmp_path: object) -> None:
    replies = _chat(database_url, ["/start", "/goal 10k 2027-03-01", "/log 8k 42:30 felt easy",
                                   "/stats", "/nonsense", "/lang ko", "/help"], tmp=str(tmp_path))
    assert len(replies) == 7
    for reply in replies:
        assert set(reply) == {"reply", "plan_changed", "attachments"}
        assert isinstance(reply["reply"], str) and reply["reply"]
    assert "RunCoach" in replies[0]["reply"]  # type: ignore[operator]
    assert replies[1]["plan_changed"] is True
    assert "8.0 km" in replies[2]["reply"]  # type: ignore[operator]
    assert "8.0 km" in replies[3]["reply"]  # type: ignore[operator]
    assert "/nonsense" in replies[4]["reply"]  # type: ignore[operator]
    assert "할 수 있는 일" in replies[6]["reply"]  # type: ignore[operator]


def test_chat_users_are_separate_and_remembered(database_url: str, tmp_path: object) -> None:
    _chat(database_url, ["/log 5k 25:00"], "--user", "ana", tmp=str(tmp_path))
    ana = _chat(database_url, ["/stats"], "--user", "ana", tmp=str(tmp_path))
    bo = _chat(database_url, ["/stats"], "--user", "bo", tmp=str(tmp_path))
    assert "5.0 km" in ana[0]["reply"]  # type: ignore[operator]
    assert "No runs" in bo[0]["reply"]  # type: ignore[operator]


def test_bad_configuration_is_one_plain_sentence(tmp_path: object) -> None:
    result = subprocess.run([RUNCOACH, "chat"], input="", capture_output=True, text=True,
                            timeout=60, check=False,
                            env=clean_env(RUNCOACH_DATA_DIR=str(tmp_path), TELEGRAM_MODE="webhook",
                                          TELEGRAM_BOT_TOKEN="123:abc"))
    assert result.returncode == 2
    assert "TELEGRAM_WEBHOOK_SECRET" in result.stderr
    assert "Traceback" not in result.stderr
