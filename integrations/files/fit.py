"""FIT activity files (Garmin, COROS, Suunto, Wahoo...) turned into an importer extract."""

from __future__ import annotations

from datetime import datetime

from coach.domain.errors import FileRejected
from coach.domain.runs import Lap, Sport

from .common import Extract, num, steps_per_minute
from .fit_messages import FitClock, FitMessages, Message, find_clock, read_messages
from .sports import sport_from_fit
from .streams import Track

_SEMICIRCLES_TO_DEGREES = 180.0 / 2**31
_MULTISPORT_IGNORED = {"transition"}


def read_fit(filename: str, data: bytes) -> Extract:
    found = read_messages(data)
    if not found.headers:
        raise FileRejected(filename, "this FIT file is damaged: its header can't be read")
    warnings = _damage(filename, found)
    _refuse_other_kinds(filename, found)
    clock = find_clock(found)
    if clock is None:
        raise FileRejected(
            filename,
            "the device's clock was never set, so the file has no date for the run",
        )
    track = _track(found, clock)
    extract = Extract(format="fit", start_time=clock.start, track=track, warnings=warnings)
    if clock.is_local:
        extract.warnings.append(
            "The watch's clock was never set to the real time; the start time comes from its "
            "local clock, and its time zone is unknown."
        )
    else:
        extract.utc_offset_s = _utc_offset(found)
    extract.device = _device(found)
    if found.sessions:
        _from_sessions(extract, found)
    else:
        _from_records(extract, found, clock)
    extract.laps = _laps(found, clock)
    return extract


def _damage(filename: str, found: FitMessages) -> list[str]:
    """Decide whether what a damaged file still holds is worth importing, and say why."""
    warnings: list[str] = []
    if not found.sessions and len(found.records) < 2:
        if found.truncated:
            raise FileRejected(filename, "this FIT file is cut short before any run data")
        if found.problem:
            raise FileRejected(filename, f"this FIT file is damaged ({found.problem}) before any run data")
        raise FileRejected(filename, "this FIT file holds no recorded activity")
    if found.checksum_bad and not _holds_together(found):
        raise FileRejected(
            filename,
            "this FIT file is damaged: its checksum is wrong and its summary and its "
            "recorded points don't agree",
        )
    if found.checksum_bad:
        warnings.append(
            "The file's checksum is wrong, so it may be damaged; its summary and its recorded "
            "points agree, so the run was imported."
        )
    if found.problem and found.headers and found.checksums >= found.headers:
        warnings.append("The file had stray bytes after its end; they were ignored.")
    elif found.truncated:
        warnings.append(
            "The file is cut short (it ends without its checksum); what it recorded before "
            "the cut was imported."
        )
    elif found.problem:
        where = f" at byte {found.stopped_at}" if found.stopped_at else ""
        warnings.append(f"The file is damaged{where}; only the part before the damage was imported.")
    return warnings


def _holds_together(found: FitMessages) -> bool:
    """With a wrong checksum, trust the file only where its summary and its points agree."""
    if not found.sessions or len(found.records) < 2:
        return False
    total = sum(num(s.get("total_distance")) or 0.0 for s in found.sessions)
    recorded = max((num(r.get("distance")) or 0.0 for r in found.records), default=0.0)
    if total and recorded and abs(total - recorded) > max(50.0, 0.03 * total):
        return False
    stamps = [r["timestamp"] for r in found.records if isinstance(r.get("timestamp"), datetime)]
    elapsed = sum(num(s.get("total_elapsed_time")) or 0.0 for s in found.sessions)
    if len(stamps) >= 2 and elapsed:
        span = (max(stamps) - min(stamps)).total_seconds()
        if abs(span - elapsed) > max(120.0, 0.1 * elapsed):
            return False
    return True


