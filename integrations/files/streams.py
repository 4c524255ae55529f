"""Point streams: cumulative distance, per-km splits, elevation gain and the compact chart stream."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

from gpxpy import geo

from coach.domain.runs import Split, Stream

MAX_STREAM_POINTS = 2000
_SHORTEST_LAST_SPLIT_M = 10.0


@dataclass(slots=True)
class Track(Stream):
    """Every recorded point of one activity (the domain Stream before it is thinned for keeping),
    built point by point; `t_s` counts from the start."""

    def add(
        self,
        t_s: float,
        distance_m: float | None = None,
        hr: float | None = None,
        altitude_m: float | None = None,
        cadence: float | None = None,
        lat: float | None = None,
        lon: float | None = None,
    ) -> None:
        self.t_s.append(t_s)
        self.distance_m.append(distance_m)
        self.hr.append(hr)
        self.altitude_m.append(altitude_m)
        self.cadence.append(cadence)
        self.lat.append(lat)
        self.lon.append(lon)

    def channels(self) -> dict[str, list[float | None]]:
        return {
            "distance_m": self.distance_m,
            "hr": self.hr,
            "altitude_m": self.altitude_m,
            "cadence": self.cadence,
            "lat": self.lat,
            "lon": self.lon,
        }

    def sort_by_time(self) -> None:
        """Devices occasionally write a point out of order; charts and splits need time order."""
        t = self.t_s
        if all(a <= b for a, b in itertools.pairwise(t)):
            return
        order = sorted(range(len(t)), key=t.__getitem__)
        self.t_s = [t[i] for i in order]
        for name, values in self.channels().items():
            setattr(self, name, [values[i] for i in order])


def has_values(values: Sequence[float | None]) -> bool:
    return any(v is not None for v in values)


def mean(values: list[float | None], *, skip_zero: bool = False) -> float | None:
    kept = [v for v in values if v is not None and (v != 0 or not skip_zero)]
    return sum(kept) / len(kept) if kept else None


def path_distances(lat: list[float | None], lon: list[float | None]) -> list[float | None]:
    """Cumulative 2-D distance along the positions, with gpxpy's own geodesy (as length_2d)."""
    out: list[float | None] = []
    total = 0.0
    prev: tuple[float, float] | None = None
    for la, lo in zip(lat, lon, strict=True):
        if la is None or lo is None:
            out.append(total if prev is not None else None)
            continue
        if prev is not None:
            total += geo.distance(prev[0], prev[1], None, la, lo, None)
        prev = (la, lo)
        out.append(total)
    return out


def monotonic_distance(values: list[float | None]) -> list[float] | None:
    """Fill gaps and keep distance from going backwards (a glitch or a chained file's reset)."""
    if not has_values(values):
        return None
    out: list[float] = []
    best = 0.0
    for v in values:
        if v is not None and v > best:
            best = v
        out.append(best)
    return out


def elevation_gain(altitudes: list[float | None]) -> float | None:
    """Total climb with gpxpy's light smoothing, so GPS altitude noise isn't counted as climbing."""
    known = [a for a in altitudes if a is not None]
    if len(known) < 2:
        return None
    uphill, _ = geo.calculate_uphill_downhill(known)  # type: ignore[arg-type]
    return float(uphill)


