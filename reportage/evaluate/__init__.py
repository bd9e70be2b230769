"""Scorers for the gold sets; each module with a NAME becomes `reportage eval NAME`."""
