"""`make run` on the embedded default: a newcomer's first command answers /healthz."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import httpx

from tests.e2e.helpers import REPO, clean_env, free_port, stop, wait_http


def test_make_run_serves_healthz_on_embedded_postgres(tmp_path: Path) -> None:
    port = free_port()
    data_dir = tmp_path / "data"
    started = time.monotonic()
    proc = subprocess.Popen(
        ["make", "--no-print-directory", "run", f"ARGS=--port {port} --no-worker"], cwd=REPO,
        env=clean_env(RUNCOACH_DATA_DIR=str(data_dir)), start_new_session=True,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_http(f"http://127.0.0.1:{port}/healthz", timeout_s=90, proc=proc)
        elapsed = time.monotonic() - started
        print(f"make run answered /healthz after {elapsed:.1f} s")
        ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5)
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"] == {"database": "ok"}
        assert (data_dir / "pgdata" / "PG_VERSION").exists()
        assert (data_dir / "secret_key").exists()
    finally:
        status = stop(proc)
        output = proc.stdout.read().decode() if proc.stdout else ""
    assert status in (0, -15), output
    assert "Traceback" not in output, output
