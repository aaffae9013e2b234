"""Every download's file name carries the snapshot's date, label and id, in characters any system accepts."""

from __future__ import annotations

import pytest

from portfolio.snapshots.service import file_name, label_slug


@pytest.mark.parametrize(("label", "slug"), [
    ("Møde 8. september 2022", "Moede-8-september-2022"),
    ("Styregruppe: Å/Æ/Ø", "Styregruppe-Aa-Ae-Oe"),
    ("../../etc/passwd", "etc-passwd"),
    ("<script>", "script"),
    ("   ", ""),
    ("Café — résumé", "Cafe-resume"),
])
def test_label_slug(label: str, slug: str) -> None:
    assert label_slug(label) == slug


def test_file_name_has_date_label_and_id() -> None:
    assert file_name(7, "2022-09-08", "pptx", "Møde 8. september 2022") == \
        "Statuspakke_2022-09-08_Moede-8-september-2022_snapshot-7.pptx"
    assert file_name(7, "2022-09-08", "xlsx", "") == "Bilag_2022-09-08_snapshot-7.xlsx"
    assert len(file_name(1, "2022-09-08", "pdf", "x" * 500)) < 100
