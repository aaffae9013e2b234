"""The message catalogues are loaded by portfolio.i18n itself: nobody imports a wing's messages.py for its side
effect, and a message of any wing can be looked up first thing in a fresh process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from portfolio.i18n import catalogue_modules

ROOT = Path(__file__).resolve().parent.parent


def test_every_wings_catalogue_is_found():
    found = set(catalogue_modules())
    assert {"portfolio.auth.messages", "portfolio.meetings.messages", "portfolio.risks.messages",
            "portfolio.snapshots.messages", "portfolio.maintenance.messages", "portfolio.rag_messages"} <= found


def test_the_glossary_check_sees_every_catalogue():
    from tests.support.catalogue import all_messages

    keys = all_messages()
    for key in ("meeting.nav", "risk.nav", "rag.reason.none", "dash.nav.inclusion"):
        assert key in keys, key


def test_the_derived_rag_does_not_depend_on_the_dashboard_wing():
    source = (ROOT / "portfolio" / "rag.py").read_text(encoding="utf-8")
    assert "portfolio.dashboard" not in source


def test_a_fresh_process_finds_any_wings_message():
    script = ("from portfolio.i18n import t; "
              "print(t('meeting.nav', 'da'), t('risk.nav', 'en'), t('auth.login.title', 'en'), "
              "t('rag.reason.none', 'en', days=1, share=1), sep='|')")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60,
                         check=True).stdout.strip()
    assert out.split("|")[0] == "Møder" and out.split("|")[1] == "Risks" and out.split("|")[2]


def test_an_unknown_key_still_fails_loudly():
    import pytest

    from portfolio.i18n import t

    with pytest.raises(KeyError):
        t("no.such.message", "da")
