"""Typed errors the core raises; each edge translates them once.

    CoachError                   base: carries a plain message safe to show a runner
    ├── InvalidInput             the runner or caller gave something we can't use (HTTP 422)
    │   └── FileRejected         an activity file that can't be read (names the file)
    ├── NotFound                 no such athlete, run, plan or week (HTTP 404)
    ├── Forbidden                belongs to someone else / wrong secret (HTTP 403)
    ├── Conflict                 the request clashes with stored state (HTTP 409)
    ├── QuotaExceeded            a per-runner limit was reached (HTTP 429)
    ├── TooLarge                 an upload above the size limit (HTTP 413)
    └── UpstreamError            a third party (Strava, the LLM, Telegram) failed (HTTP 502)
        └── RateLimited          ... and asked us to wait `retry_after` seconds
"""

from __future__ import annotations


class CoachError(Exception):
    """Base of every error the core raises on purpose; `message` is fit for a runner.

    `key` (with `values`) names the same message in the i18n catalogues, so a chat can say it
    in the runner's language; `message` stays the English text for logs and the HTTP API.
    """

    def __init__(self, message: str, *, key: str | None = None, **values: object) -> None:
        super().__init__(message)
        self.message = message
        self.key = key
        self.values = values


class InvalidInput(CoachError):
    pass


class FileRejected(InvalidInput):
    def __init__(self, filename: str, reason: str) -> None:
        super().__init__(f"{filename}: {reason}")
        self.filename = filename
        self.reason = reason


class NotFound(CoachError):
    pass


class Forbidden(CoachError):
    pass


class Conflict(CoachError):
    pass


class QuotaExceeded(CoachError):
    pass


class TooLarge(CoachError):
    pass


class UpstreamError(CoachError):
    pass


class RateLimited(UpstreamError):
    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after
