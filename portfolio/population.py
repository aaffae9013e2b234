"""Inhabitants per municipality (``data/kommuner_indbyggere.csv``): what demo and synthetic figures scale by.

Rounded figures of the order of Danmarks Statistik's FOLK1A for 1 January 2022 (to the nearest 500, small
islands to the nearest 100). They only make invented figures plausible (Læsø tiny, Aalborg large); nothing the
steering group decides rests on them.
"""

from __future__ import annotations

import csv
from functools import lru_cache

from portfolio.config import DATA_DIR

POPULATION_CSV = DATA_DIR / "kommuner_indbyggere.csv"


@lru_cache(maxsize=1)
def population() -> dict[int, int]:
    """Municipality code as a number (851 for "0851") -> inhabitants."""
    with POPULATION_CSV.open(encoding="utf-8", newline="") as handle:
        return {int(row["kommunekode"]): int(row["indbyggere"]) for row in csv.DictReader(handle)}


def inhabitants(code: str | int) -> int | None:
    """Inhabitants of the municipality with this code ("0851", "851" or 851); None for an unknown code."""
    try:
        return population().get(int(code))
    except (TypeError, ValueError):
        return None
