"""Helpers shared by the robustness tests: store inventories, plan workbooks, the CLI in a child process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import Engine, func, select

from portfolio.db import read_session
from portfolio.models import (
    AuditEvent,
    InclusionCount,
    Milestone,
    MilestoneDependency,
    PlanVersion,
    TargetPoint,
    TargetSet,
)
from tests.importing.builders import LONG_INCLUSION, MILESTONES, plan_workbook

REPO = Path(__file__).resolve().parents[2]
LANDSDELE = ["Nord", "Midt", "Syd", "Hovedstaden", "Sjælland"]
PROGRAMMES = ["KOL", "HJERTESVIGT"]
PLAN_TABLES = (PlanVersion, Milestone, MilestoneDependency, InclusionCount, TargetSet, TargetPoint)


def inventory(engine: Engine) -> dict[str, object]:
    """Row counts of every table an import writes, and the stored plan versions themselves."""
    with read_session(engine) as session:
        counts = {m.__tablename__: session.scalar(select(func.count()).select_from(m)) or 0 for m in PLAN_TABLES}
        versions = sorted(session.execute(select(PlanVersion.landsdel_id, PlanVersion.programme_id,
                                                 PlanVersion.version_no, PlanVersion.checksum)).all())
    return {**counts, "versions": [tuple(v) for v in versions]}


def audit_count(engine: Engine) -> int:
    with read_session(engine) as session:
        return session.scalar(select(func.count()).select_from(AuditEvent)) or 0


def distinct_plan(landsdel: str, programme: str, revision: int = 0) -> bytes:
    """A valid plan of ``landsdel``/``programme``; each ``revision`` differs in one milestone title."""
    rows = [list(r) for r in MILESTONES]
    rows[1][1] = f"Uddannelse af personale, runde {revision}"
    return plan_workbook(landsdel=landsdel, programme=programme, milestones=rows, inclusion=LONG_INCLUSION
                         if landsdel == "Syd" else None)


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def cli_env(database_url: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url, "PORTFOLIO_USER": "test", "PORTFOLIO_LANG": "en",
            "PYTHONUNBUFFERED": "1", **extra}


def portfolio_cli(database_url: str, *args: str, timeout: float = 120) -> subprocess.Popen:
    """Start `python -m portfolio ARGS` (not waited for)."""
    return subprocess.Popen([sys.executable, "-m", "portfolio", *args], cwd=REPO, env=cli_env(database_url),
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
