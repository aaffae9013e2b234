"""The import and the feed stay readable: no function more complex than ruff's C901 default (10) without a
one-line reason beside its ``# noqa: C901``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_no_function_in_importing_or_feed_is_too_complex() -> None:
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--select", "C901",
                           "--output-format", "concise", "portfolio/importing", "portfolio/feed"],
                          cwd=REPO, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_every_complexity_exception_says_why() -> None:
    for path in [*REPO.glob("portfolio/importing/*.py"), *REPO.glob("portfolio/feed/*.py")]:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "noqa: C901" in line:
                reason = line.split("noqa: C901", 1)[1].strip(" -–:")
                assert len(reason) >= 10, f"{path.name}:{number} needs a reason beside its noqa: C901"
