"""Attribution extraction (being written)."""
from __future__ import annotations


def extract_attributions(parsed, table, outlet=None):
    return []
