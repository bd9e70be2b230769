"""Actors: the knowledge base of coded actors and the per-document resolver."""

from reportage.actors.resolve import DocActors, resolve_actors

__all__ = ["DocActors", "resolve_actors"]
