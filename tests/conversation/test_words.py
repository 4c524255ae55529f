"""Reading runners' words (intents, places, race results, paces) and writing workouts in ko/en."""

from __future__ import annotations

from datetime import date

import pytest

from coach.conversation.answers import parse_fitness, parse_korean_date, parse_zone, vdot_from_easy_pace
from coach.conversation.intents import command_for
from coach.conversation.workouts import describe
from coach.domain.athletes import Language, Units
from coach.domain.errors import InvalidInput
from coach.domain.plans import Workout, WorkoutKind
from coach.i18n import en, en_chat, ko, ko_chat
from coach.science.paces import training_paces
from coach.science.vdot import vdot_from_race


@pytest.mark.parametrize(("said", "command"), [
    ("I ran 8k in 42:30", "/log 8k 42:30"), ("10km를 55:00에 뛰었어", "/log 10km 55:00"),
    ("what should I run today?", "/today"), ("오늘 뭐 뛰어?", "/today"),
    ("show me my plan", "/plan"), ("다음 주 계획 보여줘", "/plan next"),
    ("skip today", "/skip"), ("오늘 못 뛰어", "/skip"),
    ("move my long run to Sunday", "/move long sun"), ("장거리를 일요일로 옮겨줘", "/move long sun"),
    ("I'm sick for 3 days", "/sick 3"), ("3일 동안 아파요", "/sick 3"),
    ("I'll be away 2027-01-10 to 2027-01-14", "/away 2027-01-10 2027-01-14"), ("출장 가요", "/away"),
    ("how am I doing?", "/stats"), ("통계 보여줘", "/stats"),
    ("predict my half", "/predict half"), ("풀코스 예상 기록", "/predict marathon"),
    ("connect strava", "/strava"), ("스트라바 연결", "/strava"),
    ("calendar link please", "/calendar"), ("캘린더", "/calendar"),
    ("sign in on the web", "/web"), ("웹 로그인", "/web"),
    ("settings", "/settings"), ("설정 보여줘", "/settings"),
    ("speak Korean", "/lang ko"), ("영어로 해줘", "/lang en"), ("use miles", "/units mi"),
    ("my goal is a half 2027-04-12", "/goal half 2027-04-12"), ("목표 정하기", "/goal"),
    ("what can you do?", "/help"), ("안녕하세요", "/help"), ("blorp", None),
])
def test_plain_words_mean_commands(said: str, command: str | None) -> None:
    assert command_for(said) == command


def test_places_and_zones() -> None:
    assert parse_zone("Seoul") == parse_zone("서울") == parse_zone("asia/seoul") == "Asia/Seoul"
    assert parse_zone("new york") == "America/New_York"
    assert parse_zone("UTC+9") == "Etc/GMT-9" and parse_zone("gmt-5") == "Etc/GMT+5"
    assert parse_zone("Europe/Lisbon") == "Europe/Lisbon"
    assert parse_zone("Atlantis") is None and parse_zone("UTC+20") is None
    assert parse_korean_date("4월 12일", date(2026, 11, 26)) == date(2027, 4, 12)
    assert parse_korean_date("2027년 3월 1일", date(2026, 11, 26)) == date(2027, 3, 1)


def test_race_results_and_easy_paces_become_vdot() -> None:
    race = parse_fitness("10k 48:30", Units.KM)
    assert race.source == "race" and round(race.vdot, 1) == 41.5
    assert parse_fitness("half in 1:45:00", Units.KM).vdot == vdot_from_race(21097.5, 6300)
    pace = parse_fitness("6:15/km", Units.KM)
    assert pace.source == "easy_pace" and pace.easy_pace_s_per_km == 375
    assert parse_fitness("6분 15초", Units.KM).vdot == pace.vdot
    assert parse_fitness("10:03", Units.MI).easy_pace_s_per_km == pytest.approx(374.7, abs=0.1)
    # The VDOT found puts the stated pace in the middle of its easy range.
    fast, slow = training_paces(pace.vdot).easy
    assert abs((fast + slow) / 2 - 375) < 2
    assert vdot_from_easy_pace(900) == 20.0  # slower than the tables go: the floor
    with pytest.raises(InvalidInput):
        parse_fitness("about an hour", Units.KM)


def test_workouts_in_both_languages_and_units() -> None:
    intervals = Workout(date(2026, 12, 2), WorkoutKind.INTERVALS, 10000.0, None, (250.0, 256.0),
                        "Intervals: ...")
    english = describe(Language.EN, Units.KM, intervals)
    assert english.startswith("intervals: 2.0 km easy,") and "× 1000 m" not in english
    assert "at I pace 4:13 /km" in english and "jogs between" in english
    korean = describe(Language.KO, Units.KM, intervals)
    assert korean.startswith("인터벌: 워밍업 2.0 km") and "I 페이스 4:13 /km" in korean
    assert "조깅" in korean and "쿨다운" in korean
    long_mi = describe(Language.EN, Units.MI, Workout(date(2026, 12, 6), WorkoutKind.LONG, 16093.4,
                                                      None, (330.0, 360.0)))
    assert long_mi == "Long run: 10.0 mi easy at 8:51-9:39 /mi; steady, not fast."
    assert describe(Language.KO, Units.KM, Workout(date(2026, 12, 3), WorkoutKind.REST)) == "휴식일이에요."


def test_every_message_exists_in_both_languages() -> None:
    assert set(en_chat.MESSAGES) == set(ko_chat.MESSAGES)
    assert set(en.MESSAGES) == set(ko.MESSAGES)
    for key, english in en_chat.MESSAGES.items():
        assert _fields(english) == _fields(ko_chat.MESSAGES[key]), key


def _fields(template: str) -> set[str]:
    import string

    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(template)
            if name}
