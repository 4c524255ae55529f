"""Imports every module that defines background tasks, so a worker knows them all."""
