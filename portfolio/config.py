"""The product's configuration: every environment variable is read here, and only here.

:data:`VARIABLES` lists them all (README.md's "Configuration" table documents each; a test holds the two together).
Modules ask :func:`env` (read at the call, so a changed environment applies at once) or use :class:`Settings`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB_PATH = DATA_DIR / "portfolio.db"

VARIABLES = (
    "DATABASE_URL",
    "PORTFOLIO_LANG",
    "PORTFOLIO_USER",
    "PORTFOLIO_ADMIN_PASSWORD",
    "PORTFOLIO_DEMO_PASSWORD",
    "PORTFOLIO_TRUSTED_PROXIES",
    "PORTFOLIO_SOFFICE",
    "SESSION_HOURS",
    "RAG_RULES_PATH",
    "TOLERANCES_PATH",
    "FUT_FEED_URL",
    "FUT_STALE_DAYS",
    "FUT_FEED_TIMEOUT",
    "FUT_FEED_MAX_BYTES",
    "FUT_FEED_RETRIES",
    "FUT_FEED_DEADLINE",
)


def env(name: str, default: str = "") -> str:
    """The environment variable ``name`` (one of :data:`VARIABLES`), or ``default`` when unset."""
    if name not in VARIABLES:
        raise KeyError(f"{name} is not a configuration variable of portfolio/config.py")
    return os.environ.get(name, default)


def environment() -> Mapping[str, str]:
    """The configuration variables that are set, for settings objects that read several at once."""
    return {name: os.environ[name] for name in VARIABLES if name in os.environ}


@dataclass(frozen=True)
class Settings:
    database_url: str
    language: str  # "da" or "en": CLI messages and the UI's default
    user: str  # who the CLI acts as (attribution in the audit log)

    @classmethod
    def from_env(cls) -> Settings:
        lang = env("PORTFOLIO_LANG", "da").lower()
        return cls(
            database_url=env("DATABASE_URL") or f"sqlite:///{DEFAULT_DB_PATH}",
            language=lang if lang in ("da", "en") else "da",
            user=env("PORTFOLIO_USER", "admin"),
        )
