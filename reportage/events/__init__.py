"""Events: CAMEO/PLOVER codebook, verb lexicon and the coder."""

from reportage.events.coder import code_events

__all__ = ["code_events"]
