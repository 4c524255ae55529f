"""/stats: the last weeks in words, and a chart of twelve weeks of distance, planned vs done."""

from __future__ import annotations

import asyncio
import logging

from coach.domain.athletes import Athlete, Language, Units
from coach.i18n import t
from coach.ports import Attachment, Reply
from coach.ports_coaching import ChartLabels, ChartWeek, WeeklyChart
from coach.services import Services
from coach.services.stats import MIN_RATIO_HISTORY_DAYS, Progress
from coach.units import distance_in, format_distance, format_duration, unit_label

log = logging.getLogger(__name__)

TEXT_WEEKS = 4
CHART_WEEKS = 12
# Acute:chronic above this is a spike worth a word; below the low mark, a lull.
_RATIO_HIGH = 1.3
_RATIO_LOW = 0.8


def _labels(lang: Language, units: Units) -> ChartLabels:
    return ChartLabels(title=t(lang, "chart_title", weeks=CHART_WEEKS), done=t(lang, "chart_done"),
                       planned=t(lang, "chart_planned"), ratio=t(lang, "chart_ratio"),
                       distance_axis=t(lang, "chart_axis", unit=unit_label(units)))


def chart_of(progress: Progress, lang: Language, units: Units) -> WeeklyChart:
    weeks = [ChartWeek(label=w.total.week.split("-")[1], done=distance_in(w.total.distance_m, units),
                       planned=distance_in(w.planned_m, units) if w.planned_m is not None else None,
                       load_ratio=w.load_ratio) for w in progress.weeks]
    return WeeklyChart(weeks=weeks, labels=_labels(lang, units),
                       fallback=_labels(Language.EN, units) if lang is not Language.EN else None)


async def stats(services: Services, athlete: Athlete, args: list[str]) -> Reply:
    lang, units = athlete.preferences.language, athlete.preferences.units
    progress = await services.stats.progress(athlete.id, weeks=CHART_WEEKS)
    recent = progress.weeks[-TEXT_WEEKS:]
    if not any(w.total.distance_m or w.total.time_s or w.total.cross_time_s for w in progress.weeks):
        return Reply(text=t(lang, "stats_empty", weeks=TEXT_WEEKS))
    lines = [t(lang, "stats_header", weeks=TEXT_WEEKS)]
    for w in recent:
        lines.append(t(lang, "stats_week", week=w.total.week,
                       distance=format_distance(w.total.distance_m, units),
                       time=format_duration(w.total.time_s), runs=w.total.run_count))
    this_week = progress.weeks[-1]
    if this_week.planned_m:
        lines.append(t(lang, "stats_this_week", done=format_distance(this_week.total.distance_m, units),
                       planned=format_distance(this_week.planned_m, units)))
    load = progress.load
    ratio = f"{load.ratio:.2f}" if load.ratio is not None else t(lang, "stats_ratio_none")
    lines.append(t(lang, "stats_load", acute=load.acute, chronic=load.chronic, ratio=ratio))
    if load.ratio is not None and load.days_of_history >= MIN_RATIO_HISTORY_DAYS:
        key = ("stats_ratio_high" if load.ratio > _RATIO_HIGH else
               "stats_ratio_low" if load.ratio < _RATIO_LOW else "stats_ratio_ok")
        lines.append(t(lang, key, ratio=ratio))
    reply = Reply(text="\n".join(lines))
    renderer = services.deps.charts
    if renderer is not None:
        try:
            path = await asyncio.to_thread(renderer.weekly_distance, chart_of(progress, lang, units))
            reply.attachments.append(Attachment(kind="photo", path=path))
        except Exception:
            # The words carry the same facts; a chart that fails must not cost the answer.
            log.exception("could not draw the weekly chart for athlete %s", athlete.id)
    return reply