def _refuse_other_kinds(filename: str, found: FitMessages) -> None:
    kind = next((f.get("type") for f in found.file_ids if f.get("type") is not None), None)
    if kind not in (None, "activity"):
        raise FileRejected(
            filename, f"this FIT file is a {str(kind).replace('_', ' ')} file, not a recorded activity"
        )


def _track(found: FitMessages, clock: FitClock) -> Track:
    track = Track()
    for record in found.records:
        t_s = clock.seconds(record.get("timestamp"))
        if t_s is None:
            continue
        cadence = num(record.get("cadence"))
        if cadence is not None:
            cadence += num(record.get("fractional_cadence")) or 0.0
        track.add(
            t_s,
            distance_m=num(record.get("distance")),
            hr=num(record.get("heart_rate")) or None,
            altitude_m=num(record.get("enhanced_altitude", record.get("altitude"))),
            cadence=cadence,
            lat=_degrees(record.get("position_lat"), 90.0),
            lon=_degrees(record.get("position_long"), 180.0),
        )
    return track


def _degrees(semicircles: object, limit: float) -> float | None:
    value = num(semicircles)
    if value is None:
        return None
    degrees = value * _SEMICIRCLES_TO_DEGREES
    return degrees if -limit <= degrees <= limit else None


def _from_sessions(extract: Extract, found: FitMessages) -> None:
    sessions = found.sessions
    extract.distance_m = _total(sessions, "total_distance")
    extract.elapsed_s = _total(sessions, "total_elapsed_time")
    extract.moving_s = _total(sessions, "total_timer_time")
    extract.elevation_gain_m = _total(sessions, "total_ascent")
    extract.avg_hr = _weighted_hr(sessions)
    if extract.avg_hr is None and any(hr for hr in extract.track.hr):
        extract.notes.append(
            "The device's summary has no average heart rate; it was worked out from the "
            "heart rate of the recorded points."
        )
    peaks = [v for s in sessions if (v := _positive(s.get("max_heart_rate"))) is not None]
    extract.max_hr = max(peaks) if peaks else None
    sports = [sport_from_fit(s.get("sport"), s.get("sub_sport")) for s in sessions]
    named = [s.get("sport") for s in sessions if s.get("sport") not in _MULTISPORT_IGNORED]
    kinds = {
        sport for sport, s in zip(sports, sessions, strict=True) if s.get("sport") not in _MULTISPORT_IGNORED
    }
    if len(kinds) == 1:
        extract.sport = kinds.pop()
        if len(sessions) == 1:
            extract.avg_cadence = _cadence(sessions[0], extract.sport)
    elif kinds:
        extract.sport = Sport.OTHER
        extract.notes.append(
            "A multisport activity (" + ", ".join(str(n) for n in named) + "); it is kept "
            "whole as cross-training, with its totals summed over its parts."
        )
    _compare_with_records(extract)


def _total(messages: list[Message], name: str) -> float | None:
    values = [v for m in messages if (v := num(m.get(name))) is not None]
    return sum(values) if values else None


def _weighted_hr(sessions: list[Message]) -> float | None:
    pairs = [
        (hr, num(s.get("total_timer_time")) or 0.0)
        for s in sessions
        if (hr := _positive(s.get("avg_heart_rate"))) is not None
    ]
    if not pairs:
        return None
    weight = sum(w for _, w in pairs)
    if weight <= 0:
        return sum(hr for hr, _ in pairs) / len(pairs)
    return sum(hr * w for hr, w in pairs) / weight


def _cadence(session: Message, sport: Sport) -> float | None:
    value = num(session.get("avg_running_cadence", session.get("avg_cadence")))
    if value is None or value == 0:
        return None
    value += num(session.get("avg_fractional_cadence")) or 0.0
    return steps_per_minute(value, sport)


