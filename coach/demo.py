"""Twelve weeks of generated, realistic runs for a demo athlete (deterministic for a given day)."""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, time, timedelta

from coach.domain.runs import Run, RunSource, Split, Sport, Stream, Visibility
from coach.science.paces import training_paces

DEMO_VDOT = 45.0
_WEEKS = 12
# (weekday, kind) of a typical 4–5-run week; the long run on Sunday.
_WEEK = ((1, "easy"), (2, "tempo"), (4, "easy"), (5, "easy"), (6, "long"))


def demo_runs(today: date, *, utc_offset_s: int = 9 * 3600, weeks: int = _WEEKS) -> list[Run]:
    """Runs of the `weeks` whole weeks before `today`, building from ~25 to ~40 km a week,
    with a recovery week every fourth week, HR and a point stream, ending with a 10 km race."""
    rng = random.Random(today.toordinal())
    paces = training_paces(DEMO_VDOT)
    monday = today - timedelta(days=today.weekday() + 7 * weeks)
    runs: list[Run] = []
    for week in range(weeks):
        volume_km = 25 + 15 * week / (weeks - 1)
        if week % 4 == 3:
            volume_km *= 0.75
        for weekday, kind in _WEEK:
            if kind == "easy" and weekday == 5 and week % 2:
                continue  # every other week one easy run fewer
            day = monday + timedelta(weeks=week, days=weekday)
            share = {"easy": 0.18, "tempo": 0.2, "long": 0.32}[kind]
            distance = round(volume_km * share * 1000 * rng.uniform(0.93, 1.07), -1)
            is_race = week == weeks - 1 and kind == "tempo"
            if is_race:
                distance = 10_000.0
                pace = paces.threshold * 1.035
            elif kind == "tempo":
                pace = paces.threshold * rng.uniform(1.0, 1.04)
            else:
                pace = rng.uniform(*paces.easy)
            runs.append(_run(day, kind, distance, pace, rng, utc_offset_s, is_race, len(runs)))
    return runs


def _run(day: date, kind: str, distance_m: float, pace_s_per_km: float, rng: random.Random,
         utc_offset_s: int, is_race: bool, index: int) -> Run:
    local_start = datetime.combine(day, time(6, 30 + rng.randrange(0, 25)))
    start = (local_start - timedelta(seconds=utc_offset_s)).replace(tzinfo=UTC)
    moving = distance_m / 1000 * pace_s_per_km
    base_hr = {"easy": 142, "long": 146, "tempo": 168}[kind] + (6 if is_race else 0)
    stream = _stream(distance_m, moving, base_hr, rng)
    splits = _splits(stream)
    hrs = [h for h in stream.hr if h is not None]
    title = "10K race" if is_race else {"easy": "Easy run", "long": "Long run",
                                        "tempo": "Tempo run"}[kind]
    return Run(sport=Sport.RUN, start_time=start, distance_m=distance_m, moving_s=round(moving),
               elapsed_s=round(moving * rng.uniform(1.0, 1.04)), source=RunSource.FILE,
               source_id=f"demo-{day.isoformat()}-{index}", title=title, utc_offset_s=utc_offset_s,
               avg_hr=round(sum(hrs) / len(hrs), 1), max_hr=max(hrs), avg_cadence=rng.uniform(168, 176),
               elevation_gain_m=round(rng.uniform(10, 80)), splits=splits, stream=stream,
               is_race=is_race, visibility=Visibility.FOLLOWERS, device="RunCoach demo")


def _stream(distance_m: float, moving_s: float, base_hr: int, rng: random.Random) -> Stream:
    points = max(2, int(moving_s // 10))
    stream = Stream()
    altitude = 40.0
    for i in range(points + 1):
        t = moving_s * i / points
        wobble = 1 + 0.04 * math.sin(i / 7) + rng.uniform(-0.01, 0.01)
        stream.t_s.append(round(t, 1))
        stream.distance_m.append(round(min(distance_m, distance_m * i / points * wobble), 1))
        drift = 8 * i / points  # cardiac drift over the run
        stream.hr.append(round(base_hr - 15 * math.exp(-i / 12) + drift + rng.uniform(-2, 2)))
        altitude += rng.uniform(-0.6, 0.6)
        stream.altitude_m.append(round(altitude, 1))
    stream.distance_m[-1] = distance_m
    return stream


def _splits(stream: Stream) -> list[Split]:
    splits: list[Split] = []
    start_i = 0
    for i in range(1, len(stream.t_s)):
        dist = stream.distance_m[i] or 0.0
        if dist >= (len(splits) + 1) * 1000 or i == len(stream.t_s) - 1:
            hr = [h for h in stream.hr[start_i:i + 1] if h is not None]
            covered = dist - (stream.distance_m[start_i] or 0.0)
            if covered > 50:
                splits.append(Split(index=len(splits) + 1, distance_m=round(covered, 1),
                                    elapsed_s=round(stream.t_s[i] - stream.t_s[start_i], 1),
                                    avg_hr=round(sum(hr) / len(hr), 1) if hr else None))
            start_i = i
    return splits
