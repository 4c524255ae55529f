"""Imports every module that defines background tasks, so a worker knows them all."""

from runcoach import jobs_coaching, jobs_strava  # noqa: F401
