"""One settings object for the whole product, read from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DB_PATH = DATA_DIR / "portfolio.db"


@dataclass(frozen=True)
class Settings:
    database_url: str
    language: str  # "da" or "en": CLI messages and the UI's default
    user: str  # who the CLI acts as (attribution in the audit log)

    @classmethod
    def from_env(cls) -> Settings:
        lang = os.environ.get("PORTFOLIO_LANG", "da").lower()
        return cls(
            database_url=os.environ.get("DATABASE_URL") or f"sqlite:///{DEFAULT_DB_PATH}",
            language=lang if lang in ("da", "en") else "da",
            user=os.environ.get("PORTFOLIO_USER", "admin"),
        )
