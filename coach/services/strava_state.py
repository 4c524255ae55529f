"""Signed, expiring tokens for the Strava connect flow (the bot's link and the OAuth `state`).

HMAC-SHA256 over a compact JSON payload with the service's signing key; the standard library
is enough, and the core may not import a signing package.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

from coach.domain.errors import Forbidden


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: str, purpose: str, body: str) -> str:
    digest = hmac.new(key.encode(), f"{purpose}.{body}".encode(), hashlib.sha256).digest()
    return _b64(digest)


def sign(key: str, purpose: str, payload: dict[str, Any], expires_at: datetime) -> str:
    """`payload` readable by `verify` with the same key and purpose until `expires_at`."""
    body = _b64(json.dumps({**payload, "exp": int(expires_at.timestamp())},
                           separators=(",", ":")).encode())
    return f"{body}.{_mac(key, purpose, body)}"


def verify(key: str, purpose: str, token: str, now: datetime) -> dict[str, Any]:
    """The payload, or Forbidden when the token was altered, is for another purpose, or expired."""
    body, _, mac = token.partition(".")
    if not body or not mac or not hmac.compare_digest(mac, _mac(key, purpose, body)):
        raise Forbidden("That link isn't valid. Ask for a new one with /strava.")
    try:
        payload = json.loads(_unb64(body))
    except ValueError as exc:
        raise Forbidden("That link isn't valid. Ask for a new one with /strava.") from exc
    if not isinstance(payload, dict) or int(payload.get("exp", 0)) < now.timestamp():
        raise Forbidden("That link has expired. Ask for a new one with /strava.")
    return payload
