"""Outbound adapters that translate the outside world (Strava, LLMs, activity files) into the core."""
