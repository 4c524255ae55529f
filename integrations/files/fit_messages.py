"""Reading the messages a FIT file holds with fitdecode, keeping what a damaged file still offers."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import fitdecode

logger = logging.getLogger(__name__)

# date_time values below this count seconds since the device powered on (FIT SDK),
# which is what a watch whose clock was never set writes.
DEVICE_CLOCK_MIN = 0x10000000

_RECORD_FIELDS = frozenset(
    {
        "timestamp",
        "distance",
        "heart_rate",
        "enhanced_altitude",
        "altitude",
        "cadence",
        "fractional_cadence",
        "position_lat",
        "position_long",
        "activity_type",
    }
)
_SUMMARY_FIELDS = frozenset(
    {
        "timestamp",
        "start_time",
        "total_elapsed_time",
        "total_timer_time",
        "total_distance",
        "avg_heart_rate",
        "max_heart_rate",
        "avg_running_cadence",
        "avg_cadence",
        "avg_fractional_cadence",
        "total_ascent",
        "sport",
        "sub_sport",
    }
)
_OTHER_FIELDS = {
    "file_id": frozenset(
        {"type", "manufacturer", "garmin_product", "product", "product_name", "time_created"}
    ),
    "activity": frozenset({"timestamp", "local_timestamp"}),
    "event": frozenset({"timestamp", "event", "event_type"}),
}

Message = dict[str, Any]


@dataclass(slots=True)
class FitMessages:
    """The messages the importer uses, and how the read went."""

    file_ids: list[Message] = field(default_factory=list)
    sessions: list[Message] = field(default_factory=list)
    laps: list[Message] = field(default_factory=list)
    records: list[Message] = field(default_factory=list)
    activities: list[Message] = field(default_factory=list)
    events: list[Message] = field(default_factory=list)
    headers: int = 0
    checksums: int = 0
    checksum_bad: bool = False
    stopped_at: int | None = None
    truncated: bool = False
    problem: str | None = None


def read_messages(data: bytes) -> FitMessages:
    """Every message up to the end, or up to the first point fitdecode can't get past."""
    found = FitMessages()
    reader = fitdecode.FitReader(
        data,
        check_crc=fitdecode.CrcCheck.READONLY,
        error_handling=fitdecode.ErrorHandling.IGNORE,
    )
    try:
        for frame in reader:
            kind = frame.frame_type
            if kind == fitdecode.FIT_FRAME_DATA:
                _keep(found, frame)
            elif kind == fitdecode.FIT_FRAME_HEADER:
                found.headers += 1
                if frame.crc_matched is False:
                    found.checksum_bad = True
            elif kind == fitdecode.FIT_FRAME_CRC:
                found.checksums += 1
                if not frame.matched:
                    found.checksum_bad = True
    except fitdecode.FitEOFError as exc:
        found.truncated = True
        found.stopped_at = exc.offset
        found.problem = "it ends before its last message is complete"
    except fitdecode.FitHeaderError as exc:
        found.stopped_at = len(data)
        found.problem = "its header can't be read" if not found.headers else "bytes after its end"
        logger.debug("FIT header error: %s", exc)
    except Exception as exc:  # fitdecode raises many kinds on damaged bytes
        found.stopped_at = getattr(exc, "offset", None)
        where = f" past byte {found.stopped_at}" if found.stopped_at else ""
        found.problem = f"its data can't be read{where}"
        logger.debug("FIT read stopped: %r", exc)
    finally:
        reader.close()
    return found


def _keep(found: FitMessages, frame: Any) -> None:
    name = frame.name
    if name == "record":
        found.records.append(_values(frame, _RECORD_FIELDS))
    elif name == "session":
        found.sessions.append(_values(frame, _SUMMARY_FIELDS))
    elif name == "lap":
        found.laps.append(_values(frame, _SUMMARY_FIELDS))
    elif name in _OTHER_FIELDS:
        target = {"file_id": found.file_ids, "activity": found.activities, "event": found.events}
        target[name].append(_values(frame, _OTHER_FIELDS[name]))


def _values(frame: Any, wanted: frozenset[str]) -> Message:
    return {f.name: f.value for f in frame.fields if f.value is not None and f.name in wanted}


class FitClock:
    """Turns FIT times into aware datetimes, also when the device clock was never set.

    A watch without a clock writes seconds since power-on; its `activity.local_timestamp`
    then still tells the local wall clock, which anchors those relative values.
    """

    def __init__(self, start: datetime, start_raw: int | None) -> None:
        self.start = start
        self.start_raw = start_raw

    @property
    def is_local(self) -> bool:
        return self.start_raw is not None

    def at(self, value: object) -> datetime | None:
        if isinstance(value, datetime):
            return None if self.is_local else value
        if self.start_raw is not None and isinstance(value, int) and not isinstance(value, bool):
            return self.start + timedelta(seconds=value - self.start_raw)
        return None

    def seconds(self, value: object) -> float | None:
        if isinstance(value, datetime):
            return None if self.is_local else (value - self.start).total_seconds()
        if self.start_raw is not None and isinstance(value, int) and not isinstance(value, bool):
            return float(value - self.start_raw)
        return None


def find_clock(found: FitMessages) -> FitClock | None:
    """Where the activity starts: the sessions, else the records, else the local clock."""
    starts = [s["start_time"] for s in found.sessions if isinstance(s.get("start_time"), datetime)]
    if starts:
        return FitClock(min(starts), None)
    stamps = [r["timestamp"] for r in found.records if isinstance(r.get("timestamp"), datetime)]
    if stamps:
        return FitClock(min(stamps), None)
    raw = [s["start_time"] for s in found.sessions if _is_raw(s.get("start_time"))]
    raw += [r["timestamp"] for r in found.records[:1] if _is_raw(r.get("timestamp"))]
    for activity in found.activities:
        local, stamp = activity.get("local_timestamp"), activity.get("timestamp")
        if raw and isinstance(local, datetime) and _is_raw(stamp):
            start_raw = min(raw)
            return FitClock(local - timedelta(seconds=stamp - start_raw), start_raw)
    return None


def _is_raw(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < DEVICE_CLOCK_MIN
