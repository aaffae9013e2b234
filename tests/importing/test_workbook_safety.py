"""Files that are not workbooks, are encrypted or would inflate too far are refused fast, unread."""

from __future__ import annotations

import io
import time
import tracemalloc
import zipfile
from pathlib import Path

import pytest

from portfolio.importing import workbook as wbmod
from portfolio.importing.workbook import WorkbookRefused, open_workbook
from tests.importing.builders import plan_workbook

_REPO = Path(__file__).resolve().parents[2]
CORPUS = next((p for p in (_REPO.parent / "shared" / "corpus" / "calamine",
                           _REPO.parent.parent / "shared" / "corpus" / "calamine") if p.is_dir()),
              _REPO.parent / "shared" / "corpus" / "calamine")


def refused_key(data: bytes) -> str:
    with pytest.raises(WorkbookRefused) as caught:
        open_workbook(data)
    return caught.value.key


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize("data", [b"", b"hello", b"ID;Milepael\n1;Kontrakt\n", b"%PDF-1.7\n" + b"x" * 100,
                                  b"PK\x03\x04broken zip"])
def test_not_a_workbook(data):
    assert refused_key(data) in ("import.refused.not_workbook", "import.refused.corrupt")


def test_a_zip_that_is_not_a_workbook():
    assert refused_key(_zip({"readme.txt": b"hello"})) == "import.refused.not_workbook"


def test_encrypted_ooxml_is_refused_before_parsing():
    # Encrypted .xlsx files are OLE2 containers with an EncryptionInfo stream.
    fake = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 200
    assert refused_key(fake) == "import.refused.encrypted"


def test_password_protected_files_from_the_corpus():
    for name in ("pass_protected.xlsx", "pass_protected.xlsb", "pass_protected.ods"):
        path = CORPUS / name
        if path.exists():
            assert refused_key(path.read_bytes()) == "import.refused.encrypted", name


def test_too_large_is_refused_on_size_alone(monkeypatch):
    monkeypatch.setattr(wbmod, "MAX_FILE_BYTES", 1000)
    assert refused_key(plan_workbook()) == "import.refused.too_large"


def test_zip_bomb_is_refused_from_the_directory_without_inflating():
    bomb = _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                 "xl/worksheets/sheet1.xml": b"\0" * (60 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    started = time.perf_counter()
    try:
        assert refused_key(bomb) == "import.refused.bomb"
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - started < 1.0
    assert peak < 10 * 1024 * 1024


def test_zip_that_lies_about_its_sizes_is_refused():
    content = b"<x>" + b"a" * 900_000 + b"</x>"
    data = bytearray(_zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>",
                           "xl/worksheets/sheet1.xml": content}))
    # Rewrite the declared uncompressed size (local header and central directory) to 100 bytes.
    real = len(content).to_bytes(4, "little")
    assert data.count(real) == 2
    data = data.replace(real, (100).to_bytes(4, "little"))
    assert refused_key(bytes(data)) in ("import.refused.bomb", "import.refused.corrupt")


def test_total_declared_size_limit(monkeypatch):
    # The zip checks run in the reader process, which a monkeypatch does not reach: check them directly.
    monkeypatch.setattr(wbmod, "MAX_UNCOMPRESSED_BYTES", 10_000)
    with pytest.raises(WorkbookRefused) as caught:
        wbmod._check_zip(plan_workbook())
    assert caught.value.key == "import.refused.bomb"


def test_a_read_started_in_the_background_gives_the_same_workbook():
    data = plan_workbook()
    pending = wbmod.start_reading(data)
    assert pending.result().sheets == open_workbook(data).sheets
    assert pending.result().kind == "xlsx"  # asked twice: the answer is kept


def test_a_background_read_refuses_like_open_workbook():
    assert refused_key(b"not a workbook at all") == "import.refused.not_workbook"
    with pytest.raises(WorkbookRefused) as caught:
        wbmod.start_reading(b"not a workbook at all").result()
    assert caught.value.key == "import.refused.not_workbook"
    broken = plan_workbook()[:-200]  # a cut-off zip: refused by the checks in the reader process
    with pytest.raises(WorkbookRefused) as caught:
        wbmod.start_reading(broken).result()
    assert caught.value.key == refused_key(broken)


def test_a_real_workbook_opens():
    book = open_workbook(plan_workbook())
    assert book.kind == "xlsx"
    assert [s.name for s in book.sheets] == ["Info", "Milepæle"]
