"""PDF of the pack: LibreOffice headless converts the same .pptx (one real conversion in the suite)."""

from __future__ import annotations

import io
import re

import pytest
from pptx import Presentation

from portfolio.snapshots import service
from portfolio.snapshots.errors import SnapshotRefused
from portfolio.snapshots.pdf import find_soffice
from tests.conftest import skip_or_fail
from tests.snapshots.builders import count_audit


def test_pdf_of_the_pack(demo_snapshots):
    if find_soffice() is None:
        skip_or_fail("LibreOffice (soffice) is missing: apt-get install libreoffice-impress, or run `make test`")
    result = service.export_snapshot(demo_snapshots.engine, demo_snapshots.september.info.id, "pdf", actor="t")
    assert result.data.startswith(b"%PDF-")
    assert result.file_name.endswith(".pdf") and result.mime == "application/pdf"
    pages = len(re.findall(rb"/Type\s*/Page[^s]", result.data))
    slides = len(Presentation(io.BytesIO(service.export_snapshot(
        demo_snapshots.engine, demo_snapshots.september.info.id, "pptx", actor="t").data)).slides)
    assert pages == slides  # the same pack, page for page


def test_without_libreoffice_the_pdf_is_refused_clearly(demo_snapshots, monkeypatch):
    monkeypatch.setenv("PORTFOLIO_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(SnapshotRefused) as refused:
        service.export_snapshot(demo_snapshots.engine, demo_snapshots.september.info.id, "pdf", actor="t")
    assert "LibreOffice" in refused.value.message("da") and "libreoffice-impress" in refused.value.message("en")
    assert count_audit(demo_snapshots.engine, "snapshot.export") == 0
