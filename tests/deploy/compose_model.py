"""Reading docker-compose.yml and .env the way docker compose does: merge keys, .env files, ${VAR} forms."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from tests.e2e.helpers import REPO

COMPOSE_FILE = REPO / "docker-compose.yml"
ENV_EXAMPLE = REPO / ".env.example"
README = REPO / "README.md"

_VAR = re.compile(r"\$(?:\$|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-?])?(?P<arg>[^}]*)\}"
                  r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))")


class MissingVariable(KeyError):
    """A `${VAR:?message}` whose variable is unset: docker compose refuses to start."""


def load_compose() -> dict[str, Any]:
    # PyYAML's safe loader understands `<<:` merge keys, as compose does.
    model: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())
    return model


def parse_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for raw in path.read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: not KEY=VALUE: {raw!r}"
        values[key.strip()] = value.strip()
    return values


def documented_names(path: Path) -> set[str]:
    """Every NAME a line sets or offers (`NAME=...` or `# NAME=...`)."""
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", path.read_text(), flags=re.MULTILINE))


def interpolate(text: str, env: Mapping[str, str]) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match["braced"] or match["bare"]
        op, arg = match["op"] or "", match["arg"] or ""
        value = env.get(name)
        empty = value is None or (op.startswith(":") and value == "")
        if op.endswith("-"):
            return arg if empty else str(value)
        if op.endswith("?"):
            if empty:
                raise MissingVariable(f"{name}: {arg}")
            return str(value)
        return "" if value is None else value
    return _VAR.sub(one, text)


def container_environment(service: Mapping[str, Any], dotenv: Mapping[str, str]) -> dict[str, str]:
    """What a service's process sees: its env_file(s) (the .env given), then `environment`."""
    env: dict[str, str] = {}
    env_files = service.get("env_file") or []
    if env_files:
        assert [str(f) for f in env_files] == [".env"], env_files
        env.update(dotenv)
    for key, value in (service.get("environment") or {}).items():
        env[key] = interpolate(str(value), dotenv)
    return env


def readme_settings() -> set[str]:
    """The variables in the README's configuration table."""
    text = README.read_text()
    section = text.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    names: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            names.update(re.findall(r"`([A-Z][A-Z0-9_]*)`", line.split("|")[1]))
    return names
