"""A real nginx on loopback running deploy/nginx's template: rendering, a test certificate, start, logs."""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import re
import shutil
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from tests.e2e.helpers import REPO, free_port

NGINX_DIR = REPO / "deploy" / "nginx"
TEMPLATE = NGINX_DIR / "templates" / "runcoach.conf.template"
# The names the official nginx image's envsubst step would fill; nginx's own $vars are lower case.
TEMPLATE_VAR = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def require_binary(name: str, package: str) -> str:
    """The binary's path; a missing one fails the test (CI installs it), it never skips."""
    found = shutil.which(name) or next(
        (p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}") if os.access(p, os.X_OK)), None)
    if found is None:
        pytest.fail(f"`{name}` is not installed: install the Debian package `{package}` "
                    "(scripts/system-deps.sh does it for `make test`).")
    return found


def render(template: str, values: Mapping[str, str]) -> str:
    """envsubst over ${UPPER} names, refusing a name without a value (envsubst would leave it)."""
    missing = sorted(set(TEMPLATE_VAR.findall(template)) - set(values))
    if missing:
        raise KeyError(f"no value for template variables {missing}")
    return TEMPLATE_VAR.sub(lambda m: values[m.group(1)], template)


def self_signed_cert(directory: Path) -> tuple[Path, Path]:
    """A certificate for localhost / 127.0.0.1 that is also its own CA, so clients can verify it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "fullchain.pem", directory / "privkey.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@dataclass
class AccessEntry:
    request: str
    status: int
    upstreams: list[str]


@dataclass
class LocalNginx:
    """nginx's files under `prefix`: the rendered template plus a small main config for loopback."""

    prefix: Path
    upstream_file: Path
    http_port: int = field(default_factory=free_port)
    https_port: int = field(default_factory=free_port)
    client_max_body_size: str = "26m"
    proc: subprocess.Popen[bytes] | None = None

    def __post_init__(self) -> None:
        self.binary = require_binary("nginx", "nginx")
        self.conf = self.prefix / "nginx.conf"
        self.error_log = self.prefix / "error.log"
        self.access_log = self.prefix / "access.log"
        self.pidfile = self.prefix / "nginx.pid"
        self.web_root = self.prefix / "www"
        self.acme_root = self.prefix / "acme"

    @property
    def base_url(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    @property
    def command(self) -> list[str]:
        return [self.binary, "-p", str(self.prefix), "-c", str(self.conf), "-e", str(self.error_log)]

    def write_config(self) -> None:
        for sub in ("conf.d", "tmp", "tls", "www/static", "acme/.well-known/acme-challenge"):
            (self.prefix / sub).mkdir(parents=True, exist_ok=True)
        self.cert, key = self_signed_cert(self.prefix / "tls")
        values = {
            "SERVER_NAME": "localhost", "HTTP_LISTEN": f"127.0.0.1:{self.http_port}",
            "HTTPS_LISTEN": f"127.0.0.1:{self.https_port}", "TLS_CERT": str(self.cert),
            "TLS_KEY": str(key), "ACME_ROOT": str(self.acme_root), "WEB_ROOT": str(self.web_root),
            "UPSTREAM_FILE": str(self.upstream_file), "NGINX_SNIPPETS": str(NGINX_DIR / "snippets"),
            "CLIENT_MAX_BODY_SIZE": self.client_max_body_size, "ACCESS_LOG": str(self.access_log)}
        (self.prefix / "conf.d" / "runcoach.conf").write_text(render(TEMPLATE.read_text(), values))
        tmp = self.prefix / "tmp"
        mime = "include /etc/nginx/mime.types;" if Path("/etc/nginx/mime.types").exists() else ""
        # Run as root, nginx would hand its workers to `nobody`, who can't read pytest's tmp dirs.
        user = "user root;" if os.geteuid() == 0 else ""
        self.conf.write_text(f"""
daemon off;
worker_processes 2;
{user}
pid {self.pidfile};
error_log {self.error_log} info;
events {{ worker_connections 512; }}
http {{
    {mime}
    default_type application/octet-stream;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {self.prefix}/conf.d/*.conf;
}}
""")

    def check(self) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.command, "-t"], capture_output=True, text=True, timeout=30)

    def start(self, timeout_s: float = 10) -> None:
        self.proc = subprocess.Popen(self.command, start_new_session=True,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                stderr = self.proc.stderr.read().decode() if self.proc.stderr else ""
                log = self.error_log.read_text() if self.error_log.exists() else ""
                raise AssertionError(f"nginx exited: {stderr}\n{log}")
            if self.pidfile.exists() and self.worker_pids():
                return
            time.sleep(0.05)
        raise AssertionError(f"nginx did not start within {timeout_s} s")

    def worker_pids(self) -> list[int]:
        out = subprocess.run(["pgrep", "-P", self.pidfile.read_text().strip()], capture_output=True,
                             text=True, timeout=5).stdout
        return [int(p) for p in out.split()]

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, 9)
                self.proc.wait(5)

    def entries(self) -> list[AccessEntry]:
        """The access log, one entry per request nginx answered (retries show several upstreams)."""
        pattern = re.compile(r'"(?P<request>[^"]*)" (?P<status>\d{3}) .* upstream=(?P<up>.*?) ustatus=')
        entries = []
        text = self.access_log.read_text() if self.access_log.exists() else ""
        for line in text.splitlines():
            match = pattern.search(line)
            if match:
                ups = [u.strip() for u in re.split(r"[,:]\s", match["up"]) if u.strip() not in ("", "-")]
                entries.append(AccessEntry(match["request"], int(match["status"]), ups))
        return entries
