"""One workout: its structure (warm-up, reps, cool-down), pace range, time and one-line description.

Everything here is a pure function of (kind, distance, paces), so a workout that is shortened,
lengthened or re-paced later is rebuilt the same way, and the guardrails can recompute how much
of it is run hard from the workout alone.
"""

from __future__ import annotations

import functools
import logging
import math
from dataclasses import dataclass
from datetime import date

from coach.domain.plans import PlanWeek, Workout, WorkoutKind
from coach.science.paces import TrainingPaces

logger = logging.getLogger(__name__)

K = WorkoutKind
QUALITY = frozenset(k for k in WorkoutKind if k.is_quality)
RUNS = frozenset(k for k in WorkoutKind if k.is_run)
STEP_M = 100.0
ROUND_M = 500.0
MIN_RUN_M = 2000.0
_LONG_SESSION_M = 8000.0
_MIN_WORK = {K.TEMPO: 2000.0, K.INTERVALS: 2400.0, K.REPETITION: 1600.0, K.MARATHON: 4000.0}
_MAX_WORK = {K.TEMPO: 10000.0, K.INTERVALS: 10000.0, K.REPETITION: 6000.0, K.MARATHON: 29000.0}
_CONTINUOUS_TEMPO_MAX_M = 5000.0
_CRUISE_JOG_M = 200.0
_NOTE_SEP = "; "


@dataclass(frozen=True, slots=True)
class Parts:
    """A quality session: warm-up, `reps` × `rep_m` hard with `jog_m` between, cool-down."""

    warmup_m: float
    reps: int
    rep_m: float
    jog_m: float
    cooldown_m: float

    @property
    def work_m(self) -> float:
        return self.reps * self.rep_m


def run_m(w: Workout) -> float:
    """Planned running of a workout (the domain's `planned_distance_m`, without the enum calls)."""
    return (w.distance_m or 0.0) if w.kind in RUNS else 0.0


def week_m(week: PlanWeek) -> float:
    """A week's planned running; always the sum of its workouts, like `planned_distance_m`."""
    return sum(run_m(w) for w in week.workouts)


def floor_to(metres: float, step: float = STEP_M) -> float:
    return math.floor(metres / step + 1e-9) * step


