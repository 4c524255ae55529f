"""Starting real `runcoach` processes for end-to-end tests, with every wait bounded."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[2]
RUNCOACH = str(Path(sys.executable).parent / "runcoach")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def clean_env(**overrides: str) -> dict[str, str]:
    """The test process's environment minus every RunCoach setting, plus `overrides`."""
    settings = ("DATABASE_URL", "REDIS_URL", "TELEGRAM_", "STRAVA_", "OPENAI_", "COACH_",
                "RUNCOACH_", "SECRET_KEY", "TOKEN_ENCRYPTION_KEY", "PUBLIC_URL")
    env = {k: v for k, v in os.environ.items() if not k.startswith(settings)}
    env.update(overrides)
    return env


def wait_http(url: str, timeout_s: float, proc: subprocess.Popen[bytes] | None = None) -> float:
    """Poll `url` until it answers 200; return the seconds it took. Fails after `timeout_s`."""
    started = time.monotonic()
    while time.monotonic() - started < timeout_s:
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"process exited with {proc.returncode} before {url} answered")
        try:
            if httpx.get(url, timeout=1.0).status_code == 200:
                return time.monotonic() - started
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"{url} did not answer 200 within {timeout_s} s")


def stop(proc: subprocess.Popen[bytes], timeout_s: float = 20) -> int:
    """SIGTERM the process group, then SIGKILL if it lingers; return the exit status."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
    return proc.returncode
