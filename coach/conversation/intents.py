"""Plain words (English and Korean) → the command they mean, for the offline coach."""

from __future__ import annotations

import re

# Ordered: the first pattern that matches wins. Each maps to a command line, with the
# captured groups appended as its arguments.
_INTENTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\b(help|what can you do)\b|도움|뭘 할 수|무엇을 할 수", re.I), "/help"),
    (re.compile(r"\b(stats|statistics|progress|how am i doing)\b|통계|기록 보|진행", re.I), "/stats"),
    (re.compile(r"\btoday\b|오늘.*(뭐|무엇|훈련|달려|뛰어)", re.I), "/today"),
    (re.compile(r"\b(this week'?s? plan|my plan|plan for the week)\b|이번 ?주.*계획|계획.*보여", re.I),
     "/plan"),
    (re.compile(r"\bnext week\b|다음 ?주", re.I), "/plan next"),
    (re.compile(r"\b(i'?m|i am|feel(ing)?) (sick|ill|unwell)\b|아파|감기|몸살|아픈", re.I), "/sick"),
    (re.compile(r"\bskip\b|건너뛰|쉴래|못 뛰", re.I), "/skip"),
    (re.compile(r"\bmove\b.*\b(to|on)\b|옮겨|바꿔", re.I), "/move"),
    (re.compile(r"\b(away|travel(l?ing)?|vacation|holiday)\b|여행|출장|휴가", re.I), "/away"),
    (re.compile(r"\b(predict|prediction|how fast could i)\b|예측|예상 기록", re.I), "/predict"),
]

_DAYS_EN = r"(\d+)\s*(?:days?|d)\b"
_DAYS_KO = r"(\d+)\s*일"


def command_for(text: str) -> str | None:
    """The command a plain message means, with what arguments it names; None if unclear."""
    for pattern, command in _INTENTS:
        if pattern.search(text):
            if command == "/sick":
                days = re.search(_DAYS_EN, text, re.I) or re.search(_DAYS_KO, text)
                return f"/sick {days.group(1)}" if days else "/sick"
            if command == "/move":
                target = _weekday_mentioned(text)
                return f"/move {target}" if target else "/move"
            return command
    return None


_WEEKDAYS = {
    "mon": "mon", "tue": "tue", "wed": "wed", "thu": "thu", "fri": "fri", "sat": "sat", "sun": "sun",
    "월요일": "mon", "화요일": "tue", "수요일": "wed", "목요일": "thu", "금요일": "fri",
    "토요일": "sat", "일요일": "sun",
}


def _weekday_mentioned(text: str) -> str | None:
    lowered = text.lower()
    # The day after "to"/"로" is the target; fall back to the last weekday named.
    found = [(lowered.rfind(k), v) for k, v in _WEEKDAYS.items() if k in lowered]
    return max(found)[1] if found else None
