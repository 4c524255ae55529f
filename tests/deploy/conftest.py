"""A loopback deployment for the deploy tests: real nginx, bluegreen.sh in local mode, real backends."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.deploy.local_nginx import LocalNginx
from tests.e2e.helpers import REPO, clean_env, free_port

BLUEGREEN = REPO / "deploy" / "bluegreen.sh"
VENV_BIN = str(Path(sys.executable).parent)


@dataclass
class Deployment:
    """Colours of `runcoach serve --no-worker` processes sharing one database, behind one nginx."""

    env: dict[str, str]
    state: Path
    nginx: LocalNginx
    servers: dict[str, list[str]]

    def bluegreen(self, *args: str, timeout_s: float = 90, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["bash", str(BLUEGREEN), *args], env={**self.env, **extra}, cwd=REPO,
                              capture_output=True, text=True, timeout=timeout_s)

    def pid(self, colour: str, server: str) -> int | None:
        path = self.state / f"{colour}-{server.rsplit(':', 1)[1]}.pid"
        return int(path.read_text()) if path.exists() else None

    def ports(self, colour: str) -> set[str]:
        return set(self.servers[colour])

    def live(self) -> str:
        return (self.state / "live").read_text().strip()

    def kill_everything(self) -> None:
        """SIGTERM every backend's process group the script started, SIGKILL what lingers."""
        groups = [int(p.read_text()) for p in self.state.glob("*.pid") if p.read_text().strip()]
        for sig, wait_s in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
            alive = []
            for pgid in groups:
                try:
                    os.killpg(pgid, sig)
                    alive.append(pgid)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + wait_s
            while alive and time.monotonic() < deadline:
                alive = [g for g in alive if _group_alive(g)]
                time.sleep(0.1)
            groups = alive


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


@pytest.fixture
def make_deployment(tmp_path: Path, database_url: str) -> Iterator[Callable[..., Deployment]]:
    made: list[Deployment] = []

    def make(blue: int = 1, green: int = 1) -> Deployment:
        state, data = tmp_path / "state", tmp_path / "data"
        state.mkdir()
        nginx = LocalNginx(prefix=tmp_path / "nginx", upstream_file=state / "upstream.conf")
        nginx.prefix.mkdir()
        servers = {"blue": [f"127.0.0.1:{free_port()}" for _ in range(blue)],
                   "green": [f"127.0.0.1:{free_port()}" for _ in range(green)]}
        env = clean_env(
            DATABASE_URL=database_url, RUNCOACH_ENV="production",
            SECRET_KEY=secrets.token_urlsafe(32), TOKEN_ENCRYPTION_KEY=secrets.token_urlsafe(32),
            PUBLIC_URL=nginx.base_url, RUNCOACH_LOG_LEVEL="WARNING",
            PATH=f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            BG_MODE="local", BG_STATE_DIR=str(state),
            BG_SERVERS_BLUE=" ".join(servers["blue"]), BG_SERVERS_GREEN=" ".join(servers["green"]),
            # Same database and SECRET_KEY for every backend; a data dir of its own each.
            BG_LOCAL_CMD=(f'RUNCOACH_DATA_DIR="{data}/$BG_COLOUR-$BG_PORT" exec runcoach serve '
                          '--no-worker --host "$BG_HOST" --port "$BG_PORT"'),
            BG_NGINX=" ".join(nginx.command), BG_NGINX_PIDFILE=str(nginx.pidfile),
            BG_READY_TIMEOUT="40", BG_STOP_TIMEOUT="20", BG_DRAIN_TIMEOUT="20", BG_HOOK_TIMEOUT="60")
        deployment = Deployment(env=env, state=state, nginx=nginx, servers=servers)
        made.append(deployment)
        return deployment

    try:
        yield make
    finally:
        for deployment in made:
            deployment.nginx.stop()
            deployment.kill_everything()
