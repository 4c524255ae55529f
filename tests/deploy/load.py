"""A steady, bounded request load through nginx that counts every request sent and every one lost."""

from __future__ import annotations

import ssl
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx


@dataclass
class LoadResult:
    sent: Counter[str] = field(default_factory=Counter)
    failed: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)

    def line(self) -> str:
        return "; ".join(f"{method} sent {self.sent[method]} failed {self.failed[method]}"
                         for method in sorted(self.sent))


class SteadyLoad:
    """Threads sending GET /healthz (idempotent) and, optionally, POST /healthz (not idempotent).

    Each request opens a new connection, as many independent clients would, so a count of lost
    requests measures the server side, not a client reusing a connection nginx has just closed.
    A request counts as answered only when the app answered it: GET → 200 {"status": "ok"};
    POST → the app's own 405 JSON (nginx's error pages are HTML).
    """

    def __init__(self, base_url: str, ca: Path, *, threads: int = 2, pause_s: float = 0.03,
                 with_posts: bool = True, max_seconds: float = 90.0) -> None:
        self.base_url = base_url
        self.context = ssl.create_default_context(cafile=str(ca))
        self.threads = threads
        self.pause_s = pause_s
        self.with_posts = with_posts
        self.max_seconds = max_seconds
        self.result = LoadResult()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._workers: list[threading.Thread] = []

    def __enter__(self) -> SteadyLoad:
        for n in range(self.threads):
            worker = threading.Thread(target=self._run, args=(n,), daemon=True)
            worker.start()
            self._workers.append(worker)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> LoadResult:
        self._stop.set()
        for worker in self._workers:
            worker.join(timeout=15)
        return self.result

    def total_sent(self) -> int:
        with self._lock:
            return sum(self.result.sent.values())

    def wait_for(self, count: int, timeout_s: float = 30) -> None:
        """Block until `count` more requests have been sent (bounded)."""
        target = self.total_sent() + count
        deadline = time.monotonic() + timeout_s
        while self.total_sent() < target:
            if time.monotonic() > deadline:
                raise AssertionError(f"the load sent fewer than {count} requests in {timeout_s} s")
            time.sleep(0.02)

    def _run(self, n: int) -> None:
        started = time.monotonic()
        limits = httpx.Limits(max_keepalive_connections=0)
        with httpx.Client(base_url=self.base_url, verify=self.context, timeout=10.0, limits=limits) as client:
            i = 0
            while not self._stop.is_set() and time.monotonic() - started < self.max_seconds:
                method = "POST" if self.with_posts and (i + n) % 3 == 0 else "GET"
                i += 1
                problem = self._one(client, method)
                with self._lock:
                    self.result.sent[method] += 1
                    if problem is not None:
                        self.result.failed[method] += 1
                        self.result.failures.append(f"{method}: {problem}")
                time.sleep(self.pause_s)

    @staticmethod
    def _one(client: httpx.Client, method: str) -> str | None:
        try:
            if method == "GET":
                response = client.get("/healthz")
                if response.status_code == 200 and response.json() == {"status": "ok"}:
                    return None
            else:
                response = client.post("/healthz", content=b"{}",
                                       headers={"content-type": "application/json"})
                if response.status_code == 405 and response.headers.get("content-type", "").startswith(
                        "application/json"):
                    return None
            return f"{response.status_code} {response.text[:120]!r}"
        except httpx.HTTPError as exc:
            return f"{type(exc).__name__}: {exc}"
