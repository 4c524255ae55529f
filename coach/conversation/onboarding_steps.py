"""Reading each onboarding answer into the set-up state, and what to ask next."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from coach.conversation.answers import parse_korean_date
from coach.conversation.dates import parse_day, weekday_number
from coach.domain.errors import InvalidInput
from coach.domain.goals import parse_distance, parse_duration
from coach.i18n import t
from coach.units import format_distance, format_duration, format_pace, pace_suffix

RACES = ("5k", "10k", "half", "marathon")
FIT_WORDS = {"fit", "fitness", "just fit", "just get fit", "get fit", "health", "no race", "none",
             "건강", "건강 달리기", "체력", "그냥", "대회 없음", "없음"}
_KO_DISTANCES = {"풀코스": "marathon", "하프마라톤": "half", "5킬로": "5k", "10킬로": "10k"}
# A race goal's time as a pace (s/km) must fall in what the engine plans for.
_TARGET_PACE = (150.0, 1200.0)


def next_step(state: dict[str, Any]) -> str:
    if "distance_m" not in state:
        return "goal"
    if state["distance_m"] is not None and "race_date" not in state:
        return "date"
    for step, key in (("runs", "runs"), ("long", "long"), ("fitness", "fitness"), ("tz", "tz")):
        if key not in state:
            return step
    return "done"


def weekday(word: str) -> int | None:
    return weekday_number(word.removesuffix("에"))


def race_name(lang: str, units: Any, distance: float | None) -> str:
    for race in RACES:
        if distance is not None and abs(parse_distance(race) - distance) < 1:
            return t(lang, f"ob_race_{race}")
    return format_distance(distance or 0.0, units)


def apply_goal(state: dict[str, Any], value: str, today: date) -> str | None:
    if value in FIT_WORDS:
        state["distance_m"] = None
        return None
    words = value.split()
    if not words:
        return "ob_bad_goal"
    head = _KO_DISTANCES.get(words[0], words[0])
    try:
        distance = parse_distance(head)
    except InvalidInput:
        return "ob_bad_goal"
    if not 1000 <= distance <= 100_000:
        return "ob_bad_goal"
    state["distance_m"] = distance
    if len(words) > 1 and apply_date(state, words[1:], today) is not None:
        state.pop("race_date", None)  # the date question will ask again
    return None


def apply_date(state: dict[str, Any], words: list[str], today: date) -> str | None:
    """`2027-04-12`, `04-12`, `4월 12일` with an optional goal time after it."""
    race_day, rest = _leading_date(words, today)
    if race_day is None or not today < race_day <= today + timedelta(days=730):
        return "ob_bad_date"
    target = None
    if rest:
        try:
            target = parse_duration(rest[0])
        except InvalidInput:
            return "ob_bad_date"
        pace = target / ((state.get("distance_m") or 1000.0) / 1000)
        if not _TARGET_PACE[0] <= pace <= _TARGET_PACE[1]:
            return "ob_bad_date"
    state["race_date"] = race_day.isoformat()
    state["target_s"] = target
    return None


def _leading_date(words: list[str], today: date) -> tuple[date | None, list[str]]:
    for size in (3, 2):
        korean = parse_korean_date(" ".join(words[:size]), today) if len(words) >= size else None
        if korean is not None:
            return korean, words[size:]
    if not words:
        return None, []
    korean = parse_korean_date(words[0], today)
    if korean is not None:
        return korean, words[1:]
    try:
        return parse_day(words[0], today), words[1:]
    except InvalidInput:
        return None, words


def fitness_line(lang: str, units: Any, fitness: dict[str, Any]) -> str:
    vdot = fitness.get("vdot")
    if not isinstance(vdot, int | float):
        return t(lang, "ob_fitness_none")
    if fitness.get("source") == "race":
        return t(lang, "ob_fitness_race", distance=format_distance(fitness["distance_m"], units),
                 time=format_duration(fitness["time_s"]), vdot=f"{vdot:.1f}")
    pace = fitness.get("easy_pace_s_per_km") or 0.0
    return t(lang, "ob_fitness_pace", pace=f"{format_pace(pace, units)} {pace_suffix(units)}",
             vdot=f"{vdot:.0f}")
