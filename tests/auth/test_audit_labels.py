"""The audit page's words: every action the code records has a Danish and English name; details read as fields."""

from __future__ import annotations

import re
from pathlib import Path

from portfolio.auth.audit_labels import ACTION_NAMES, action_label, detail_text

ROOT = Path(__file__).resolve().parents[2]


def test_every_recorded_action_has_a_name() -> None:
    source = "\n".join(p.read_text() for p in (ROOT / "portfolio").rglob("*.py"))
    literal = set(re.findall(r'action="([a-z_]+\.[a-z_.]+)"', source))
    constants = set(re.findall(r'^[A-Z_]*ACTION[A-Z_]* = "([a-z_.]+)"', source, re.MULTILINE))
    missing = sorted((literal | constants) - set(ACTION_NAMES))
    assert not missing, missing


def test_details_read_as_fields() -> None:
    text = detail_text('{"snapshot_id": 2, "format": "pptx", "bytes": 123456, "local_password": true}', "da")
    assert text == "Snapshot: 2 · Format: pptx · Størrelse (byte): 123.456 · Lokal adgangskode: ja"
    assert detail_text("{}", "da") == "" and detail_text(None, "en") == ""
    assert "{" not in detail_text({"filters": {"actor": "nord", "text": ""}}, "en")
    assert action_label("snapshot.export", "da") == "Bilag hentet"
    assert action_label("snapshot.", "en") == "Snapshots (all)"
    assert action_label("meeting.add", "da") == "meeting.add"  # a newer feature's code is shown as recorded
