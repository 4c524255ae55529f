"""Ports the Strava feature needs: the Strava API as a gateway, and where links and events are kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol
from uuid import UUID

from coach.domain.runs import Run, Sport
from coach.domain.strava import (
    ActivityLink,
    ActivitySummary,
    BackfillProgress,
    EventReceipt,
    StoredEvent,
    StravaAuthorization,
    StravaEvent,
    StravaLink,
    StravaTokens,
)


class StravaGateway(Protocol):
    """Strava's API and OAuth. Tokens go in and come out sealed; the adapter alone unseals them.

    Calls raise StravaAuthError when Strava refuses the tokens, StravaNotFound for a missing
    activity, RateLimited (with `retry_after`) when Strava's limits say wait, and UpstreamError
    for anything else that failed.
    """

    def authorize_url(self, redirect_uri: str, state: str) -> str: ...
    async def exchange_code(self, code: str) -> StravaAuthorization: ...
    async def refresh(self, tokens: StravaTokens) -> StravaTokens: ...
    async def deauthorize(self, tokens: StravaTokens) -> None: ...
    async def list_activities(self, tokens: StravaTokens, *, after: datetime, before: datetime,
                              page: int, per_page: int) -> list[ActivitySummary]: ...
    async def fetch_run(self, tokens: StravaTokens, activity_id: int) -> Run:
        """The activity with its laps, splits and streams as a domain Run (source STRAVA)."""
        ...
    def sport_for(self, strava_type: str) -> Sport:
        """The coach's sport for a Strava activity type name (as in an update event)."""
        ...


class StravaRepository(Protocol):
    async def link(self, athlete_id: UUID, *, for_update: bool = False) -> StravaLink | None:
        """The runner's link; `for_update` holds it locked until the transaction ends, so only
        one process at a time refreshes its tokens."""
        ...
    async def link_by_strava_id(self, strava_athlete_id: int) -> StravaLink | None: ...
    async def save_link(self, link: StravaLink) -> None:
        """Create or replace the runner's link; a Strava account linked elsewhere moves here."""
        ...
    async def save_tokens(self, athlete_id: UUID, tokens: StravaTokens) -> None: ...
    async def delete_link(self, athlete_id: UUID) -> bool: ...
    async def add_event(self, event: StravaEvent) -> EventReceipt:
        """Store an event for the runner linked to its owner, unless it was stored before, no
        runner is linked, or it names a subscription other than the one we remember."""
        ...
    async def event(self, event_id: int) -> StoredEvent | None: ...
    async def finish_event(self, event_id: int, status: str, outcome: str) -> None: ...
    async def activity(self, athlete_id: UUID, activity_id: int) -> ActivityLink | None: ...
    async def save_activity(self, link: ActivityLink) -> None: ...
    async def save_subscription(self, subscription_id: int, callback_url: str) -> None:
        """Remember the app's push subscription (Strava allows one; it replaces any other)."""
        ...
    async def backfill(self, athlete_id: UUID) -> BackfillProgress | None: ...
    async def save_backfill(self, progress: BackfillProgress) -> None: ...


@dataclass(slots=True, frozen=True)
class StravaSetup:
    """What the composition root hands the Strava feature when STRAVA_CLIENT_ID is set."""

    gateway: StravaGateway
    verify_token: str
    signing_key: str
    backfill_weeks: int = 16
    # Refresh an access token this long before Strava's expiry, so no call races it.
    refresh_margin_s: float = 600.0
    # History is listed this many activities a page; long backfills report progress every
    # `progress_every` imported activities.
    page_size: int = 50
    progress_every: int = 25
