"""Strava as the core sees it: a link to a runner, sealed tokens, push events, and their errors."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from uuid import UUID

from coach.domain.errors import InvalidInput, UpstreamError

# Strava grants activity access with either scope; read_all also shows "Only You" activities.
ACTIVITY_SCOPES = frozenset({"activity:read", "activity:read_all"})
REQUESTED_SCOPE = "read,activity:read_all"

OBJECT_TYPES = frozenset({"activity", "athlete"})
ASPECT_TYPES = frozenset({"create", "update", "delete"})


class StravaAuthError(UpstreamError):
    """Strava refused the runner's tokens: the app was deauthorised or the grant was revoked."""


class StravaNotFound(UpstreamError):
    """Strava has no such activity (deleted, or hidden from our scope)."""


@dataclass(slots=True, frozen=True)
class StravaTokens:
    """Tokens as the adapter hands them out: `access` and `refresh` are sealed (encrypted) text
    the core stores and passes back, never reads."""

    access: str
    refresh: str
    expires_at: datetime


@dataclass(slots=True, frozen=True)
class StravaAuthorization:
    """The outcome of an OAuth code exchange."""

    strava_athlete_id: int
    scopes: frozenset[str]
    tokens: StravaTokens
    display_name: str = ""


@dataclass(slots=True)
class StravaLink:
    athlete_id: UUID
    strava_athlete_id: int
    scopes: frozenset[str]
    tokens: StravaTokens
    created_at: datetime | None = None


@dataclass(slots=True, frozen=True)
class ActivitySummary:
    """One entry of the athlete's activity list (enough to decide whether to fetch it)."""

    id: int
    start_time: datetime
    sport_type: str = ""


@dataclass(slots=True, frozen=True)
class StravaEvent:
    """One push event, validated: ids are ints, `updates` values are strings as Strava sends them."""

    object_type: str
    object_id: int
    aspect_type: str
    owner_id: int
    event_time: int
    subscription_id: int | None = None
    updates: dict[str, str] = field(default_factory=dict)

    @property
    def dedupe_key(self) -> str:
        """Equal for redeliveries of one event, different for any two distinct events."""
        body = json.dumps([self.object_type, self.object_id, self.aspect_type, self.owner_id,
                           self.event_time, sorted(self.updates.items())], separators=(",", ":"))
        return hashlib.sha256(body.encode()).hexdigest()

    @property
    def is_deauthorization(self) -> bool:
        return self.object_type == "athlete" and self.updates.get("authorized", "").lower() == "false"

    @classmethod
    def parse(cls, payload: Any) -> StravaEvent:
        """Validate a webhook body; InvalidInput names what is wrong."""
        if not isinstance(payload, dict):
            raise InvalidInput("A Strava event must be a JSON object.")
        object_type = payload.get("object_type")
        aspect_type = payload.get("aspect_type")
        if object_type not in OBJECT_TYPES:
            raise InvalidInput("object_type must be 'activity' or 'athlete'.")
        if aspect_type not in ASPECT_TYPES:
            raise InvalidInput("aspect_type must be 'create', 'update' or 'delete'.")
        updates = payload.get("updates") or {}
        if not isinstance(updates, dict):
            raise InvalidInput("updates must be an object.")
        subscription = payload.get("subscription_id")
        return cls(
            object_type=str(object_type), aspect_type=str(aspect_type),
            object_id=_as_id(payload.get("object_id"), "object_id"),
            owner_id=_as_id(payload.get("owner_id"), "owner_id"),
            event_time=_as_id(payload.get("event_time"), "event_time"),
            subscription_id=None if subscription in (None, "") else _as_id(subscription, "subscription_id"),
            # Strava sends strings ("true"); normalise anything else the same way.
            updates={str(k): (str(v).lower() if isinstance(v, bool) else str(v)) for k, v in updates.items()},
        )


def _as_id(value: Any, name: str) -> int:
    # Ids may arrive as numbers or as strings of digits (stravalib's own fixture has both).
    if isinstance(value, bool):
        raise InvalidInput(f"{name} must be a whole number.")
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and value.strip().isdigit():
        number = int(value.strip())
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    else:
        raise InvalidInput(f"{name} must be a whole number.")
    if not 0 <= number < 2**63:
        raise InvalidInput(f"{name} is out of range.")
    return number


def missing_activity_scope(granted: frozenset[str]) -> bool:
    return not (granted & ACTIVITY_SCOPES)


@dataclass(slots=True, frozen=True)
class EventReceipt:
    """What became of a received event: `queued` (stored, with the runner it belongs to),
    `duplicate` (stored before), `unlinked` (no runner has that Strava account), or
    `foreign` (it names a push subscription that isn't ours)."""

    outcome: str
    event_id: int | None
    athlete_id: UUID | None


@dataclass(slots=True, frozen=True)
class StoredEvent:
    id: int
    event: StravaEvent
    athlete_id: UUID | None
    status: str  # queued | done | ignored | failed


@dataclass(slots=True, frozen=True)
class ActivityLink:
    """Which stored run a Strava activity became (it may be a file import Strava duplicated);
    `deleted` keeps a tombstone so a late create never brings a deleted activity back."""

    athlete_id: UUID
    activity_id: int
    run_id: UUID | None
    deleted: bool = False


@dataclass(slots=True)
class BackfillProgress:
    """A history import in progress: a fixed window, paged, resumable after a rate limit."""

    athlete_id: UUID
    after: datetime
    before: datetime
    page: int = 1
    imported: int = 0
    seen: int = 0
    status: str = "queued"  # queued | running | done
    reported: int = 0  # `imported` when the runner was last told about progress
