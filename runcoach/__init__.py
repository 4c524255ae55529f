"""The composition root: settings, bootstrap (builds everything once) and the `runcoach` command."""
