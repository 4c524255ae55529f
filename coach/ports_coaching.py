"""Ports the chat coach needs beyond the basics: progress charts and once-only proactive messages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol
from uuid import UUID

from coach.domain.athletes import Athlete


@dataclass(slots=True)
class ChartWeek:
    """One bar group of the weekly chart, in the runner's units (km or mi)."""

    label: str
    done: float
    planned: float | None = None
    load_ratio: float | None = None


@dataclass(slots=True)
class ChartLabels:
    title: str
    done: str
    planned: str
    ratio: str
    distance_axis: str


@dataclass(slots=True)
class WeeklyChart:
    """What `/stats` draws: done vs planned distance per week, with the acute:chronic ratio.

    `fallback` holds the same labels in English, for servers without a font for the runner's
    script (the numbers and week labels read the same in any language).
    """

    weeks: list[ChartWeek]
    labels: ChartLabels
    fallback: ChartLabels | None = None
    extra: dict[str, str] = field(default_factory=dict)


class ChartRenderer(Protocol):
    """Draws charts to PNG files; CPU-bound, so callers run it off the event loop."""

    def weekly_distance(self, chart: WeeklyChart) -> str:
        """Path of a new PNG file (the renderer removes old ones after a while)."""
        ...


class DeliveryRepository(Protocol):
    """Marks of proactive messages already sent, so many workers never send one twice."""

    async def claim(self, athlete_id: UUID, kind: str, day: date) -> bool:
        """True for the first claim of (athlete, kind, day), in whichever process makes it."""
        ...

    async def release(self, athlete_id: UUID, kind: str, day: date) -> None:
        """Undo a claim whose message could not be delivered, so a later tick may retry."""
        ...

    async def audience(self, after: UUID | None, limit: int) -> list[Athlete]:
        """Athletes reachable by a push channel (Telegram) who want a morning message or a
        weekly review, ordered by id, starting after `after` (keyset paging)."""
        ...
