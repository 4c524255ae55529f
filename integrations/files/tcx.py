"""TCX activities (Garmin Training Center, Polar, Suunto exports) turned into an importer extract."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import datetime
from typing import Any

from tcxreader.tcxreader import TCXReader

from coach.domain.errors import FileRejected
from coach.domain.runs import Lap

from .common import Extract, as_utc, num, offset_seconds, steps_per_minute
from .sports import sport_from_tcx
from .streams import Track, mean

_NS = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"
_ZONED = re.compile(r"(Z|[+-]\d\d:?\d\d)$")


class _ParsedTreeReader(TCXReader):
    """tcxreader over a tree we already parsed, so each file is read once, not twice.

    tcxreader opens files itself in a private method; overriding it hands over our tree.
    Were that method renamed, tcxreader would read the bytes we also pass, just slower.
    """

    def __init__(self, root: ET.Element) -> None:
        super().__init__()
        self._root = root

    def _TCXReader__parse_tcx_file(self, _location: object) -> tuple[None, ET.Element]:
        return None, self._root


def read_tcx(filename: str, xml: bytes) -> Extract:
    # Safe with the expat Python ships (2.4+): it refuses entity-expansion bombs and never
    # fetches external entities. tcxreader itself parses with the same module.
    root = ET.fromstring(xml)  # noqa: S314
    dropped = _drop_untimed_points(root)
    exercise = _ParsedTreeReader(root).read(io.BytesIO(xml), only_gps=False)
    laps = _lap_headers(root)
    points = [tp for tp in exercise.trackpoints if tp.time is not None]
    if not laps and not points:
        raise FileRejected(filename, "this TCX file holds no activity")
    lap_starts = [start for start, *_ in laps if start is not None]
    times = [as_utc(tp.time) for tp in points]
    start = min([*lap_starts, *times], default=None)
    extract = Extract(format="tcx", start_time=start)
    if dropped:
        noun = "point" if dropped == 1 else "points"
        extract.warnings.append(f"Left out {dropped} track {noun} that had no time.")
    extract.sport = sport_from_tcx(exercise.activity_type)
    extract.device = _device(root)
    first_time = points[0].time if points else None
    if isinstance(first_time, datetime) and first_time.tzinfo is not None:
        extract.utc_offset_s = offset_seconds(first_time) or None
    extract.distance_m = sum(d for _, d, *_ in laps) if laps else None
    timers = [t for _, _, t, *_ in laps if t is not None]
    extract.moving_s = sum(timers) if timers else None
    if times and start is not None:
        extract.elapsed_s = (max(times) - start).total_seconds()
    elif timers:
        extract.elapsed_s = extract.moving_s
    extract.track = _track(points, start)
    extract.laps = _laps(laps, times, start)
    hrs = [h for *_, h in laps if h is not None]
    extract.max_hr = max([*hrs, *(v for v in extract.track.hr if v is not None)], default=None)
    cadence = mean(extract.track.cadence, skip_zero=True)
    extract.avg_cadence = steps_per_minute(cadence, extract.sport)
    if extract.avg_cadence is not None and extract.avg_cadence != cadence:
        extract.track.cadence = [None if c is None else c * 2 for c in extract.track.cadence]
    _compare_with_points(extract)
    return extract


def _drop_untimed_points(root: ET.Element) -> int:
    """Points tcxreader can't take: without a time (nothing to chart them by) are dropped;
    times written without a zone get the UTC the TCX schema means, which tcxreader needs."""
    dropped = 0
    for track in root.iter(f"{_NS}Track"):
        for point in [child for child in track if child.tag == f"{_NS}Trackpoint"]:
            moment = point.find(f"{_NS}Time")
            text = (moment.text or "").strip() if moment is not None else ""
            if moment is None or not text:
                track.remove(point)
                dropped += 1
            elif not _ZONED.search(text):
                moment.text = text + "Z"
    return dropped


_LapHeader = tuple[datetime | None, float, float | None, float | None, float | None]


def _lap_headers(root: ET.Element) -> list[_LapHeader]:
    """Each lap's device totals: start, distance, timer time, average and peak heart rate."""
    headers = []
    for lap in root.iter(f"{_NS}Lap"):
        start = _time(lap.get("StartTime"))
        distance = _number(lap.find(f"{_NS}DistanceMeters"))
        timer = _number(lap.find(f"{_NS}TotalTimeSeconds"))
        avg_hr = _number(lap.find(f"{_NS}AverageHeartRateBpm/{_NS}Value"))
        max_hr = _number(lap.find(f"{_NS}MaximumHeartRateBpm/{_NS}Value"))
        headers.append((start, distance or 0.0, timer, avg_hr, max_hr))
    return headers


def _number(element: ET.Element | None) -> float | None:
    if element is None or element.text is None:
        return None
    try:
        return num(float(element.text.strip()))
    except ValueError:
        return None


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return as_utc(datetime.fromisoformat(text.strip().replace("Z", "+00:00")))
    except ValueError:
        return None


def _device(root: ET.Element) -> str | None:
    name = root.find(f".//{_NS}Activity/{_NS}Creator/{_NS}Name")
    text = (name.text or "").strip() if name is not None else ""
    return text or None


def _track(points: list[Any], start: datetime | None) -> Track:
    track = Track()
    if start is None:
        return track
    for tp in points:
        cadence = num(tp.cadence)
        run_cadence = num(tp.tpx_ext.get("RunCadence")) if tp.tpx_ext else None
        track.add(
            (as_utc(tp.time) - start).total_seconds(),
            distance_m=num(tp.distance),
            hr=num(tp.hr_value) or None,  # 0 is a strap that lost contact, not a heart rate
            altitude_m=num(tp.elevation),
            cadence=run_cadence if run_cadence is not None else cadence,
            lat=num(tp.latitude),
            lon=num(tp.longitude),
        )
    return track


def _laps(headers: list[_LapHeader], times: list[datetime], start: datetime | None) -> list[Lap]:
    """TCX laps carry timer time only; a lap's elapsed time runs to the next lap's start."""
    laps = []
    end = max(times) if times else None
    for i, (lap_start, distance, timer, avg_hr, max_hr) in enumerate(headers):
        begin = lap_start or start
        if begin is None:
            continue
        following = headers[i + 1][0] if i + 1 < len(headers) else end
        elapsed = (following - begin).total_seconds() if following else None
        if elapsed is None or elapsed <= 0:
            elapsed = timer or 0.0
        laps.append(
            Lap(
                start_time=begin,
                distance_m=round(distance, 2),
                elapsed_s=round(elapsed, 3),
                moving_s=timer,
                avg_hr=avg_hr,
                max_hr=max_hr,
            )
        )
    return laps


def _compare_with_points(extract: Extract) -> None:
    """The laps' totals win over the points; where they disagree, the run says so."""
    recorded = max((d for d in extract.track.distance_m if d is not None), default=None)
    total = extract.distance_m
    if total and recorded is not None and abs(total - recorded) > max(50.0, 0.02 * total):
        extract.notes.append(
            f"The laps add up to {total / 1000:.2f} km but the recorded points reach "
            f"{recorded / 1000:.2f} km; the laps' distance is used."
        )
