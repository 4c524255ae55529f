"""Use cases, grouped by feature; each call is one unit of work (one transaction)."""

from coach.services.container import Dependencies, Services

__all__ = ["Dependencies", "Services"]
