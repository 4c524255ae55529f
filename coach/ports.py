"""Ports: the protocols the core needs from the outside world, implemented by adapters.

The core asks for these; `runcoach.bootstrap` wires the adapters (SQL, Redis, Telegram,
Strava, the LLM) or their in-process fallbacks to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol
from uuid import UUID

from coach.domain.athletes import Athlete, IdentityKind
from coach.domain.goals import Goal
from coach.domain.plans import Plan
from coach.domain.runs import Run
from coach.ports_coaching import DeliveryRepository
from coach.ports_llm import AgentObserver as AgentObserver
from coach.ports_llm import ChatMessage as ChatMessage
from coach.ports_llm import LanguageModel as LanguageModel
from coach.ports_llm import ModelError as ModelError
from coach.ports_llm import ModelTurn as ModelTurn
from coach.ports_llm import TokenUsage as TokenUsage
from coach.ports_llm import ToolCallRequest as ToolCallRequest
from coach.ports_llm import ToolSpec as ToolSpec
from coach.ports_strava import StravaRepository
from coach.ports_web import SocialRepository, WebAccountRepository


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC now."""
        ...


class AthleteRepository(Protocol):
    async def get(self, athlete_id: UUID) -> Athlete | None: ...
    async def get_by_handle(self, handle: str) -> Athlete | None: ...
    async def find_by_identity(self, kind: IdentityKind, external_id: str) -> Athlete | None: ...
    async def add(self, athlete: Athlete) -> None: ...
    async def save(self, athlete: Athlete) -> None: ...
    async def link_identity(self, athlete_id: UUID, kind: IdentityKind, external_id: str,
                            *, move: bool = False) -> bool: ...
    async def unlink_identity(self, athlete_id: UUID, kind: IdentityKind) -> None: ...
    async def identities(self, athlete_id: UUID) -> dict[IdentityKind, str]: ...
    async def get_state(self, athlete_id: UUID, key: str) -> dict[str, Any] | None: ...
    async def set_state(self, athlete_id: UUID, key: str, value: dict[str, Any] | None) -> None: ...


class RunRepository(Protocol):
    async def get(self, run_id: UUID) -> Run | None: ...
    async def add(self, run: Run) -> None: ...
    async def save(self, run: Run) -> None: ...
    async def delete(self, run_id: UUID) -> None: ...
    async def list_between(self, athlete_id: UUID, start: datetime, end: datetime) -> list[Run]:
        """Runs whose start falls in [start, end), oldest first, without their point streams."""
        ...
    async def recent(self, athlete_id: UUID, limit: int, before: datetime | None = None) -> list[Run]:
        """Newest first, without point streams."""
        ...
    async def find_by_source(self, athlete_id: UUID, source: str, source_id: str) -> Run | None: ...
    async def count(self, athlete_id: UUID) -> int: ...
    async def add_file(self, run_id: UUID, filename: str, sha256: str, content: bytes) -> None: ...
    async def lock_athlete(self, athlete_id: UUID) -> None:
        """Serialise run recording for one athlete until the transaction ends."""
        ...


class GoalRepository(Protocol):
    async def current(self, athlete_id: UUID) -> Goal | None: ...
    async def set(self, athlete_id: UUID, goal: Goal) -> None: ...


class PlanRepository(Protocol):
    async def active(self, athlete_id: UUID) -> Plan | None: ...
    async def proposed(self, athlete_id: UUID) -> Plan | None: ...
    async def latest_version(self, athlete_id: UUID) -> int: ...
    async def add(self, plan: Plan, *, status: str, diff: list[dict[str, Any]] | None = None) -> None:
        """Store a version; status is `active` (superseding the previous) or `proposed`."""
        ...
    async def activate(self, plan_id: UUID) -> None: ...
    async def discard_proposals(self, athlete_id: UUID) -> None: ...
    async def proposal_diff(self, plan_id: UUID) -> list[dict[str, Any]]: ...


@dataclass(slots=True)
class Message:
    role: str  # user | assistant | tool | system
    content: str
    created_at: datetime | None = None
    meta: dict[str, Any] = field(default_factory=dict)


class MessageRepository(Protocol):
    async def add(self, athlete_id: UUID, message: Message) -> None: ...
    async def last(self, athlete_id: UUID, limit: int) -> list[Message]:
        """The last `limit` messages, oldest first."""
        ...


class JobRepository(Protocol):
    """Background jobs, queued in the same transaction as whatever caused them."""

    async def defer(self, task_name: str, args: dict[str, Any], *, queue: str = "default",
                    lock: str | None = None, queueing_lock: str | None = None, priority: int = 0,
                    scheduled_at: datetime | None = None) -> int | None: ...


class InboxRepository(Protocol):
    async def claim_telegram_update(self, update_id: int) -> bool: ...


class UnitOfWork(Protocol):
    """One transaction. Repositories never commit; the unit of work does, once."""

    # Read-only members, so each adapter may narrow them to its own repository classes.
    @property
    def athletes(self) -> AthleteRepository: ...
    @property
    def runs(self) -> RunRepository: ...
    @property
    def goals(self) -> GoalRepository: ...
    @property
    def plans(self) -> PlanRepository: ...
    @property
    def messages(self) -> MessageRepository: ...
    @property
    def inbox(self) -> InboxRepository: ...
    @property
    def jobs(self) -> JobRepository: ...
    @property
    def web_accounts(self) -> WebAccountRepository: ...
    @property
    def social(self) -> SocialRepository: ...
    @property
    def strava(self) -> StravaRepository: ...
    @property
    def deliveries(self) -> DeliveryRepository: ...

    async def __aenter__(self) -> UnitOfWork: ...
    async def __aexit__(self, *exc: object) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...


class UnitOfWorkFactory(Protocol):
    def __call__(self) -> UnitOfWork: ...


class Cache(Protocol):
    """What may be lost: ETags, short-lived values. Redis, or in-process without it."""

    async def get(self, key: str) -> str | None: ...
    async def set(self, key: str, value: str, ttl_s: float | None = None) -> None: ...
    async def delete(self, key: str) -> None: ...
    async def add(self, key: str, value: str, ttl_s: float) -> bool:
        """Set only if absent; True when this caller set it (a short lock or a dedupe mark)."""
        ...


class Quota(Protocol):
    async def hit(self, key: str, limit: int, window_s: float) -> bool:
        """Count one use; False when `limit` uses were already counted in the window."""
        ...


@dataclass(slots=True)
class Attachment:
    kind: str  # "photo" (a PNG chart) or "document"
    path: str
    caption: str | None = None


@dataclass(slots=True)
class Button:
    label: str
    action: str  # what the edge sends back when pressed, e.g. "confirm:<plan id>"


@dataclass(slots=True)
class Reply:
    """What one chat turn answers: text (plain, the edge escapes it), buttons, attachments."""

    text: str
    plan_changed: bool = False
    buttons: list[list[Button]] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)


class Notifier(Protocol):
    """Messages the coach starts (post-run notes, morning messages) to a runner."""

    async def notify(self, athlete_id: UUID, reply: Reply) -> bool:
        """True when delivered somewhere; False when the runner has no channel."""
        ...


class ActivitySource(Protocol):
    """A service runs come from (Strava)."""

    async def fetch_runs(self, athlete_id: UUID, since: date) -> Sequence[Run]: ...
