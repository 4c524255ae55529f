"""Secrets in URLs never reach the access log."""

from __future__ import annotations

import logging

import pytest

from runcoach.logs import RedactSecretPaths


@pytest.mark.parametrize(("path", "secret"), [
    ("/auth/link/Zx9_secretToken", "Zx9_secretToken"),
    ("/calendar/cal_tok3n.ics", "cal_tok3n"),
    ("/auth/strava/callback?state=s1.sig&code=c0de&scope=read", "c0de"),
    ("/auth/strava/start?t=signed.link", "signed.link"),
    ("/strava/webhook?hub.verify_token=V3rify&hub.challenge=x&hub.mode=subscribe", "V3rify"),
])
def test_access_log_redacts_tokens(path: str, secret: str) -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d', ("1.2.3.4:5", "GET", path, "1.1", 200), None)
    assert RedactSecretPaths().filter(record)
    line = record.getMessage()
    assert secret not in line
    assert path.split("?")[0].rsplit("/", 1)[0] in line  # the route itself is kept
