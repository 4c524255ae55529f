"""Real nginx in front of two real `runcoach serve` processes: both get traffic, losing one loses nothing."""

from __future__ import annotations

import os
import signal
import ssl
import time
from collections.abc import Callable

import httpx
import pytest

from tests.deploy.conftest import Deployment
from tests.deploy.load import SteadyLoad


@pytest.mark.e2e
@pytest.mark.timeout(120)
def test_nginx_balances_two_backends_and_a_killed_one_loses_no_idempotent_request(
        make_deployment: Callable[..., Deployment]) -> None:
    deploy = make_deployment(blue=2, green=0)
    a, b = deploy.servers["blue"]
    assert deploy.bluegreen("init", "blue").returncode == 0
    deploy.nginx.write_config()
    (deploy.nginx.web_root / "static" / "hello.txt").write_text("static hello\n")
    deploy.nginx.start()
    started = deploy.bluegreen("start", "blue")
    assert started.returncode == 0, started.stderr

    tls = ssl.create_default_context(cafile=str(deploy.nginx.cert))
    with httpx.Client(base_url=deploy.nginx.base_url, verify=tls, timeout=10) as client:
        for _ in range(20):
            assert client.get("/healthz").json() == {"status": "ok"}
        # Round robin: both backends answered, and nginx's log says which one answered what.
        answered = {e.upstreams[-1] for e in deploy.nginx.entries() if e.request.startswith("GET /healthz")}
        assert answered == {a, b}

        # /metrics is for Prometheus on the private side only.
        assert client.get("/metrics").status_code == 404
        assert httpx.get(f"http://{a}/metrics", timeout=5).status_code == 200

        static = client.get("/static/hello.txt")
        assert static.status_code == 200 and static.text == "static hello\n"
        assert "max-age=604800" in static.headers["cache-control"]
        missing = client.get("/static/nope.css")  # not on disk: the app answers, with its own 404
        assert missing.status_code == 404 and missing.json() == {"detail": "Not Found"}

        assert "max-age=" in client.get("/healthz").headers["strict-transport-security"]
        too_big = client.post("/healthz", content=b"x" * (27 * 1024 * 1024))
        assert too_big.status_code == 413 and "nginx" in too_big.text

    plain = httpx.get(f"http://127.0.0.1:{deploy.nginx.http_port}/runs/1?x=1", timeout=5)
    assert plain.status_code == 301 and plain.headers["location"] == "https://localhost/runs/1?x=1"

    # Kill one backend outright (no graceful shutdown) while the load runs.
    victim = deploy.pid("blue", a)
    assert victim is not None
    with SteadyLoad(deploy.nginx.base_url, deploy.nginx.cert) as load:
        load.wait_for(90)
        killed_at = time.monotonic()
        os.killpg(victim, signal.SIGKILL)
        load.wait_for(180)
        result = load.stop()
    print(f"\nkill one backend under load: {result.line()} "
          f"(load ran {time.monotonic() - killed_at:.1f} s after the kill)")
    assert result.failed["GET"] == 0, result.failures[:10]
    assert result.sent["GET"] >= 150
    # Requests that met the dead backend were moved to the live one, and the survivor answered them.
    retried = [e for e in deploy.nginx.entries() if len(e.upstreams) > 1]
    assert retried and all(e.upstreams[-1] == b and e.status in (200, 405) for e in retried)
    # POSTs are not retried once they reached a backend; report them, they are not promised.
    print(f"POSTs lost to the kill: {result.failed['POST']} of {result.sent['POST']} {result.failures[:3]}")
