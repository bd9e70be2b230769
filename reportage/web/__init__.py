"""The web view and JSON API (``reportage serve``): see :func:`reportage.web.app.create_app`."""

from __future__ import annotations


def create_app(*args, **kwargs):  # noqa: ANN002, ANN003 - thin re-export that keeps fastapi out of CLI start-up
    from reportage.web.app import create_app as _create

    return _create(*args, **kwargs)
