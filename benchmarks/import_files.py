"""Runs per second through parse_activity against the format libraries alone, on the same files.

    .venv/bin/python benchmarks/import_files.py [--seconds 1.0] [--rounds 2]

The files are the shared real-device corpus (when `../shared/fixtures/activities` is
there) and files written by the test writers (fit-tool, gpxpy, lxml). Each side imports
the whole set over and over until it has used at least `--seconds` of CPU; the best of
`--rounds` alternating rounds is kept. CPU time rather than wall time, so other work on a
shared machine hardly moves the figures. The baseline is only the library reading each
file (fitdecode iterating every frame, gpxpy.parse, tcxreader.read); parse_activity adds
sniffing, checks, splits and the compact stream.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import fitdecode  # noqa: E402
import gpxpy  # noqa: E402
from tcxreader.tcxreader import TCXReader  # noqa: E402

from coach.domain.errors import FileRejected  # noqa: E402
from integrations.files import detect_format, parse_activity  # noqa: E402
from tests.integrations.files.writers import (  # noqa: E402
    LapPlan,
    Plan,
    write_fit,
    write_gpx,
    write_tcx,
)

CORPUS = (ROOT / ".." / "shared" / "fixtures" / "activities").resolve()
GOAL = 0.8


def collect() -> list[tuple[str, bytes]]:
    files = []
    if CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*/*")):
            if path.suffix in (".fit", ".gpx", ".tcx"):
                files.append((path.name, path.read_bytes()))
    plans = [
        Plan(),
        Plan(laps=(LapPlan(5000.0, 1500, 150), LapPlan(5000.0, 1450, 160)), step_s=1),
        Plan(laps=(LapPlan(21_097.5, 6300, 155),), step_s=3),
    ]
    for number, plan in enumerate(plans):
        files.append((f"written-{number}.fit", write_fit(plan)))
        files.append((f"written-{number}.gpx", write_gpx(plan)))
        files.append((f"written-{number}.tcx", write_tcx(plan)))
    return files


def raw_read(name: str, data: bytes) -> None:
    """The library alone, with its default settings, reading everything in the file."""
    kind = detect_format(name, data)
    try:
        if kind == "fit":
            with fitdecode.FitReader(data) as reader:
                for _ in reader:
                    pass
        elif kind == "gpx":
            gpxpy.parse(data.decode("utf-8"))
        else:
            TCXReader().read(io.BytesIO(data), only_gps=False)
    except Exception:  # broken corpus files stop the library early; that is its cost
        return


def our_import(name: str, data: bytes) -> None:
    try:
        parse_activity(name, data)
    except FileRejected:
        return


def seconds_per_pass(
    files: list[tuple[str, bytes]], read: Callable[[str, bytes], None], seconds: float
) -> float:
    """CPU time for one pass over `files`, averaged over as many passes as fill `seconds`.

    CPU time rather than wall time: other work on a shared machine then hardly moves it.
    """
    passes = 0
    began = time.process_time()
    while True:
        for name, data in files:
            read(name, data)
        passes += 1
        spent = time.process_time() - began
        if spent >= seconds:
            return spent / passes


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    files = collect()
    source = "corpus + written" if CORPUS.is_dir() else "written only"
    print(f"{len(files)} files ({source}); best of {args.rounds} rounds of >= {args.seconds} s each")
    print(f"{'set':5} {'files':>5} {'raw runs/s':>11} {'import runs/s':>14} {'ratio':>6}  (CPU time)")
    raw_total = ours_total = 0.0
    for kind in ("fit", "gpx", "tcx"):
        group = [f for f in files if detect_format(*f) == kind]
        raw = ours = float("inf")
        for _ in range(args.rounds):
            raw = min(raw, seconds_per_pass(group, raw_read, args.seconds))
            ours = min(ours, seconds_per_pass(group, our_import, args.seconds))
        raw_total += raw
        ours_total += ours
        _line(kind, len(group), raw, ours)
    _line("all", len(files), raw_total, ours_total)
    ratio = raw_total / ours_total
    verdict = "meets" if ratio >= GOAL else "misses"
    print(f"ratio import/raw over all files: {ratio:.2f} ({verdict} the goal of {GOAL})")


def _line(label: str, count: int, raw_s: float, ours_s: float) -> None:
    print(f"{label:5} {count:5d} {count / raw_s:11.1f} {count / ours_s:14.1f} {raw_s / ours_s:6.2f}")


if __name__ == "__main__":
    main()
