"""deploy/nginx's template renders to a configuration nginx accepts, with the limits the app expects."""

from __future__ import annotations

from pathlib import Path

import pytest

from runcoach.settings import Settings
from tests.deploy.local_nginx import TEMPLATE, LocalNginx, render


def _size_in_bytes(value: str) -> int:
    units = {"k": 1024, "m": 1024**2, "g": 1024**3}
    return int(value[:-1]) * units[value[-1].lower()] if value[-1].isalpha() else int(value)


def test_rendered_template_passes_nginx_t(tmp_path: Path) -> None:
    upstream = tmp_path / "upstream.conf"
    upstream.write_text("server 127.0.0.1:9 max_fails=2 fail_timeout=10s;\n")
    nginx = LocalNginx(prefix=tmp_path, upstream_file=upstream)
    nginx.write_config()
    checked = nginx.check()
    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr and "test is successful" in checked.stderr
    assert "[warn]" not in checked.stderr, checked.stderr


def test_nginx_refuses_a_broken_upstream_file(tmp_path: Path) -> None:
    # The blue/green script relies on `nginx -t` failing here to keep the old upstream.
    upstream = tmp_path / "upstream.conf"
    upstream.write_text("server 127.0.0.1:9 max_fails=;\n")
    nginx = LocalNginx(prefix=tmp_path, upstream_file=upstream)
    nginx.write_config()
    assert nginx.check().returncode != 0


def test_render_refuses_a_missing_variable() -> None:
    with pytest.raises(KeyError, match="SERVER_NAME"):
        render("server_name ${SERVER_NAME}; return 301 https://$host;", {})


def test_template_keeps_nginx_variables_and_blocks_metrics() -> None:
    text = TEMPLATE.read_text()
    rendered = render(text, {name: "X" for name in
                             __import__("re").findall(r"\$\{([A-Z][A-Z0-9_]*)\}", text)})
    assert "$request_uri" in rendered and "$upstream_addr" in rendered
    assert "location /metrics {\n        return 404;" in rendered


def test_default_body_limit_leaves_room_for_the_largest_upload() -> None:
    limit = _size_in_bytes(LocalNginx(prefix=Path("/nonexistent"), upstream_file=Path("/x"))
                           .client_max_body_size)
    upload = Settings(_env_file=None).upload_max_bytes  # type: ignore[call-arg]
    assert upload <= limit <= upload + 2 * 1024 * 1024
