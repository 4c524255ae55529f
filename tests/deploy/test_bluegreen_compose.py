"""deploy/bluegreen.sh in its default compose mode, with `docker compose` replaced by a recorder."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.e2e.helpers import REPO

# Answers like docker compose would when everything works, and writes down what it was asked.
FAKE_COMPOSE = """#!/usr/bin/env bash
echo "RUNCOACH_TAG=${RUNCOACH_TAG:-} $*" >> "$COMPOSE_LOG"
"""


def _run(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    fake = tmp_path / "compose"
    fake.write_text(FAKE_COMPOSE)
    fake.chmod(0o755)
    env = {"PATH": "/usr/bin:/bin", "BG_COMPOSE": str(fake), "COMPOSE_LOG": str(tmp_path / "log"),
           "BG_STATE_DIR": str(tmp_path / "state"), "BG_ENV_FILE": str(tmp_path / ".env"),
           "BG_DRAIN_SECONDS": "0", **extra}
    return subprocess.run(["bash", str(REPO / "deploy" / "bluegreen.sh"), *args], env=env,
                          capture_output=True, text=True, timeout=30)


def _calls(tmp_path: Path) -> list[str]:
    lines = (tmp_path / "log").read_text().splitlines()
    (tmp_path / "log").unlink()
    return lines


def test_deploy_drives_docker_compose_in_order_and_records_the_tags(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("SERVER_NAME=coach.example.org\nRUNCOACH_TAG_BLUE=sha-old\n")
    assert _run(tmp_path, "init", "blue").returncode == 0

    deployed = _run(tmp_path, "deploy", "sha-new")
    assert deployed.returncode == 0, deployed.stderr
    assert _calls(tmp_path) == [
        "RUNCOACH_TAG= --profile green up -d --no-deps --force-recreate app-green",
        "RUNCOACH_TAG= exec -T nginx wget -q -O /dev/null -T 2 http://app-green:8000/readyz",
        "RUNCOACH_TAG=sha-new run --rm --no-deps migrate",  # the new image's migrations
        "RUNCOACH_TAG= exec -T nginx sh -c nginx -t -q && nginx -s reload",
        "RUNCOACH_TAG= --profile green stop -t 30 app-blue",
        "RUNCOACH_TAG= up -d --no-deps worker",  # compose reads RUNCOACH_TAG=sha-new from .env
    ]
    env = (tmp_path / ".env").read_text().splitlines()
    assert {"SERVER_NAME=coach.example.org", "RUNCOACH_TAG_BLUE=sha-old", "RUNCOACH_TAG_GREEN=sha-new",
            "RUNCOACH_TAG=sha-new"} == set(env)
    upstream = (tmp_path / "state" / "upstream.conf").read_text().splitlines()
    assert upstream[1:] == ["server app-green:8000 max_fails=2 fail_timeout=10s;"]
    assert (tmp_path / "state" / "live").read_text().strip() == "green"

    # Rolling back starts blue again on its own tag, and migrates nothing.
    back = _run(tmp_path, "rollback")
    assert back.returncode == 0, back.stderr
    calls = _calls(tmp_path)
    assert calls[0] == "RUNCOACH_TAG= --profile green up -d --no-deps --force-recreate app-blue"
    assert not any(" migrate" in call for call in calls)
    assert "RUNCOACH_TAG_BLUE=sha-old" in (tmp_path / ".env").read_text()


def test_a_failing_reload_restores_the_upstream_and_stops_the_new_colour(tmp_path: Path) -> None:
    assert _run(tmp_path, "init", "blue").returncode == 0
    before = (tmp_path / "state" / "upstream.conf").read_text()
    # nginx -t fails on the new file (it names green): the script must put the old one back.
    result = _run(tmp_path, "switch", "green", BG_MIGRATE="0",
                  BG_RELOAD_CMD='grep -q app-blue "$BG_STATE_DIR/upstream.conf"')
    assert result.returncode == 1
    assert "nginx refused the switch; blue stays live" in result.stderr
    assert (tmp_path / "state" / "upstream.conf").read_text() == before
    assert (tmp_path / "state" / "live").read_text().strip() == "blue"
    assert _calls(tmp_path)[-1] == "RUNCOACH_TAG= --profile green stop -t 30 app-green"
