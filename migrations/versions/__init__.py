"""Migration revisions, applied in order by `runcoach migrate`."""
