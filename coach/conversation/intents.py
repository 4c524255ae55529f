"""Plain words (English and Korean) → the command they mean, for the offline coach."""

from __future__ import annotations

import re

_DIST = r"(\d+(?:\.\d+)?\s*(?:k|km|mi|miles?|킬로)|half|marathon|하프|풀코스|마라톤|5k|10k)"
_TIME = r"(\d{1,2}:\d{2}(?::\d{2})?)"
_DISTANCE_WORDS = {"하프": "half", "풀코스": "marathon", "마라톤": "marathon", "miles": "mi",
                   "mile": "mi", "킬로": "k"}

# Ordered: the first pattern that matches wins. Each maps to a command line, with the
# captured groups appended as its arguments.
_INTENTS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"\b(?:i )?(?:ran|run|did|logged?)\b.*?{_DIST}.*?{_TIME}"
                rf"|{_DIST}\s*(?:를|을)?\s*{_TIME}\s*(?:에|동안)?\s*(?:뛰었|달렸)", re.I), "/log"),
    (re.compile(r"\b(help|what can you do|commands)\b|도움|뭘 할 수|무엇을 할 수|명령어", re.I), "/help"),
    (re.compile(r"^\s*(hi|hello|hey|start|get started|안녕|안녕하세요|시작)\s*[!.]*\s*$", re.I), "/help"),
    (re.compile(r"\bstrava\b|스트라바", re.I), "/strava"),
    (re.compile(r"\bcalendar\b|\bical\b|캘린더|달력", re.I), "/calendar"),
    (re.compile(r"\b(web|website|browser|sign ?in|log ?in)\b|웹|로그인", re.I), "/web"),
    (re.compile(r"\b(speak|in) korean\b|한국어로", re.I), "/lang ko"),
    (re.compile(r"\b(speak|in) english\b|영어로", re.I), "/lang en"),
    (re.compile(r"\b(use |in )miles\b|마일로", re.I), "/units mi"),
    (re.compile(r"\b(use |in )(km|kilometres|kilometers)\b|킬로미터로|km로", re.I), "/units km"),
    (re.compile(r"\b(settings|preferences)\b|설정", re.I), "/settings"),
    (re.compile(r"\b(stats|statistics|progress|how am i doing|how (?:was|is) my week|my load|chart)\b"
                r"|통계|기록 보|진행|그래프|부하", re.I), "/stats"),
    (re.compile(r"\b(predict|prediction|how fast could i)\b|예측|예상 ?기록", re.I), "/predict"),
    (re.compile(r"\bskip\b|건너뛰|쉴래|못 뛰|못 달려", re.I), "/skip"),
    (re.compile(r"\btoday\b|오늘.*(뭐|무엇|훈련|달려|뛰어|계획)", re.I), "/today"),
    (re.compile(r"\bnext week\b|다음 ?주", re.I), "/plan next"),
    (re.compile(r"\b(this week'?s? plan|my plan|plan for the week|the plan|week'?s? plan)\b"
                r"|이번 ?주.*계획|계획.*보여|계획 알려|내 계획", re.I), "/plan"),
    (re.compile(r"\b(i'?m|i am|feel(ing)?) (sick|ill|unwell)\b|\bi have a cold\b|아파|감기|몸살|아픈",
                re.I), "/sick"),
    (re.compile(r"\bmove\b.*\b(to|on)\b|옮겨|바꿔", re.I), "/move"),
    (re.compile(r"\b(away|travel(l?ing)?|vacation|holiday|trip)\b|여행|출장|휴가", re.I), "/away"),
    (re.compile(r"\b(goal|race|training for)\b|목표|대회", re.I), "/goal"),
]

_DAYS_EN = r"(\d+)\s*(?:days?|d)\b"
_DAYS_KO = r"(\d+)\s*일"
_DATE = r"(\d{4}-\d{2}-\d{2})"


def command_for(text: str) -> str | None:
    """The command a plain message means, with what arguments it names; None if unclear."""
    for pattern, command in _INTENTS:
        match = pattern.search(text)
        if not match:
            continue
        if command == "/log":
            groups = [g for g in match.groups() if g]
            distance = _distance(groups[0])
            return f"/log {distance} {groups[1]}"
        if command == "/sick":
            days = re.search(_DAYS_EN, text, re.I) or re.search(_DAYS_KO, text)
            return f"/sick {days.group(1)}" if days else "/sick"
        if command == "/move":
            target = _weekday_mentioned(text)
            if target and re.search(r"\blong( run)?\b|장거리|롱런", text, re.I):
                return f"/move long {target}"
            return f"/move {target}" if target else "/move"
        if command == "/away":
            dates = re.findall(_DATE, text)
            return f"/away {dates[0]} {dates[1]}" if len(dates) >= 2 else "/away"
        if command == "/predict":
            found = re.search(_DIST, text, re.I)
            return f"/predict {_distance(found.group(1))}" if found else "/predict"
        if command == "/goal":
            found = re.search(_DIST, text, re.I)
            date = re.search(_DATE, text)
            if found and date:
                return f"/goal {_distance(found.group(1))} {date.group(1)}"
            return "/goal"
        return command
    return None


def _distance(text: str) -> str:
    raw = text.lower().replace(" ", "")
    for word, replacement in _DISTANCE_WORDS.items():
        raw = raw.replace(word, replacement)
    return raw


_WEEKDAYS = {
    "mon": "mon", "tue": "tue", "wed": "wed", "thu": "thu", "fri": "fri", "sat": "sat", "sun": "sun",
    "월요일": "mon", "화요일": "tue", "수요일": "wed", "목요일": "thu", "금요일": "fri",
    "토요일": "sat", "일요일": "sun", "tomorrow": "tomorrow", "내일": "tomorrow",
}


def _weekday_mentioned(text: str) -> str | None:
    lowered = text.lower()
    # The day after "to"/"로" is the target; fall back to the last weekday named.
    found = [(lowered.rfind(k), v) for k, v in _WEEKDAYS.items() if k in lowered]
    return max(found)[1] if found else None
