"""A real Prometheus, configured from deploy/prometheus, scrapes a real `runcoach serve` and keeps metrics."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.deploy.local_nginx import require_binary
from tests.deploy.test_observability import PROMETHEUS_DIR, alert_exprs, dashboard_exprs
from tests.e2e.helpers import RUNCOACH, clean_env, free_port, stop, wait_http


def _config_for(target: str, rules: Path) -> dict[str, Any]:
    """The shipped prometheus.yml, with the runcoach job pointed at one loopback target."""
    config: dict[str, Any] = yaml.safe_load((PROMETHEUS_DIR / "prometheus.yml").read_text())
    config["global"]["scrape_interval"] = "1s"
    config["global"]["evaluation_interval"] = "1s"
    config["rule_files"] = [str(rules)]
    jobs = [job for job in config["scrape_configs"] if job["job_name"] == "runcoach"]
    jobs[0].pop("dns_sd_configs")
    jobs[0]["static_configs"] = [{"targets": [target], "labels": {"colour": "blue"}}]
    config["scrape_configs"] = jobs
    return config


def _api(base: str, path: str, **params: str) -> Any:
    body = httpx.get(f"{base}/api/v1/{path}", params=params, timeout=5).json()
    assert body["status"] == "success", body
    return body["data"]


@pytest.mark.e2e
@pytest.mark.timeout(90)
def test_prometheus_scrapes_runcoach_serve(tmp_path: Path, database_url: str) -> None:
    binary = require_binary("prometheus", "prometheus")
    app_port, prom_port = free_port(), free_port()
    target = f"127.0.0.1:{app_port}"
    config = tmp_path / "prometheus.yml"
    config.write_text(yaml.safe_dump(_config_for(target, PROMETHEUS_DIR / "alerts.yml")))
    app = subprocess.Popen(
        [RUNCOACH, "serve", "--no-worker", "--port", str(app_port)],
        env=clean_env(DATABASE_URL=database_url, RUNCOACH_DATA_DIR=str(tmp_path / "data")),
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    prometheus = subprocess.Popen(
        [binary, f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
         f"--web.listen-address=127.0.0.1:{prom_port}", "--log.level=warn"],
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{prom_port}"
    try:
        wait_http(f"http://{target}/healthz", timeout_s=60, proc=app)
        httpx.get(f"http://{target}/readyz", timeout=5)  # so a runcoach_ counter has a sample
        wait_http(f"{base}/-/ready", timeout_s=30, proc=prometheus)

        deadline = time.monotonic() + 30
        while True:
            targets = _api(base, "targets")["activeTargets"]
            ours = [t for t in targets if t["labels"]["job"] == "runcoach"]
            series = _api(base, "query", query='runcoach_http_requests_total{route="/readyz"}')["result"]
            if ours and ours[0]["health"] == "up" and series:
                break
            assert time.monotonic() < deadline, f"no scrape within 30 s: {ours}"
            time.sleep(0.5)
        assert ours[0]["scrapeUrl"] == f"http://{target}/metrics"
        assert series[0]["metric"]["instance"] == target and float(series[0]["value"][1]) >= 1
        assert series[0]["metric"]["colour"] == "blue"

        # The alert rules load, and every dashboard and alert expression parses on a real server.
        groups = _api(base, "rules")["groups"]
        assert sum(len(g["rules"]) for g in groups) == 8
        for expr in dashboard_exprs() + alert_exprs():
            _api(base, "query", query=expr.replace("$__rate_interval", "1m"))
    finally:
        stop(prometheus)
        stop(app)
