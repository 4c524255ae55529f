"""Tests of the activity-file importers (FIT, GPX, TCX, archives)."""
