"""Wiring for the chat coach: the chart renderer behind the core's ChartRenderer port."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from coach.ports_coaching import WeeklyChart
from coach.services import Dependencies
from runcoach.settings import Settings


class LazyChartRenderer:
    """Imports matplotlib on the first chart, so commands that never draw don't pay for it."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        self._real: Any = None
        self._lock = threading.Lock()

    def weekly_distance(self, chart: WeeklyChart) -> str:
        with self._lock:
            if self._real is None:
                from integrations.charts import MatplotlibChartRenderer

                self._real = MatplotlibChartRenderer(self._directory)
        path: str = self._real.weekly_distance(chart)
        return path


def attach_charts(deps: Dependencies, settings: Settings) -> None:
    # Absolute, so `runcoach chat --json` hands out paths that work from any directory.
    deps.charts = LazyChartRenderer(settings.runcoach_data_dir.resolve() / "charts")
