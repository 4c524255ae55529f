"""How the sport names that FIT, TCX and GPX files use map onto the coach's few sports."""

from __future__ import annotations

import re

from coach.domain.runs import Sport

_WORDS: dict[str, Sport] = {}
for _sport, _names in {
    Sport.RUN: "run running runs jog jogging street road roadrunning streetrunning track trackrunning",
    Sport.TRAIL_RUN: "trail trailrun trailrunning ultrarun mountainrun",
    Sport.TREADMILL: "treadmill treadmillrunning indoorrunning indoorrun virtualrun virtualactivity",
    Sport.WALK: "walk walking hike hiking casualwalking speedwalking nordicwalking snowshoe",
    Sport.RIDE: "ride riding cycling biking bike cycle roadbiking roadcycling mountainbiking "
    "mountainbikeride mtb gravelride gravelcycling ebikeride ebiking emountainbikeride "
    "virtualride indoorcycling indoorride handcycle velomobile cyclocross",
    Sport.SWIM: "swim swimming lapswimming openwater openwaterswimming poolswim",
}.items():
    for _name in _names.split():
        _WORDS[_name] = _sport

# Strava's own GPX exports write <type> as a number from its activity-type list (9 is a
# run and 16 a swim in our corpus); these are the codes that matter for a running coach.
_STRAVA_CODES = {
    "1": Sport.RIDE,
    "4": Sport.WALK,
    "9": Sport.RUN,
    "10": Sport.WALK,
    "16": Sport.SWIM,
    "17": Sport.RIDE,
    "18": Sport.RIDE,
    "53": Sport.TREADMILL,
}

_RUN_SUB_SPORTS = {
    "treadmill": Sport.TREADMILL,
    "indoor_running": Sport.TREADMILL,
    "virtual_activity": Sport.TREADMILL,
    "trail": Sport.TRAIL_RUN,
}

_FIT_SPORTS = {
    "running": Sport.RUN,
    "walking": Sport.WALK,
    "hiking": Sport.WALK,
    "cycling": Sport.RIDE,
    "e_biking": Sport.RIDE,
    "swimming": Sport.SWIM,
}


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def sport_from_name(text: str | None) -> Sport | None:
    """A sport named in free text (GPX <type>, Strava codes, app names); None when unknown."""
    if text is None or not text.strip():
        return None
    key = _key(text)
    if key.isdigit():
        return _STRAVA_CODES.get(key, Sport.OTHER)
    return _WORDS.get(key, Sport.OTHER)


def sport_from_fit(sport: object, sub_sport: object) -> Sport:
    """FIT `sport` / `sub_sport` enum names as fitdecode gives them (ints when unknown)."""
    if not isinstance(sport, str):
        return Sport.OTHER
    base = _FIT_SPORTS.get(sport, Sport.OTHER)
    if base is Sport.RUN and isinstance(sub_sport, str):
        return _RUN_SUB_SPORTS.get(sub_sport, Sport.RUN)
    return base


def sport_from_tcx(sport: str | None) -> Sport:
    """TCX Activity@Sport is one of Running, Biking or Other."""
    return sport_from_name(sport) or Sport.OTHER
