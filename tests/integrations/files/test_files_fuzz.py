"""Byte mutations of real and written files: the importers raise FileRejected or nothing at all."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.domain.errors import FileRejected
from integrations.files import parse_activity

from .corpus import small_files
from .writers import LapPlan, Plan, write_fit, write_gpx, write_tcx

_SHORT = Plan(laps=(LapPlan(400.0, 120, 150), LapPlan(300.0, 90, 160)), step_s=10)


@cache
def _seeds(kind: str) -> list[tuple[str, bytes]]:
    """Small corpus files of the kind (when the corpus is here) and a written one (always)."""
    seeds = [(path.name, path.read_bytes()) for path in small_files(kind, below_bytes=30_000)]
    writers: dict[str, Callable[[Plan], bytes]] = {
        "fit": write_fit,
        "gpx": write_gpx,
        "tcx": write_tcx,
    }
    writer = writers[kind]
    seeds.append((f"written.{kind}", writer(_SHORT)))
    return seeds


_mutation = st.one_of(
    st.tuples(st.just("flip"), st.floats(0, 1), st.integers(1, 255)),
    st.tuples(st.just("cut"), st.floats(0, 1), st.just(0)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=16)),
    st.tuples(st.just("delete"), st.floats(0, 1), st.integers(1, 64)),
    st.tuples(st.just("copy"), st.floats(0, 1), st.integers(1, 256)),
)


Mutation = tuple[str, float, int | bytes]


def _mutate(data: bytes, mutations: Sequence[Mutation]) -> bytes:
    out = bytearray(data)
    for kind, where, arg in mutations:
        if not out:
            break
        at = min(int(where * len(out)), len(out) - 1)
        if isinstance(arg, bytes):
            out[at:at] = arg
        elif kind == "flip":
            out[at] ^= arg
        elif kind == "cut":
            del out[at:]
        elif kind == "delete":
            del out[at : at + arg]
        else:
            out[at:at] = out[max(at - arg, 0) : at]
    return bytes(out)


@pytest.mark.parametrize("kind", ["fit", "gpx", "tcx"])
@settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_no_exception_but_file_rejected_escapes(kind: str, data: st.DataObject) -> None:
    name, original = data.draw(st.sampled_from(_seeds(kind)), label="seed")
    mutations = data.draw(st.lists(_mutation, min_size=1, max_size=4), label="mutations")
    mutated = _mutate(original, mutations)
    rejected: FileRejected | None = None
    try:
        parsed = parse_activity(name, mutated)
    except FileRejected as error:
        rejected = error
    if rejected is not None:
        assert rejected.filename == name
        assert rejected.message.startswith(f"{name}: ")
        assert rejected.reason
        return
    run = parsed.run
    assert run.start_time.tzinfo is not None
    assert run.distance_m >= 0
    assert run.elapsed_s > 0
    assert 0 < run.moving_s <= run.elapsed_s + 1
    assert run.stream is None or len(run.stream) <= 2000
