"""Charts as PNG files with matplotlib (Agg, no display): the weekly distance chart of /stats."""

from __future__ import annotations

import functools
import logging
import threading
import time
import uuid
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on a server; must precede pyplot

from matplotlib import font_manager
from matplotlib.figure import Figure

from coach.ports_coaching import ChartLabels, WeeklyChart

log = logging.getLogger(__name__)

# Families that carry Hangul, in order of preference; any one installed will do.
_HANGUL_FAMILIES = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "NanumBarunGothic",
                    "Malgun Gothic", "AppleGothic", "UnDotum", "Baekmuk Gulim", "Noto Sans CJK JP")
_DONE, _PLANNED, _RATIO = "#2b7bba", "#b9c7d3", "#d9534f"


@functools.cache
def hangul_font() -> str | None:
    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in _HANGUL_FAMILIES if name in installed), None)


class MatplotlibChartRenderer:
    """Writes charts under `directory`; files older than `keep_s` are removed as new ones come."""

    def __init__(self, directory: Path, keep_s: float = 6 * 3600) -> None:
        self.directory = directory
        self.keep_s = keep_s
        self._lock = threading.Lock()

    def weekly_distance(self, chart: WeeklyChart) -> str:
        labels, family = self._labels_and_font(chart)
        figure = Figure(figsize=(8, 4.5), dpi=110)
        ax = figure.add_subplot()
        xs = list(range(len(chart.weeks)))
        width = 0.38
        planned = [w.planned if w.planned is not None else 0.0 for w in chart.weeks]
        if any(w.planned is not None for w in chart.weeks):
            ax.bar([x - width / 2 for x in xs], planned, width, color=_PLANNED, label=labels.planned)
            ax.bar([x + width / 2 for x in xs], [w.done for w in chart.weeks], width, color=_DONE,
                   label=labels.done)
        else:
            ax.bar(xs, [w.done for w in chart.weeks], width * 1.6, color=_DONE, label=labels.done)
        ax.set_xticks(xs, [w.label for w in chart.weeks])
        ax.set_ylabel(labels.distance_axis)
        ax.set_title(labels.title)
        ax.spines[["top"]].set_visible(False)
        ax.grid(axis="y", alpha=0.3)
        handles, names = ax.get_legend_handles_labels()
        ratios = [w.load_ratio for w in chart.weeks]
        if any(r is not None for r in ratios):
            twin = ax.twinx()
            # Where acute load sits close to chronic: the usual guard-rail.
            for level in (0.8, 1.3):
                twin.axhline(level, color=_RATIO, linestyle=":", linewidth=1, alpha=0.6)
            twin.plot([x for x, r in zip(xs, ratios, strict=True) if r is not None],
                      [r for r in ratios if r is not None], color=_RATIO, marker="o",
                      linewidth=2, label=labels.ratio)
            twin.set_ylim(0, max(2.0, max(r for r in ratios if r is not None) * 1.15))
            twin.set_ylabel(labels.ratio)
            twin.spines[["top"]].set_visible(False)
            more_handles, more_names = twin.get_legend_handles_labels()
            handles, names = handles + more_handles, names + more_names
        ax.legend(handles, names, loc="upper left", fontsize=8, frameon=False)
        if family is not None:
            for text in figure.findobj(match=lambda o: hasattr(o, "set_fontfamily")):
                text.set_fontfamily(family)  # type: ignore[attr-defined]
        figure.tight_layout()
        self.directory.mkdir(parents=True, exist_ok=True)
        path = self.directory / f"weekly-{uuid.uuid4().hex}.png"
        figure.savefig(path, format="png")
        self._prune()
        return str(path)

    def _labels_and_font(self, chart: WeeklyChart) -> tuple[ChartLabels, str | None]:
        labels = chart.labels
        texts = (labels.title, labels.done, labels.planned, labels.ratio, labels.distance_axis)
        if all(text.isascii() for text in texts):
            return labels, None
        family = hangul_font()
        if family is None and chart.fallback is not None:
            return chart.fallback, None
        return labels, family

    def _prune(self) -> None:
        cutoff = time.time() - self.keep_s
        with self._lock:
            for old in self.directory.glob("weekly-*.png"):
                try:
                    if old.stat().st_mtime < cutoff:
                        old.unlink()
                except OSError:
                    log.debug("chart %s went away while pruning", old)
