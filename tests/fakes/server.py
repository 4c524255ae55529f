"""Runs an ASGI app with uvicorn on 127.0.0.1 in a background thread, with bounded start and stop."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Callable
from types import TracebackType
from typing import Any, Literal, Self, TypeVar

import uvicorn

logger = logging.getLogger(__name__)

T = TypeVar("T")


class ServerStartError(RuntimeError):
    """The background server did not come up within its start timeout."""


class StartStop:
    """`with` / `async with` for anything with start() and stop()."""

    def start(self) -> Self:
        raise NotImplementedError

    def stop(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    async def __aenter__(self) -> Self:
        # start() blocks for a few milliseconds; keep the caller's loop responsive meanwhile.
        await asyncio.to_thread(self.start)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await asyncio.to_thread(self.stop)


class BackgroundServer(StartStop):
    """One uvicorn server on a free local port, owned by a daemon thread.

    The server has its own event loop in its own thread, so sync tests and async tests (whose
    loop belongs to pytest-asyncio) can both talk to it without sharing a loop.
    """

    def __init__(
        self,
        app: Any,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        start_timeout: float = 5.0,
        stop_timeout: float = 5.0,
        lifespan: Literal["auto", "on", "off"] = "auto",
    ) -> None:
        self._app = app
        self._host = host
        self._requested_port = port
        self._start_timeout = start_timeout
        self._stop_timeout = stop_timeout
        self._lifespan = lifespan
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self._socket: socket.socket | None = None
        self._failure: BaseException | None = None
        self.port: int = 0

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``http://127.0.0.1:54321``."""
        if not self.port:
            raise RuntimeError("server is not started")
        return f"http://{self._host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> Self:
        if self.running:
            return self
        # Binding here (not inside uvicorn) hands back the real port before the thread starts.
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self._host, self._requested_port))
        sock.listen(128)
        self._socket = sock
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(
            self._app,
            log_level="warning",
            access_log=False,
            lifespan=self._lifespan,
            loop="asyncio",
            http="h11",
            ws="none",
            # Handlers that sleep on purpose (scripted delays, long polls) must not hold up stop().
            timeout_graceful_shutdown=1,
        )
        server = uvicorn.Server(config)
        self._server = server
        self._failure = None
        thread = threading.Thread(
            target=self._run, args=(server, sock), name=f"fake-server-{self.port}", daemon=True
        )
        self._thread = thread
        thread.start()
        deadline = time.monotonic() + self._start_timeout
        while not server.started:
            if not thread.is_alive():
                self._close_socket()
                raise ServerStartError(f"server thread exited during start: {self._failure!r}")
            if time.monotonic() > deadline:
                self.stop()
                raise ServerStartError(f"server did not start within {self._start_timeout}s")
            time.sleep(0.005)
        return self

    def _run(self, server: uvicorn.Server, sock: socket.socket) -> None:
        try:
            server.run(sockets=[sock])
        except BaseException as exc:
            self._failure = exc
            logger.exception("background server crashed")

    def stop(self) -> None:
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(self._stop_timeout)
        if thread.is_alive():
            server.force_exit = True
            thread.join(self._stop_timeout)
        self._close_socket()
        self._server = None
        self._thread = None
        if thread.is_alive():
            raise RuntimeError(f"server on port {self.port} did not stop in time")

    def _close_socket(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None


class ServedFake(StartStop):
    """Base for fakes that own a Starlette app and serve it with a BackgroundServer."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self._server = BackgroundServer(self.build_app(), lifespan="off")

    def build_app(self) -> Any:
        raise NotImplementedError

    @property
    def url(self) -> str:
        return self._server.url

    def start(self) -> Self:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()


def wait_for(
    predicate: Callable[[], T], timeout: float = 5.0, interval: float = 0.01, what: str = ""
) -> T:
    """Poll ``predicate`` until it returns something truthy; raise AssertionError on timeout.

    Blocks the calling thread: from an async test whose app runs on the same loop, use
    :func:`async_wait_for` instead so the app can make progress while we wait.
    """
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate!r}")
        time.sleep(interval)


async def async_wait_for(
    predicate: Callable[[], T],
    timeout: float = 5.0,  # noqa: ASYNC109 - same signature as wait_for
    interval: float = 0.01,
    what: str = "",
) -> T:
    """Like :func:`wait_for` but yields to the event loop between polls."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout}s waiting for {what or predicate!r}")
        await asyncio.sleep(interval)