def _compare_with_records(extract: Extract) -> None:
    """The device's totals win over its points; where they disagree, the run says so."""
    track = extract.track
    recorded = max((d for d in track.distance_m if d is not None), default=None)
    total = extract.distance_m
    if total is not None and recorded is not None and abs(total - recorded) > max(50.0, 0.02 * total):
        extract.notes.append(
            f"The device's summary gives {total / 1000:.2f} km but its recorded points reach "
            f"{recorded / 1000:.2f} km; the summary's distance is used."
        )
    elapsed = extract.elapsed_s
    if elapsed and len(track) >= 2:
        span = track.t_s[-1] - track.t_s[0]
        if abs(span - elapsed) > max(60.0, 0.05 * elapsed):
            extract.notes.append(
                f"The device's summary gives {elapsed / 60:.1f} min but its recorded points span "
                f"{span / 60:.1f} min; the summary's time is used."
            )


def _from_records(extract: Extract, found: FitMessages, clock: FitClock) -> None:
    """No session (a file cut short): rebuild the totals from the points and timer events."""
    track = extract.track
    kinds = {r.get("activity_type") for r in found.records} - {None}
    lap_sport = next((lap.get("sport") for lap in found.laps if lap.get("sport")), None)
    extract.sport = sport_from_fit(lap_sport or next(iter(kinds), None), None)
    if len(track) >= 2:
        extract.elapsed_s = track.t_s[-1] - track.t_s[0]
        extract.moving_s = _timer_from_events(found, clock, track.t_s[-1])
    extract.notes.append("The file has no summary, so its totals were worked out from its recorded points.")


def _timer_from_events(found: FitMessages, clock: FitClock, end_s: float) -> float | None:
    running_since: float | None = None
    total = 0.0
    seen = False
    for event in found.events:
        if event.get("event") != "timer":
            continue
        at = clock.seconds(event.get("timestamp"))
        if at is None:
            continue
        seen = True
        if event.get("event_type") == "start" and running_since is None:
            running_since = at
        elif str(event.get("event_type", "")).startswith("stop") and running_since is not None:
            total += max(at - running_since, 0.0)
            running_since = None
    if running_since is not None:
        total += max(end_s - running_since, 0.0)
    return total if seen and total > 0 else None


def _laps(found: FitMessages, clock: FitClock) -> list[Lap]:
    laps = []
    for lap in found.laps:
        start = clock.at(lap.get("start_time"))
        distance = num(lap.get("total_distance"))
        elapsed = num(lap.get("total_elapsed_time"))
        if start is None or distance is None or elapsed is None:
            continue
        laps.append(
            Lap(
                start_time=start,
                distance_m=round(distance, 2),
                elapsed_s=round(elapsed, 3),
                moving_s=num(lap.get("total_timer_time")),
                avg_hr=_positive(lap.get("avg_heart_rate")),
                max_hr=_positive(lap.get("max_heart_rate")),
            )
        )
    return laps


def _positive(value: object) -> float | None:
    """Devices write 0 for "no heart rate" in lap summaries."""
    number = num(value)
    return number if number is not None and number > 0 else None


def _utc_offset(found: FitMessages) -> int | None:
    """The device's local clock minus UTC, rounded to the quarter hour that zones use."""
    for activity in found.activities:
        local, stamp = activity.get("local_timestamp"), activity.get("timestamp")
        if isinstance(local, datetime) and isinstance(stamp, datetime):
            seconds = round((local - stamp).total_seconds() / 900) * 900
            if abs(seconds) <= 14 * 3600:
                return seconds
    return None


def _device(found: FitMessages) -> str | None:
    for file_id in found.file_ids:
        maker = file_id.get("manufacturer")
        product = file_id.get("product_name") or file_id.get("garmin_product")
        maker_name = maker.replace("_", " ").title() if isinstance(maker, str) else None
        product_name = str(product).replace("_", " ") if isinstance(product, str) else None
        if product_name and maker_name and not product_name.lower().startswith(maker_name.lower()):
            return f"{maker_name} {product_name}"
        if product_name or maker_name:
            return product_name or maker_name
    return None
