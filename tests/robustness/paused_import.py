"""Test-only: `python -m tests.robustness.paused_import import-plan FILE ...` runs the real CLI, but the
importer pauses inside its transaction, after every row of the new plan version has been flushed to the
database and before the commit, and says PAUSED on stdout. The test then kills the process with SIGKILL.
"""

from __future__ import annotations

import sys
import time

from portfolio.importing import store

_store = store.store_plan


def _store_then_pause(session, *args, **kwargs):  # type: ignore[no-untyped-def]
    version = _store(session, *args, **kwargs)
    session.flush()
    print("PAUSED", flush=True)
    time.sleep(300)  # the test kills us long before this ends
    return version


store.store_plan = _store_then_pause

if __name__ == "__main__":
    from portfolio.cli import main

    sys.exit(main(sys.argv[1:]))