def per_km_splits(
    t_s: list[float],
    distance_m: list[float],
    hr: list[float | None],
    altitude_m: list[float | None],
    *,
    every_m: float = 1000.0,
) -> list[Split]:
    """Whole kilometres, crossing times interpolated between points; the last one may be partial."""
    if len(t_s) < 2 or distance_m[-1] <= 0:
        return []
    splits: list[Split] = []
    start_t, start_d = t_s[0], distance_m[0]
    start_alt = _first(altitude_m)
    hr_sum, hr_n = 0.0, 0
    boundary = start_d + every_m
    for i in range(1, len(t_s)):
        beat = hr[i - 1]
        if beat is not None:
            hr_sum += beat
            hr_n += 1
        d0, d1 = distance_m[i - 1], distance_m[i]
        while d1 >= boundary:
            share = (boundary - d0) / (d1 - d0) if d1 > d0 else 1.0
            t_cross = t_s[i - 1] + share * (t_s[i] - t_s[i - 1])
            alt_cross = _between(altitude_m[i - 1], altitude_m[i], share)
            splits.append(
                Split(
                    index=len(splits) + 1,
                    distance_m=every_m,
                    elapsed_s=round(t_cross - start_t, 3),
                    avg_hr=round(hr_sum / hr_n, 1) if hr_n else None,
                    elevation_change_m=_change(start_alt, alt_cross),
                )
            )
            start_t, start_d, start_alt = t_cross, boundary, alt_cross
            hr_sum, hr_n = 0.0, 0
            boundary += every_m
    beat = hr[-1]
    if beat is not None:
        hr_sum += beat
        hr_n += 1
    rest = distance_m[-1] - start_d
    if rest >= _SHORTEST_LAST_SPLIT_M:
        splits.append(
            Split(
                index=len(splits) + 1,
                distance_m=round(rest, 2),
                elapsed_s=round(t_s[-1] - start_t, 3),
                avg_hr=round(hr_sum / hr_n, 1) if hr_n else None,
                elevation_change_m=_change(start_alt, _last(altitude_m)),
            )
        )
    return splits


def _first(values: list[float | None]) -> float | None:
    return next((v for v in values if v is not None), None)


def _last(values: list[float | None]) -> float | None:
    return next((v for v in reversed(values) if v is not None), None)


def _between(a: float | None, b: float | None, share: float) -> float | None:
    if a is None or b is None:
        return a if b is None else b
    return a + share * (b - a)


def _change(start: float | None, end: float | None) -> float | None:
    return None if start is None or end is None else round(end - start, 1)


def compact_stream(track: Track, distance_m: list[float] | None, *, limit: int = MAX_STREAM_POINTS) -> Stream:
    """At most `limit` points chosen to keep the chart's shape (largest-triangle buckets)."""
    shape = next((ch for ch in (track.hr, track.altitude_m, distance_m) if ch and has_values(ch)), None)
    keep = _lttb(track.t_s, shape, limit)
    stream = Stream(t_s=[round(track.t_s[i], 3) for i in keep])
    if distance_m is not None:
        stream.distance_m = [round(distance_m[i], 2) for i in keep]
    for name in ("hr", "altitude_m", "cadence", "lat", "lon"):
        values = getattr(track, name)
        if has_values(values):
            setattr(stream, name, [values[i] for i in keep])
    return stream


def _lttb(x: list[float], y: list[float] | list[float | None] | None, limit: int) -> list[int]:
    n = len(x)
    if n <= limit or limit < 3:
        return list(range(n))
    if y is None:
        step = (n - 1) / (limit - 1)
        return sorted({round(i * step) for i in range(limit)})
    ys = _filled(y)
    keep = [0]
    bucket = (n - 2) / (limit - 2)
    a = 0
    for b in range(limit - 2):
        lo = int(b * bucket) + 1
        hi = int((b + 1) * bucket) + 1
        nxt_lo, nxt_hi = hi, min(int((b + 2) * bucket) + 1, n)
        span = max(nxt_hi - nxt_lo, 1)
        avg_x = sum(x[nxt_lo:nxt_hi]) / span if nxt_hi > nxt_lo else x[-1]
        avg_y = sum(ys[nxt_lo:nxt_hi]) / span if nxt_hi > nxt_lo else ys[-1]
        best, best_area = lo, -1.0
        ax, ay = x[a], ys[a]
        for i in range(lo, min(hi, n - 1)):
            area = abs((ax - avg_x) * (ys[i] - ay) - (ax - x[i]) * (avg_y - ay))
            if area > best_area:
                best, best_area = i, area
        keep.append(best)
        a = best
    keep.append(n - 1)
    return keep


def _filled(values: list[float] | list[float | None]) -> list[float]:
    out: list[float] = []
    last = _first(list(values)) or 0.0
    for v in values:
        if v is not None and math.isfinite(v):
            last = v
        out.append(last)
    return out
