"""A runner's goal: a race at a distance on a date, or general fitness with no date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coach.domain.errors import InvalidInput

MILE_M = 1609.344
RACE_DISTANCES_M: dict[str, float] = {
    "5k": 5000.0,
    "10k": 10000.0,
    "half": 21097.5,
    "marathon": 42195.0,
}
_ALIASES = {
    "5km": "5k", "10km": "10k", "hm": "half", "half-marathon": "half", "halfmarathon": "half",
    "하프": "half", "풀": "marathon", "마라톤": "marathon", "full": "marathon", "fm": "marathon",
}


def parse_distance(text: str) -> float:
    """`5k`, `10k`, `half`, `marathon`, `8k`, `12.5km`, `3mi` or plain metres → metres."""
    raw = text.strip().lower()
    key = _ALIASES.get(raw, raw)
    if key in RACE_DISTANCES_M:
        return RACE_DISTANCES_M[key]
    try:
        if key.endswith("km"):
            value = float(key[:-2]) * 1000.0
        elif key.endswith("k"):
            value = float(key[:-1]) * 1000.0
        elif key.endswith("mi"):
            value = float(key[:-2]) * MILE_M
        elif key.endswith("m"):
            value = float(key[:-1])
        else:
            value = float(key)
    except ValueError:
        raise InvalidInput(f"I can't read {text!r} as a distance "
                           "(try 5k, 10k, half, marathon, 8k or metres).",
                           key="err_distance", text=text) from None
    if not 0 < value <= 1_000_000:
        raise InvalidInput(f"{text!r} is not a distance I can use.", key="err_distance", text=text)
    return value


def parse_duration(text: str) -> float:
    """`mm:ss`, `h:mm:ss` (tenths allowed: `19:57.3`) or plain minutes `42` → seconds."""
    raw = text.strip()
    parts = raw.split(":")
    try:
        if len(parts) == 1:
            seconds = float(parts[0]) * 60.0
        elif len(parts) == 2:
            seconds = int(parts[0]) * 60 + float(parts[1])
            if float(parts[1]) >= 60:
                raise ValueError
        elif len(parts) == 3:
            seconds = int(parts[0]) * 3600 + int(parts[1]) * 60 + float(parts[2])
            if int(parts[1]) >= 60 or float(parts[2]) >= 60:
                raise ValueError
        else:
            raise ValueError
    except ValueError:
        raise InvalidInput(f"I can't read {text!r} as a time (try mm:ss or h:mm:ss).",
                           key="err_time", text=text) from None
    if seconds <= 0:
        raise InvalidInput(f"{text!r} is not a time I can use.", key="err_time", text=text)
    return seconds


@dataclass(slots=True)
class Goal:
    """`race_distance_m` None means general fitness with no race date."""

    race_distance_m: float | None = None
    race_date: date | None = None
    target_time_s: float | None = None

    @property
    def is_race(self) -> bool:
        return self.race_distance_m is not None and self.race_date is not None
