"""Reading a runner's typed answers: time zones and places, race results, easy paces, Korean dates."""

from __future__ import annotations

import functools
import re
import zoneinfo
from dataclasses import dataclass
from datetime import date

from coach.domain.athletes import Units
from coach.domain.errors import InvalidInput
from coach.domain.goals import parse_distance, parse_duration
from coach.science.paces import training_paces
from coach.science.vdot import MAX_VDOT, vdot_from_race
from coach.units import parse_pace

# Places runners name instead of a zone (English and Korean spellings).
_PLACES = {
    "Asia/Seoul": ("seoul", "busan", "incheon", "daegu", "daejeon", "gwangju", "jeju", "korea",
                   "south korea", "kst", "서울", "부산", "인천", "대구", "대전", "광주", "울산",
                   "제주", "수원", "한국", "대한민국"),
    "Asia/Tokyo": ("tokyo", "osaka", "japan", "jst", "도쿄", "오사카", "일본"),
    "Asia/Shanghai": ("beijing", "shanghai", "china", "베이징", "상하이", "중국"),
    "Asia/Hong_Kong": ("hong kong", "홍콩"),
    "Asia/Taipei": ("taipei", "taiwan", "타이베이", "대만"),
    "Asia/Singapore": ("singapore", "싱가포르"),
    "Asia/Bangkok": ("bangkok", "thailand", "방콕"),
    "Asia/Ho_Chi_Minh": ("ho chi minh", "saigon", "hanoi", "vietnam", "베트남", "하노이"),
    "Asia/Kolkata": ("india", "mumbai", "delhi", "bangalore", "bengaluru", "ist"),
    "Asia/Dubai": ("dubai", "abu dhabi", "두바이"),
    "Europe/London": ("london", "uk", "england", "britain", "scotland", "런던", "영국"),
    "Europe/Dublin": ("dublin", "ireland"),
    "Europe/Paris": ("paris", "france", "파리", "프랑스"),
    "Europe/Berlin": ("berlin", "munich", "germany", "베를린", "독일"),
    "Europe/Madrid": ("madrid", "barcelona", "spain", "스페인"),
    "Europe/Rome": ("rome", "milan", "italy", "이탈리아"),
    "Europe/Amsterdam": ("amsterdam", "netherlands"),
    "America/New_York": ("new york", "nyc", "boston", "washington", "miami", "atlanta",
                         "eastern", "est", "edt", "뉴욕", "보스턴"),
    "America/Toronto": ("toronto", "montreal", "토론토"),
    "America/Chicago": ("chicago", "dallas", "houston", "central", "cst", "시카고"),
    "America/Denver": ("denver", "mountain"),
    "America/Los_Angeles": ("los angeles", "la", "san francisco", "sf", "seattle", "portland",
                            "pacific", "pst", "pdt", "로스앤젤레스", "엘에이", "샌프란시스코",
                            "시애틀"),
    "America/Vancouver": ("vancouver", "밴쿠버"),
    "America/Sao_Paulo": ("sao paulo", "são paulo", "brazil"),
    "Australia/Sydney": ("sydney", "melbourne", "canberra", "시드니", "멜버른", "호주"),
    "Pacific/Auckland": ("auckland", "wellington", "new zealand", "뉴질랜드"),
    "UTC": ("utc", "gmt", "z"),
}
_PLACE_ZONE = {name: zone for zone, names in _PLACES.items() for name in names}
_OFFSET = re.compile(r"^(?:utc|gmt)\s*([+-])\s*(\d{1,2})$")
_KOREAN_DATE = re.compile(r"^(?:(\d{4})\s*년\s*)?(\d{1,2})\s*월\s*(\d{1,2})\s*일?$")
_KOREAN_PACE = re.compile(r"^(\d{1,2})\s*분\s*(\d{1,2})\s*초?\s*(/\s*(?:km|mi|킬로|마일))?$")


@functools.cache
def _zones_by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in zoneinfo.available_timezones()}


