"""Reportage: who said what, and who did what to whom, in news text, pinned to the characters."""

__version__ = "0.1.0"

from reportage.pipeline import analyze, analyze_many  # noqa: E402
from reportage.settings import Settings  # noqa: E402

__all__ = ["Settings", "analyze", "analyze_many", "__version__"]
