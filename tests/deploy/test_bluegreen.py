"""deploy/bluegreen.sh driven for real: nginx, backends and migrations on loopback, under a steady load.

One deployment goes through a failed start, the rollback command's switch undone by its smoke
test, and a real switch with migrations, so the backends start as few times as the story needs.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

from tests.deploy.conftest import Deployment
from tests.deploy.load import SteadyLoad


def _alive(deploy: Deployment, colour: str) -> bool:
    for server in deploy.servers[colour]:
        pid = deploy.pid(colour, server)
        if pid is None:
            return False
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
    return True


def _answered_by(deploy: Deployment) -> list[str]:
    return [e.upstreams[-1] for e in deploy.nginx.entries() if e.upstreams]


@pytest.mark.e2e
@pytest.mark.timeout(240)
def test_bluegreen_switches_and_rolls_back_under_load_losing_no_request(
        make_deployment: Callable[..., Deployment]) -> None:
    deploy = make_deployment(blue=1, green=1)
    blue, green = deploy.servers["blue"][0], deploy.servers["green"][0]
    assert deploy.bluegreen("init", "blue").returncode == 0
    deploy.nginx.write_config()
    deploy.nginx.start()
    started = deploy.bluegreen("start", "blue")
    assert started.returncode == 0, started.stderr
    upstream_blue = (deploy.state / "upstream.conf").read_text()

    # 1. A new colour that cannot start changes nothing.
    broken = deploy.bluegreen("switch", "green", BG_LOCAL_CMD='echo "no database for $BG_COLOUR" >&2; exit 3')
    assert broken.returncode == 1
    assert "exited before it was ready" in broken.stderr and "no database for green" in broken.stderr
    assert "blue stays live" in broken.stderr
    assert deploy.live() == "blue" and (deploy.state / "upstream.conf").read_text() == upstream_blue

    # 2. `rollback` (a switch to the idle colour without migrations): green comes up and takes the
    #    traffic, then its smoke test fails, so the script puts blue back. Nothing is lost.
    with SteadyLoad(deploy.nginx.base_url, deploy.nginx.cert) as load:
        load.wait_for(40)
        refused = deploy.bluegreen("rollback", BG_SMOKE_CMD="exit 1")
        load.wait_for(40)
        rolled_back = load.stop()
    print(f"\nswitch rolled back by its smoke test, under load: {rolled_back.line()}")
    assert refused.returncode == 1 and "rolled back to blue" in refused.stderr, refused.stderr
    assert "migrations skipped" in refused.stderr
    assert rolled_back.failed.total() == 0, rolled_back.failures[:10]
    assert green in _answered_by(deploy), "green never served, so the rollback was not exercised"
    assert deploy.live() == "blue" and (deploy.state / "upstream.conf").read_text() == upstream_blue
    assert _alive(deploy, "blue") and not _alive(deploy, "green")

    # 3. The real switch, with `runcoach migrate`, under load.
    served_before = len(deploy.nginx.entries())
    with SteadyLoad(deploy.nginx.base_url, deploy.nginx.cert) as load:
        load.wait_for(40)
        switched = deploy.bluegreen("switch", "green", BG_SMOKE_URL=f"{deploy.nginx.base_url}/readyz",
                                    CURL_CA_BUNDLE=str(deploy.nginx.cert))
        load.wait_for(60)
        result = load.stop()
    print(f"blue/green switch under load: {result.line()}\n{switched.stderr}")
    assert switched.returncode == 0, switched.stderr
    assert "running migrations" in switched.stderr and "green is live" in switched.stderr
    assert result.failed.total() == 0, result.failures[:10]
    assert result.sent.total() >= 100
    assert deploy.live() == "green"
    assert _alive(deploy, "green") and not _alive(deploy, "blue")
    upstream = (deploy.state / "upstream.conf").read_text()
    assert green in upstream and blue not in upstream
    answered = _answered_by(deploy)[served_before:]
    assert answered[0] == blue and set(answered[-40:]) == {green}

    status = deploy.bluegreen("status")
    assert status.stdout.splitlines() == ["live: green", f"blue {blue} stopped", f"green {green} running"]