def parse_zone(text: str) -> str | None:
    """An IANA zone from `Asia/Seoul`, `asia/seoul`, `Seoul`, `서울` or `UTC+9`; None if unknown."""
    raw = " ".join(text.strip().lower().replace("_", " ").split())
    if not raw:
        return None
    if raw in _PLACE_ZONE:
        return _PLACE_ZONE[raw]
    offset = _OFFSET.match(raw.replace(" ", ""))
    if offset:
        hours = int(offset.group(2))
        if hours == 0:
            return "UTC"
        if hours > 14:
            return None
        # The Etc/GMT zones have their signs inverted (POSIX style): UTC+9 is Etc/GMT-9.
        return f"Etc/GMT{'-' if offset.group(1) == '+' else '+'}{hours}"
    return _zones_by_lower_name().get(raw.replace(" ", "_"))


def parse_korean_date(text: str, today: date) -> date | None:
    """`4월 12일`, `2027년 4월 12일` → a date (the next one on or after `today` without a year)."""
    match = _KOREAN_DATE.match(text.strip())
    if not match:
        return None
    year = int(match.group(1)) if match.group(1) else today.year
    try:
        day = date(year, int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None
    if match.group(1) is None and day < today:
        day = day.replace(year=today.year + 1)
    return day


@dataclass(slots=True, frozen=True)
class StatedFitness:
    """What a runner told us about their running, as a VDOT and where it came from."""

    vdot: float
    source: str  # "race" | "easy_pace"
    distance_m: float | None = None
    time_s: float | None = None
    easy_pace_s_per_km: float | None = None

    def as_state(self) -> dict[str, object]:
        state: dict[str, object] = {"vdot": round(self.vdot, 2), "source": self.source}
        if self.distance_m is not None:
            state["distance_m"] = self.distance_m
            state["time_s"] = self.time_s
        if self.easy_pace_s_per_km is not None:
            state["easy_pace_s_per_km"] = round(self.easy_pace_s_per_km, 1)
        return state


# Below VDOT 20 the easy pace is slower than brisk walking; we don't plan from a guess that low.
_EASY_VDOT_RANGE = (20.0, 85.0)


def vdot_from_easy_pace(s_per_km: float) -> float:
    """The VDOT whose easy range is centred on `s_per_km` (easy paces fall as VDOT rises)."""
    lo, hi = _EASY_VDOT_RANGE

    def centre(vdot: float) -> float:
        fast, slow = training_paces(vdot).easy
        return (fast + slow) / 2.0

    if s_per_km >= centre(lo):
        return lo
    if s_per_km <= centre(hi):
        return hi
    for _ in range(50):
        mid = (lo + hi) / 2.0
        if centre(mid) > s_per_km:
            lo = mid
        else:
            hi = mid
    return round((lo + hi) / 2.0, 1)


def parse_fitness(text: str, units: Units) -> StatedFitness:
    """`10k 48:30`, `half in 1:52:10`, `5k 25:00` (a race) or `6:15/km`, `6분 15초` (easy pace)."""
    raw = " ".join(text.strip().lower().split())
    korean_pace = _KOREAN_PACE.match(raw)
    if korean_pace:
        per = korean_pace.group(3) or ""
        suffix = "/mi" if ("mi" in per or "마일" in per) else "/km" if per else ""
        raw = f"{korean_pace.group(1)}:{int(korean_pace.group(2)):02d}{suffix}"
    words = raw.replace(" in ", " ").split()
    if len(words) == 2 and ":" in words[1]:
        distance = parse_distance(words[0])
        time_s = parse_duration(words[1])
        vdot = vdot_from_race(distance, time_s)
        if vdot > MAX_VDOT:
            raise InvalidInput("That result is faster than the tables go.")
        return StatedFitness(vdot, "race", distance_m=distance, time_s=time_s)
    if len(words) == 1 and ":" in words[0]:
        pace = parse_pace(words[0], units)
        if not 180 <= pace <= 1200:
            raise InvalidInput("That pace is outside what I can plan from.")
        return StatedFitness(vdot_from_easy_pace(pace), "easy_pace", easy_pace_s_per_km=pace)
    raise InvalidInput("I can't read that as a race result or a pace.")
