"""A workout described in the runner's language and units, from its structured fields.

The engine's `description` is English and per km; here the same structure (the engine's
`parts`: warm-up, reps, jogs, cool-down) is rendered through the message catalogues.
"""

from __future__ import annotations

from coach.domain.athletes import Language, Units
from coach.domain.plans import Workout, WorkoutKind
from coach.engine.sessions import parts
from coach.i18n import t
from coach.units import format_distance, format_duration, format_pace, format_pace_range, pace_suffix

K = WorkoutKind
_PACE_LETTER = {K.TEMPO: "T", K.INTERVALS: "I", K.REPETITION: "R", K.MARATHON: "M"}


def pace_text(pace: tuple[float, float] | None, units: Units, *, centre: bool = False) -> str:
    """`5:45-6:20 /km` (or the centre `4:30 /km`), in the runner's units."""
    if pace is None:
        return ""
    lo, hi = pace
    if centre or abs(hi - lo) < 1:
        return f"{format_pace((lo + hi) / 2, units)} {pace_suffix(units)}"
    return f"{format_pace_range(lo, hi, units)} {pace_suffix(units)}"


def _rep(metres: float, units: Units) -> str:
    # Track reps are named in metres whatever the runner's units, as coaches do.
    if metres < 1000:
        return f"{metres:.0f} m"
    return format_distance(metres, units)


def describe(lang: Language, units: Units, w: Workout) -> str:
    """One or two sentences on how to run `w`."""
    if w.kind is K.REST:
        return t(lang, "wk_rest")
    if w.kind is K.CROSS:
        return t(lang, "wk_cross", duration=format_duration(w.duration_s or 1800))
    distance = format_distance(w.distance_m or 0.0, units)
    if w.kind is K.RACE:
        return t(lang, "wk_race", distance=distance, pace=pace_text(w.pace_s_per_km, units,
                                                                       centre=True))
    if w.kind in (K.EASY, K.RECOVERY, K.LONG):
        return t(lang, f"wk_{w.kind.value}", distance=distance,
                 pace=pace_text(w.pace_s_per_km, units))
    p = parts(w.kind, w.distance_m or 0.0)
    pace = pace_text(w.pace_s_per_km, units, centre=True)
    letter = _PACE_LETTER.get(w.kind, "")
    if p is None:
        return t(lang, "wk_quality_plain", kind=t(lang, f"kind_{w.kind.value}"), distance=distance,
                 letter=letter, pace=pace)
    values = {"kind": t(lang, f"kind_{w.kind.value}"), "warmup": format_distance(p.warmup_m, units),
              "cooldown": format_distance(p.cooldown_m, units), "letter": letter, "pace": pace,
              "total": distance}
    if p.reps == 1:
        return t(lang, "wk_quality_single", main=format_distance(p.rep_m, units), **values)
    return t(lang, "wk_quality_reps", reps=p.reps, rep=_rep(p.rep_m, units),
             jog=_rep(p.jog_m, units), **values)
