"""Days as runners write them: `2027-03-01`, `03-01`, `sun`, `sunday`, `일요일`, `tomorrow`, `내일`."""

from __future__ import annotations

from datetime import date, timedelta

from coach.domain.errors import InvalidInput

_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5,
    "saturday": 5, "sun": 6, "sunday": 6,
    "월": 0, "월요일": 0, "화": 1, "화요일": 1, "수": 2, "수요일": 2, "목": 3, "목요일": 3,
    "금": 4, "금요일": 4, "토": 5, "토요일": 5, "일": 6, "일요일": 6,
}
_RELATIVE = {"today": 0, "오늘": 0, "tomorrow": 1, "내일": 1, "모레": 2}


def weekday_number(text: str) -> int | None:
    return _WEEKDAYS.get(text.strip().lower().rstrip(".,"))


def parse_day(text: str, today: date) -> date:
    """The day `text` names, on or after `today` for weekday names (this week's, else next)."""
    raw = text.strip().lower().rstrip(".,")
    if raw in _RELATIVE:
        return today + timedelta(days=_RELATIVE[raw])
    weekday = weekday_number(raw)
    if weekday is not None:
        return today + timedelta(days=(weekday - today.weekday()) % 7)
    try:
        return date.fromisoformat(raw)
    except ValueError:
        pass
    month, _, day = raw.replace("/", "-").partition("-")
    if month.isdigit() and day.isdigit():
        try:
            candidate = date(today.year, int(month), int(day))
        except ValueError:
            candidate = None
        if candidate is not None:
            return candidate if candidate >= today else candidate.replace(year=today.year + 1)
    raise InvalidInput(f"I can't read {text!r} as a day (try 2027-03-01, sun or tomorrow).",
                       key="err_day", text=text)
