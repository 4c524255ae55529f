"""Training science: VDOT and paces, race prediction, current fitness, training load and zones.

Pure and deterministic: standard library only, no I/O, no clock (callers pass `today`).
"""
