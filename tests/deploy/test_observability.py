"""Prometheus configuration and alert rules through promtool; the Grafana dashboard against metric names."""

from __future__ import annotations

import json
import re
import subprocess
from typing import Any

import yaml

from tests.deploy.local_nginx import require_binary
from tests.e2e.helpers import REPO

PROMETHEUS_DIR = REPO / "deploy" / "prometheus"
GRAFANA_DIR = REPO / "deploy" / "grafana"
DASHBOARD = GRAFANA_DIR / "dashboards" / "runcoach.json"

# The names every part of RunCoach emits (runcoach_jobs_* come from runcoach/metrics_jobs.py).
METRICS = {
    "runcoach_http_requests_total", "runcoach_http_request_duration_seconds",
    "runcoach_webhook_events_total", "runcoach_webhook_duration_seconds",
    "runcoach_jobs_queue_depth", "runcoach_jobs_oldest_age_seconds", "runcoach_job_failures_total",
    "runcoach_jobs_failed_total",
    "runcoach_llm_calls_total", "runcoach_llm_latency_seconds", "runcoach_llm_tokens_total",
    "runcoach_llm_fallbacks_total", "runcoach_llm_tool_calls_total", "runcoach_telegram_sends_total",
    "runcoach_telegram_errors_total", "runcoach_strava_requests_total",
    "runcoach_strava_rate_limit_usage_ratio",
}


def _promtool(*args: str) -> subprocess.CompletedProcess[str]:
    binary = require_binary("promtool", "prometheus")
    return subprocess.run([binary, *args], cwd=PROMETHEUS_DIR, capture_output=True, text=True, timeout=60)


def metric_names(expr: str) -> set[str]:
    """The runcoach_ metrics an expression reads, histogram series folded to their family."""
    return {re.sub(r"_(bucket|count|sum)$", "", name) for name in re.findall(r"\bruncoach_[a-z0-9_]+", expr)}


def dashboard_exprs() -> list[str]:
    dashboard: dict[str, Any] = json.loads(DASHBOARD.read_text())
    return [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]


def alert_exprs() -> list[str]:
    rules = yaml.safe_load((PROMETHEUS_DIR / "alerts.yml").read_text())
    return [r["expr"] for g in rules["groups"] for r in g["rules"]]


def test_promtool_accepts_the_config_and_its_rule_file() -> None:
    checked = _promtool("check", "config", "prometheus.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS: 1 rule files found" in checked.stdout + checked.stderr


def test_promtool_accepts_the_alert_rules() -> None:
    checked = _promtool("check", "rules", "alerts.yml")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "SUCCESS: 8 rules found" in checked.stdout + checked.stderr


def test_alerts_fire_when_they_should_and_only_then() -> None:
    # alerts.test.yml: slow Strava webhooks, a stale queue seen by two instances, a 5xx rate with
    # and without traffic, LLM fallbacks, a backend down.
    tested = _promtool("test", "rules", "alerts.test.yml")
    assert tested.returncode == 0, tested.stdout + tested.stderr
    assert "SUCCESS" in tested.stdout + tested.stderr


def test_alerts_cover_what_the_issue_asks() -> None:
    rules = yaml.safe_load((PROMETHEUS_DIR / "alerts.yml").read_text())
    names = {r["alert"] for g in rules["groups"] for r in g["rules"]}
    assert {"RunCoachWebhookSlow", "RunCoachJobQueueStale", "RunCoachHTTPErrorRate",
            "RunCoachLLMFallbackRate"} <= names
    for expr in alert_exprs():
        assert metric_names(expr) <= METRICS, expr


def test_prometheus_scrapes_both_colours_and_the_workers() -> None:
    config = yaml.safe_load((PROMETHEUS_DIR / "prometheus.yml").read_text())
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert jobs["runcoach"]["dns_sd_configs"][0]["names"] == ["app-blue", "app-green"]
    assert jobs["runcoach"]["dns_sd_configs"][0]["port"] == 8000
    assert jobs["runcoach-worker"]["dns_sd_configs"][0]["names"] == ["worker"]


def test_dashboard_shows_every_metric_and_only_known_ones() -> None:
    exprs = dashboard_exprs()
    used = set().union(*(metric_names(e) for e in exprs))
    assert used == METRICS, f"missing {sorted(METRICS - used)}, unknown {sorted(used - METRICS)}"
    dashboard = json.loads(DASHBOARD.read_text())
    assert dashboard["uid"] == "runcoach"
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    # Job figures come from one database through every instance: never summed.
    for expr in exprs:
        if metric_names(expr) & {"runcoach_jobs_queue_depth", "runcoach_jobs_oldest_age_seconds",
                                 "runcoach_jobs_failed_total"}:
            assert expr.startswith("max by"), expr


def test_grafana_provisioning_points_at_the_dashboard_and_prometheus() -> None:
    source = yaml.safe_load((GRAFANA_DIR / "provisioning/datasources/prometheus.yml").read_text())
    datasource = source["datasources"][0]
    assert datasource["url"] == "http://prometheus:9090" and datasource["type"] == "prometheus"
    dashboard = json.loads(DASHBOARD.read_text())
    uids = {t["datasource"]["uid"] for p in dashboard["panels"] for t in p.get("targets", [])}
    assert uids == {datasource["uid"]}
    provider = yaml.safe_load((GRAFANA_DIR / "provisioning/dashboards/runcoach.yml").read_text())
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    mounts = compose["services"]["grafana"]["volumes"]
    assert f"./deploy/grafana/dashboards:{provider['providers'][0]['options']['path']}:ro" in mounts
