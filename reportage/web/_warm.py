"""Imported once by the analysis pool's fork server: load the model and the rules before any fork.

Every analysis worker is forked from that server, so a new worker, including one that replaces a
worker killed for an abandoned or over-long analysis, starts with the model already in memory
(shared copy-on-write) instead of spending seconds loading it while texts wait.
"""

from __future__ import annotations

from reportage.web.analysis import warm_up

warm_up(full=True)
