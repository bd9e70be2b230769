"""Shared fixtures: the spaCy pipeline once per session, and where the shared data lives."""

from __future__ import annotations

from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLE = SHARED / "examples" / "putin-nato-sachkhabrain.txt"


@pytest.fixture(scope="session")
def nlp():
    from reportage.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def example_text() -> str:
    if not EXAMPLE.exists():
        pytest.skip(f"founding example not found at {EXAMPLE} (../shared is absent)")
    return EXAMPLE.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _no_user_actors_leak():
    """Every test: a user's actors never reach the shared cached knowledge base (they live in an overlay)."""
    yield
    from reportage.actors.kb import load_kb

    if load_kb.cache_info().currsize:
        leaked = [i for i in load_kb().entries if i.startswith("user:")]
        assert not leaked, f"user actors leaked into the shared knowledge base: {leaked[:5]}"