@functools.lru_cache(maxsize=8192)
def parts(kind: WorkoutKind, distance_m: float) -> Parts | None:
    """How a quality session of `distance_m` is run, or None when it is too short to be one."""
    if kind not in QUALITY:
        return None
    warmup, cooldown = (2000.0, 1500.0) if distance_m >= _LONG_SESSION_M else (1500.0, 1000.0)
    main = distance_m - warmup - cooldown
    if main < _MIN_WORK[kind] - 1e-6:
        return None
    cap = _MAX_WORK[kind]
    if kind is K.MARATHON or (kind is K.TEMPO and main <= _CONTINUOUS_TEMPO_MAX_M):
        rep = floor_to(min(main, cap))
        return Parts(warmup, 1, rep, 0.0, cooldown + main - rep)
    if kind is K.TEMPO:
        reps = max(2, math.ceil(min(main, cap) / 2500.0))
        rep = floor_to(min((main - (reps - 1) * _CRUISE_JOG_M) / reps, cap / reps))
        jog = _CRUISE_JOG_M
    elif kind is K.INTERVALS:
        rep = 1000.0 if main >= 5400.0 else 800.0
        jog = 400.0
        reps = min(int((main + jog) // (rep + jog)), int(cap // rep))
        if reps < 3:
            return None
    else:
        rep = 400.0 if main >= 3600.0 else 200.0
        jog = rep
        reps = min(int((main + jog) // (rep + jog)), int(cap // rep), 16)
        if reps < 4:
            return None
    used = reps * rep + (reps - 1) * jog
    return Parts(warmup, reps, rep, jog, cooldown + main - used)


def pace_range(kind: WorkoutKind, paces: TrainingPaces) -> tuple[float, float] | None:
    """Pace range (fast, slow) in s/km of a kind's main running; None for rest."""
    easy_fast, easy_slow = float(round(paces.easy[0])), float(round(paces.easy[1]))
    if kind in (K.EASY, K.LONG):
        return (easy_fast, max(easy_slow, easy_fast + 1.0))
    if kind is K.RECOVERY:
        return (easy_slow, easy_slow + 20.0)
    centre = {K.TEMPO: paces.threshold, K.INTERVALS: paces.interval,
              K.REPETITION: paces.repetition, K.MARATHON: paces.marathon}.get(kind)
    if centre is None:
        return None
    half = 4.0 if kind is K.MARATHON else 3.0
    return (float(round(centre)) - half, float(round(centre)) + half)


def mid(pace: tuple[float, float]) -> float:
    return (pace[0] + pace[1]) / 2.0


def easy_mid(paces: TrainingPaces) -> float:
    return (paces.easy[0] + paces.easy[1]) / 2.0


def clock(seconds: float) -> str:
    """`m:ss`, or `h:mm:ss` from an hour up."""
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def km(metres: float) -> str:
    text = f"{metres / 1000.0:.1f}"
    return (text[:-2] if text.endswith(".0") else text) + " km"


def _rep(metres: float) -> str:
    return f"{metres:.0f} m" if metres < 1000.0 else km(metres)


def hard_and_easy_m(w: Workout) -> tuple[float, float]:
    """Metres of a workout run at its main (hard) pace and metres run easy."""
    distance = w.distance_m or 0.0
    if w.kind not in QUALITY:
        return 0.0, distance
    p = parts(w.kind, distance)
    if p is None:
        return distance, 0.0
    return p.work_m, distance - p.work_m


def estimated_time_s(w: Workout, paces: TrainingPaces) -> float:
    if w.kind not in RUNS or not w.distance_m:
        return 0.0
    pace = w.pace_s_per_km or pace_range(K.EASY, paces)
    assert pace is not None
    hard, easy = hard_and_easy_m(w)
    if w.kind not in QUALITY:
        return w.distance_m * mid(pace) / 1000.0
    return (hard * mid(pace) + easy * easy_mid(paces)) / 1000.0


@functools.lru_cache(maxsize=8192)
def describe(kind: WorkoutKind, distance_m: float, pace: tuple[float, float]) -> str:
    lo, hi, centre = clock(pace[0]), clock(pace[1]), clock(mid(pace))
    if kind is K.EASY:
        return f"Easy: {km(distance_m)} at {lo}–{hi}/km"
    if kind is K.RECOVERY:
        return f"Recovery: {km(distance_m)} very easy at {lo}–{hi}/km"
    if kind is K.LONG:
        return f"Long run: {km(distance_m)} easy at {lo}–{hi}/km"
    p = parts(kind, distance_m)
    assert p is not None
    letter = {K.TEMPO: "T", K.INTERVALS: "I", K.REPETITION: "R", K.MARATHON: "M"}[kind]
    if p.reps == 1:
        main = f"{km(p.rep_m)} at {letter} {centre}/km"
    else:
        each = clock(p.rep_m * mid(pace) / 1000.0)
        main = (f"{p.reps} × {_rep(p.rep_m)} in {each} ({letter} {centre}/km) "
                f"with {_rep(p.jog_m)} jogs")
    title = {K.TEMPO: "Tempo" if p.reps == 1 else "Cruise intervals", K.INTERVALS: "Intervals",
             K.REPETITION: "Repetitions", K.MARATHON: "Marathon pace"}[kind]
    return f"{title}: {km(p.warmup_m)} easy, {main}, {km(p.cooldown_m)} easy"


def make_rest(day: date, why: str = "") -> Workout:
    return Workout(day, K.REST, None, None, None, f"Rest — {why}" if why else "Rest")


def make_run(day: date, kind: WorkoutKind, distance_m: float, paces: TrainingPaces,
             note: str = "") -> Workout:
    """A run of `kind`; a quality session too short for its structure becomes an easy run."""
    distance = floor_to(distance_m)
    if distance < STEP_M:
        return make_rest(day)
    if kind in QUALITY and parts(kind, distance) is None:
        kind = K.EASY
    if kind in (K.REST, K.CROSS, K.RACE):
        kind = K.EASY
    pace = pace_range(kind, paces)
    assert pace is not None
    text = describe(kind, distance, pace) + (_NOTE_SEP + note if note else "")
    w = Workout(day, kind, distance, None, pace, text)
    w.duration_s = float(round(estimated_time_s(w, paces)))
    return w


def make_race(day: date, distance_m: float, label: str, time_s: float, goal: bool) -> Workout:
    pace = time_s / (distance_m / 1000.0)
    aim = f"goal {clock(time_s)}" if goal else f"predicted {clock(time_s)}"
    text = f"Race: {label} at {clock(pace)}/km ({aim})"
    return Workout(day, K.RACE, distance_m, float(round(time_s)),
                   (float(round(pace)) - 2.0, float(round(pace)) + 2.0), text)


def note_of(w: Workout) -> str:
    return w.description.partition(_NOTE_SEP)[2]


def reshape(w: Workout, paces: TrainingPaces, *, kind: WorkoutKind | None = None,
            distance_m: float | None = None, note: str | None = None) -> Workout:
    """The same day's workout with a new kind and/or distance (or new paces), note kept."""
    if w.kind is K.RACE:
        return w
    new_kind = kind if kind is not None else w.kind
    if new_kind is K.REST:
        return make_rest(w.date, note or "")
    distance = distance_m if distance_m is not None else (w.distance_m or 0.0)
    return make_run(w.date, new_kind, distance, paces, note_of(w) if note is None else note)


def same_workout(a: Workout | None, b: Workout | None) -> bool:
    if a is None or b is None:
        return a is b
    return (a.kind is b.kind and a.distance_m == b.distance_m
            and a.pace_s_per_km == b.pace_s_per_km and a.description == b.description)


def copy_workout(w: Workout) -> Workout:
    return Workout(w.date, w.kind, w.distance_m, w.duration_s, w.pace_s_per_km, w.description)
