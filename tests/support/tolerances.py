"""Tolerances no demo figure breaches: for tests of flows that approve minutes after drafting an agenda, where the
(B) items a tolerance breach proposes (portfolio/risks/tolerances.py) would each need an outcome first."""

from __future__ import annotations

from pathlib import Path

LOOSE = """[time]
yellow_days = 100000
red_beyond_days = 100000
[inclusion]
yellow_below_share = 0.0
red_below_share = 0.0
[fut]
yellow_days = 100000
red_beyond_days = 100000
"""


def loose_tolerances(folder: Path) -> str:
    path = folder / "loose-tolerances.toml"
    path.write_text(LOOSE, encoding="utf-8")
    return str(path)
