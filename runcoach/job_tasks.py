"""Imports every module that defines background tasks, so a worker knows them all."""

from runcoach import jobs_coaching  # noqa: F401
