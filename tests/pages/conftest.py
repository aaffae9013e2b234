"""Page tests run logged in: the login gate in app.py shows nothing else before login."""

from __future__ import annotations

from tests.support.login import DEFAULT_USER, log_in

__all__ = ["DEFAULT_USER", "log_in"]
