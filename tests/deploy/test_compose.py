"""docker-compose.yml and .env.example checked as docker compose would read them (no Docker engine here)."""

from __future__ import annotations

import os
import secrets
import subprocess
from pathlib import Path

import pytest
from pydantic import ValidationError

from runcoach.settings import Settings, SettingsError
from tests.deploy.compose_model import (
    ENV_EXAMPLE,
    MissingVariable,
    container_environment,
    documented_names,
    interpolate,
    load_compose,
    parse_env_file,
    readme_settings,
)
from tests.deploy.local_nginx import TEMPLATE, TEMPLATE_VAR
from tests.e2e.helpers import REPO

COMPOSE = load_compose()
SERVICES = COMPOSE["services"]
RUNCOACH_SERVICES = ("migrate", "app-blue", "app-green", "worker")
ONE_SHOTS = {"migrate", "tls-bootstrap"}


def _settings_names() -> set[str]:
    return {(field.alias or name).upper() for name, field in Settings.model_fields.items()}


def _filled_env() -> dict[str, str]:
    """.env.example with every placeholder replaced, as an operator following docs/deploy.md would."""
    return {key: secrets.token_urlsafe(32) if value == "replace-me" else value
            for key, value in parse_env_file(ENV_EXAMPLE).items()}


def _settings_from(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    for key in [k for k in os.environ if k.upper() in _settings_names()]:
        monkeypatch.delenv(key)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return Settings(_env_file=None)  # type: ignore[call-arg]


def test_the_stack_has_every_service() -> None:
    assert set(SERVICES) == {"postgres", "redis", "migrate", "app-blue", "app-green", "worker",
                             "tls-bootstrap", "nginx", "certbot", "prometheus", "grafana"}
    assert {"pgdata", "certs", "static", "promdata", "grafana"} <= set(COMPOSE["volumes"])
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["postgres"]["volumes"]


def test_long_running_services_have_healthchecks() -> None:
    for name, service in SERVICES.items():
        if name in ONE_SHOTS:
            assert service["restart"] == "no", name
            continue
        assert service["restart"] == "unless-stopped", name
        if name == "certbot":  # a sleep loop around `certbot renew`: nothing to probe
            continue
        check = service.get("healthcheck")
        assert check and check["test"][0] == "CMD" and check["interval"], name


def test_depends_on_waits_for_health_or_completion() -> None:
    for name, service in SERVICES.items():
        for target, rule in (service.get("depends_on") or {}).items():
            assert target in SERVICES, (name, target)
            expected = ("service_completed_successfully" if target in ONE_SHOTS else
                        "service_healthy" if "healthcheck" in SERVICES[target] else "service_started")
            assert rule == {"condition": expected}, (name, target, rule)
    for app in ("app-blue", "app-green", "worker"):
        assert set(SERVICES[app]["depends_on"]) == {"postgres", "redis", "migrate"}
    assert set(SERVICES["nginx"]["depends_on"]) == {"tls-bootstrap", "app-blue"}
    # No cycles: a topological order exists.
    remaining = {n: set(s.get("depends_on") or {}) for n, s in SERVICES.items()}
    while remaining:
        ready = [n for n, deps in remaining.items() if not deps & set(remaining)]
        assert ready, f"dependency cycle among {sorted(remaining)}"
        for n in ready:
            del remaining[n]


def test_one_image_runs_every_role() -> None:
    for name in RUNCOACH_SERVICES:
        assert SERVICES[name]["build"] == {"context": ".", "dockerfile": "deploy/Dockerfile"}, name
    assert SERVICES["app-blue"]["image"].endswith(":${RUNCOACH_TAG_BLUE:-latest}")
    assert SERVICES["app-green"]["image"].endswith(":${RUNCOACH_TAG_GREEN:-latest}")
    for colour in ("app-blue", "app-green"):
        assert SERVICES[colour]["command"] == ["serve", "--host", "0.0.0.0", "--port", "8000", "--no-worker"]
        assert "ports" not in SERVICES[colour]  # only nginx faces the network
    assert SERVICES["app-green"]["profiles"] == ["green"]
    assert SERVICES["worker"]["command"] == ["worker"]
    assert SERVICES["migrate"]["command"][0].startswith("runcoach migrate && ")
    assert (REPO / "deploy" / "Dockerfile").exists()


def test_only_nginx_is_public_and_the_dashboards_stay_on_loopback() -> None:
    published = {name: s["ports"] for name, s in SERVICES.items() if "ports" in s}
    assert published == {"nginx": ["80:80", "443:443"], "prometheus": ["127.0.0.1:9090:9090"],
                         "grafana": ["127.0.0.1:3000:3000"]}


def test_every_setting_is_in_env_example() -> None:
    offered = documented_names(ENV_EXAMPLE)
    missing = (_settings_names() | readme_settings()) - offered
    assert not missing, f".env.example lacks {sorted(missing)}"
    assert readme_settings(), "the README's configuration table was not found"


def test_app_containers_get_a_valid_production_configuration(monkeypatch: pytest.MonkeyPatch) -> None:
    dotenv = _filled_env()
    for name in RUNCOACH_SERVICES:
        env = container_environment(SERVICES[name], dotenv)
        settings = _settings_from(env, monkeypatch)
        assert settings.is_production, name
        assert settings.database_url is not None and settings.redis_url is not None
        assert "@postgres:5432/runcoach" in settings.database_url.get_secret_value()
        assert dotenv["POSTGRES_PASSWORD"] in settings.database_url.get_secret_value()
        assert settings.redis_url.get_secret_value() == "redis://redis:6379/0"
        assert settings.public_url == dotenv["PUBLIC_URL"] and settings.behind_tls
    unknown = set(SERVICES["worker"]["environment"]) - _settings_names()
    # WORKER_METRICS_PORT is proposed for `runcoach worker` (docs/deploy.md, Observability).
    assert unknown <= {"WORKER_METRICS_PORT"}, unknown


def test_unreplaced_placeholders_stop_the_app(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = parse_env_file(ENV_EXAMPLE)
    env = container_environment(SERVICES["app-blue"], raw)
    with pytest.raises((SettingsError, ValidationError), match="placeholder"):
        _settings_from(env, monkeypatch)


def test_required_deployment_values_are_enforced() -> None:
    without = {k: v for k, v in _filled_env().items() if k != "POSTGRES_PASSWORD"}
    with pytest.raises(MissingVariable, match="POSTGRES_PASSWORD"):
        container_environment(SERVICES["app-blue"], without)
    assert interpolate("${A:-x}/${B-y}/$$", {"A": "", "B": ""}) == "x//$"


def test_nginx_gets_every_template_variable_and_its_files() -> None:
    nginx = SERVICES["nginx"]
    env = {k: interpolate(str(v), _filled_env()) for k, v in nginx["environment"].items()}
    assert set(TEMPLATE_VAR.findall(TEMPLATE.read_text())) <= set(env)
    assert env["CLIENT_MAX_BODY_SIZE"] == "26m"
    assert env["TLS_CERT"] == f"/etc/letsencrypt/live/{_filled_env()['SERVER_NAME']}/fullchain.pem"
    for volume in (v for s in SERVICES.values() for v in s.get("volumes", [])):
        source = volume.split(":", 1)[0]
        if source.startswith("./"):
            assert (REPO / source).exists(), f"{source} is mounted but not in the repository"
    assert "./deploy/nginx/templates/runcoach.conf.template:/etc/nginx/templates/default.conf.template:ro" \
        in nginx["volumes"]


def test_first_boot_upstream_matches_what_bluegreen_writes(tmp_path: Path) -> None:
    container = tmp_path / "container" / "upstream.conf"
    subprocess.run(["sh", str(REPO / "deploy/nginx/docker-entrypoint.d/40-runcoach-upstream.sh")],
                   env={"UPSTREAM_FILE": str(container), "PATH": "/usr/bin:/bin"}, check=True,
                   capture_output=True, timeout=10)
    script_state = tmp_path / "script"
    subprocess.run(["bash", str(REPO / "deploy/bluegreen.sh"), "init", "blue"],
                   env={"BG_STATE_DIR": str(script_state), "PATH": "/usr/bin:/bin"}, check=True,
                   capture_output=True, timeout=10)

    def servers(path: Path) -> list[str]:
        return [line for line in path.read_text().splitlines() if not line.startswith("#")]

    assert servers(container) == servers(script_state / "upstream.conf") == [
        "server app-blue:8000 max_fails=2 fail_timeout=10s;"]
    assert (container.parent / "live").read_text().strip() == "blue"
