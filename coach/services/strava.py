"""Strava for a runner: connecting, receiving push events, processing them, history, disconnecting.

The webhook path (`receive_event`) only validates, stores and enqueues, in one transaction,
so it answers well inside Strava's 2 seconds; the work happens in `process_event`, run by a
job worker with the runner's lock so one runner's events are handled in order.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from uuid import UUID

from coach.domain.athletes import IdentityKind
from coach.domain.errors import Forbidden, InvalidInput
from coach.domain.strava import (
    BackfillProgress,
    StravaAuthError,
    StravaEvent,
    StravaLink,
    missing_activity_scope,
)
from coach.ports_strava import StravaSetup
from coach.services.after_run import AfterRunService
from coach.services.athletes import AthleteService
from coach.services.container import Dependencies
from coach.services.runs import RunService
from coach.services.strava_access import StravaAccess, StravaNotLinked
from coach.services.strava_activities import StravaActivities
from coach.services.strava_state import sign, verify
from coach.services.strava_text import DENIED, MISSING_SCOPE, NOT_CONFIGURED

log = logging.getLogger(__name__)

PROCESS_EVENT_TASK = "strava.process_event"
BACKFILL_TASK = "strava.backfill"
LINK_TTL = timedelta(minutes=30)
STATE_TTL = timedelta(minutes=15)

EventOutcome = Literal["queued", "duplicate", "unlinked", "foreign"]


def athlete_lock(athlete_id: UUID) -> str:
    return f"athlete:{athlete_id}"


@dataclass(slots=True, frozen=True)
class ConnectStart:
    authorize_url: str
    nonce: str  # the browser keeps it in a cookie; the callback must bring it back


@dataclass(slots=True, frozen=True)
class Connected:
    athlete_id: UUID
    created: bool  # a new runner, made from their Strava account (Strava sign-in)


class StravaService:
    def __init__(self, deps: Dependencies, runs: RunService, after_run: AfterRunService,
                 athletes: AthleteService) -> None:
        self._deps = deps
        self._athletes = athletes
        self._setup: StravaSetup | None = deps.strava
        if self._setup is not None:
            self._access: StravaAccess = StravaAccess(deps, self._setup)
            self._activities = StravaActivities(deps, self._setup, self._access, runs, after_run)

    @property
    def enabled(self) -> bool:
        return self._setup is not None

    def _need(self) -> StravaSetup:
        if self._setup is None:
            raise InvalidInput(NOT_CONFIGURED)
        return self._setup

    # ---- connecting --------------------------------------------------------------------------

    def connect_url(self, athlete_id: UUID) -> str:
        """A link (valid 30 minutes) that starts connecting Strava for this runner."""
        setup = self._need()
        token = sign(setup.signing_key, "strava-connect", {"a": str(athlete_id)},
                     self._deps.clock.now() + LINK_TTL)
        return f"{self._deps.public_url.rstrip('/')}/auth/strava/start?t={token}"

    def start_connect(self, link_token: str | None, signed_in: UUID | None) -> ConnectStart:
        """Where to send the browser: Strava's consent page, with a signed state naming the
        runner (from the bot's link, else the web session; none means sign in with Strava)."""
        setup = self._need()
        now = self._deps.clock.now()
        athlete_id: str = str(signed_in) if signed_in else ""
        if link_token:
            athlete_id = str(verify(setup.signing_key, "strava-connect", link_token, now)["a"])
        nonce = secrets.token_urlsafe(16)
        state = sign(setup.signing_key, "strava-state", {"a": athlete_id, "n": nonce},
                     now + STATE_TTL)
        return ConnectStart(setup.gateway.authorize_url(self.redirect_uri, state), nonce)

    @property
    def redirect_uri(self) -> str:
        return f"{self._deps.public_url.rstrip('/')}/auth/strava/callback"

    async def complete_connect(self, code: str | None, scope: str | None, state: str | None, *,
                               nonce: str | None = None, error: str | None = None) -> Connected:
        """Exchange the code, check the scope, link the runner and queue their history."""
        setup = self._need()
        if error:
            raise InvalidInput(DENIED)
        payload = verify(setup.signing_key, "strava-state", state or "", self._deps.clock.now())
        if nonce is None or not secrets.compare_digest(str(payload.get("n", "")), nonce):
            raise Forbidden("This Strava approval didn't start in this browser. "
                            "Please start again from /strava or the Connect Strava button.")
        granted = frozenset(s.strip() for s in (scope or "").split(",") if s.strip())
        if missing_activity_scope(granted):
            raise InvalidInput(MISSING_SCOPE)
        if not code:
            raise InvalidInput("Strava sent no authorisation code; please try connecting again.")
        authorization = await setup.gateway.exchange_code(code)
        created = False
        if payload.get("a"):
            athlete_id = UUID(str(payload["a"]))
        else:
            athlete, created = await self._athletes.onboard(
                IdentityKind.STRAVA, str(authorization.strava_athlete_id),
                display_name=authorization.display_name or "Runner")
            athlete_id = athlete.id
        async with self._deps.uow() as uow:
            await uow.strava.save_link(StravaLink(
                athlete_id=athlete_id, strava_athlete_id=authorization.strava_athlete_id,
                scopes=granted, tokens=authorization.tokens))
            await uow.athletes.link_identity(athlete_id, IdentityKind.STRAVA,
                                             str(authorization.strava_athlete_id), move=True)
            await uow.strava.save_backfill(self._activities.new_progress(athlete_id,
                                                                         setup.backfill_weeks))
            await self._queue_backfill(uow, athlete_id, setup.backfill_weeks)
            await uow.commit()
        log.info("athlete %s connected Strava athlete %s (scope %s)", athlete_id,
                 authorization.strava_athlete_id, ",".join(sorted(granted)))
        return Connected(athlete_id, created)

    async def _queue_backfill(self, uow: Any, athlete_id: UUID, weeks: int) -> None:
        # Not under the runner's event lock: a long, rate-limited backfill must not hold up
        # their new runs. record_run's own per-runner lock keeps the two from clashing.
        await uow.jobs.defer(BACKFILL_TASK, {"athlete_id": str(athlete_id), "weeks": weeks},
                             lock=f"strava-backfill:{athlete_id}",
                             queueing_lock=f"strava-backfill:{athlete_id}")

    async def is_linked(self, athlete_id: UUID) -> bool:
        async with self._deps.uow() as uow:
            return await uow.strava.link(athlete_id) is not None

    async def disconnect(self, athlete_id: UUID, revoke: bool = True) -> bool:
        """Unlink the runner's Strava (and, with `revoke`, withdraw our access at Strava too).
        The runner's runs stay. False when nothing was linked."""
        self._need()
        async with self._deps.uow() as uow:
            link = await uow.strava.link(athlete_id)
        if link is None:
            return False
        if revoke:
            try:
                await self._access.gateway.deauthorize(link.tokens)
            except Exception:
                # Unlinking here must not depend on Strava answering; the runner can still
                # remove the app in Strava's settings.
                log.warning("could not deauthorise athlete %s at Strava", athlete_id, exc_info=True)
        removed = await self._access.unlink(athlete_id)
        if removed:
            await self._access.tell(athlete_id, "disconnected")
        return removed

    # ---- the webhook -------------------------------------------------------------------------

    def check_handshake(self, mode: str | None, verify_token: str | None, challenge: str | None) -> str:
        """The challenge to echo, or Forbidden when the subscription handshake isn't ours."""
        setup = self._need()
        if mode != "subscribe" or not challenge:
            raise InvalidInput("Expected hub.mode=subscribe with a hub.challenge.")
        if not secrets.compare_digest((verify_token or "").encode(), setup.verify_token.encode()):
            raise Forbidden("Wrong verify token.")
        return challenge

    async def receive_event(self, payload: Any) -> EventOutcome:
        """Validate, store and enqueue one push event in a single transaction."""
        self._need()
        event = StravaEvent.parse(payload)
        async with self._deps.uow() as uow:
            receipt = await uow.strava.add_event(event)
            if receipt.event_id is None or receipt.athlete_id is None:
                return receipt.outcome  # type: ignore[return-value]
            await uow.jobs.defer(PROCESS_EVENT_TASK, {"event_id": receipt.event_id},
                                 lock=athlete_lock(receipt.athlete_id))
            await uow.commit()
        return "queued"

    async def process_event(self, event_id: int) -> str:
        """Do what one stored event asks; a finished event is never done twice."""
        self._need()
        async with self._deps.uow() as uow:
            stored = await uow.strava.event(event_id)
            link = await uow.strava.link_by_strava_id(stored.event.owner_id) if stored else None
        if stored is None or stored.status != "queued":
            return "skipped"
        try:
            outcome = await self._handle(stored.event, link)
        except StravaNotLinked:
            outcome = "unlinked"
        except StravaAuthError:
            outcome = "revoked"  # the link is gone and the runner was told; nothing to retry
        async with self._deps.uow() as uow:
            await uow.strava.finish_event(event_id, "done", outcome)
            await uow.commit()
        return outcome

    async def _handle(self, event: StravaEvent, link: StravaLink | None) -> str:
        if link is None:
            return "unlinked"
        if event.object_type == "athlete":
            if event.is_deauthorization:
                await self._access.revoked(link.athlete_id, event.owner_id)
                return "deauthorized"
            return "ignored"
        if event.aspect_type == "delete":
            return await self._activities.delete(link.athlete_id, event.object_id)
        if event.aspect_type == "update":
            return await self._activities.apply_update(link.athlete_id, event.object_id,
                                                       event.updates)
        return await self._activities.import_activity(link.athlete_id, event.object_id, note=True)

    # ---- history -----------------------------------------------------------------------------

    async def backfill(self, athlete_id: UUID, weeks: int | None = None) -> BackfillProgress:
        """Import the runner's last `weeks` weeks (paged; resumes after an interruption)."""
        setup = self._need()
        return await self._activities.backfill(athlete_id, weeks or setup.backfill_weeks)

    async def sync(self, athlete_id: UUID, since: date | datetime) -> int:
        """Fetch what Strava has since `since` that the coach lacks; the number of new runs."""
        self._need()
        if not isinstance(since, datetime):
            since = datetime.combine(since, time.min, tzinfo=UTC)
        if not await self.is_linked(athlete_id):
            raise StravaNotLinked("Strava isn't connected. Send /strava to connect it.")
        return await self._activities.sync(athlete_id, since)

    async def remember_subscription(self, subscription_id: int, callback_url: str) -> None:
        async with self._deps.uow() as uow:
            await uow.strava.save_subscription(subscription_id, callback_url)
            await uow.commit()
