"""Opening a workbook safely: check the bytes before any parser inflates them.

The size is checked here; everything after it runs in a reader process with a memory and a time limit
(see ``_answer``). Order of checks, all on the raw bytes: size; the file's signature (zip for .xlsx/.xlsm/
.xlsb/.ods, OLE2 for .xls and for encrypted OOXML); for zips the central directory
(entry count, declared sizes, compression ratio) and then a streamed, bounded inflate
that only counts bytes, so a lying zip bomb is caught without holding it in memory;
encryption markers. Only then does python-calamine read the values, and openpyxl
(read-only) is used for nothing but fill colours of the few cells that need them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import pickle
import re
import select
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from typing import Any

MAX_FILE_BYTES = 20 * 1024 * 1024  # 20 MB: a plan is a few hundred kB
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_ENTRY_RATIO = 200  # per zip entry, for entries above 1 MB inflated
MAX_ZIP_ENTRIES = 5_000
MAX_SHEETS = 200
MAX_CELLS_PER_SHEET = 2_000_000
MAX_CELLS_TOTAL = 5_000_000
READ_MEMORY_BYTES = 2 * 1024**3  # address space of the child process that runs calamine
READ_SECONDS = 20
_READER_USES = 200  # files one reader process reads before it is replaced

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class WorkbookRefused(Exception):
    """The file cannot be read as a workbook; ``key`` is a message key in importing.messages."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]  # cell values, row-major, 0-based; None for empty
    index: int = 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # (r0, c0, r1, c1)

    def value(self, row: int, col: int) -> Any:
        if row < 0 or col < 0:
            return None
        try:  # called for every cell of a plan: the common case first
            return self.rows[row][col]
        except IndexError:
            return None

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Workbook:
    kind: str  # "xlsx", "xlsb", "xls", "ods"
    sheets: list[Sheet]
    data: bytes = field(repr=False, default=b"")

    def fill_colours(self, sheet: Sheet, cells: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
        """ARGB/RGB hex fill colour of the given (row, col) cells; only for .xlsx/.xlsm."""
        if self.kind != "xlsx" or not cells:
            return {}
        return _read_fills(self.data, sheet.name, cells)


def sniff(data: bytes) -> str:
    """The container kind from the signature: "zip", "ole" — or refuse."""
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookRefused("import.refused.too_large", limit_mb=MAX_FILE_BYTES // (1024 * 1024))
    if data.startswith(_ZIP_MAGIC):
        return "zip"
    if data.startswith(_OLE_MAGIC):
        return "ole"
    raise WorkbookRefused("import.refused.not_workbook")


def _check_zip(data: bytes) -> str:
    """Inspect a zip without trusting it; return "xlsx", "xlsb" or "ods"."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, ValueError, EOFError):
        raise WorkbookRefused("import.refused.not_workbook") from None
    if len(infos) > MAX_ZIP_ENTRIES:
        raise WorkbookRefused("import.refused.bomb")
    _check_directory(infos)
    _inflate_counting(archive, infos)
    return _zip_kind(archive, infos)


def _check_directory(infos: list[zipfile.ZipInfo]) -> None:
    """What the central directory declares: no encrypted entry, no more than the limits unpacked."""
    declared = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise WorkbookRefused("import.refused.encrypted")
        declared += info.file_size
        if declared > MAX_UNCOMPRESSED_BYTES:
            raise WorkbookRefused("import.refused.bomb")
        if info.file_size > 1024 * 1024 and info.file_size > MAX_ENTRY_RATIO * max(info.compress_size, 1):
            raise WorkbookRefused("import.refused.bomb")


def _inflate_counting(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """The central directory can lie: inflate in bounded chunks, counting, keeping nothing."""
    total = 0
    try:
        for info in infos:
            seen = 0
            with archive.open(info) as stream:
                while chunk := stream.read(1 << 16):
                    seen += len(chunk)
                    total += len(chunk)
                    if seen > info.file_size or total > MAX_UNCOMPRESSED_BYTES:
                        raise WorkbookRefused("import.refused.bomb")
    except WorkbookRefused:
        raise
    except (zipfile.BadZipFile, NotImplementedError, OSError, ValueError, EOFError, RuntimeError):
        raise WorkbookRefused("import.refused.corrupt") from None
    except Exception:  # noqa: BLE001 - zlib.error and friends: a broken archive, not our bug
        raise WorkbookRefused("import.refused.corrupt") from None


def _zip_kind(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> str:
    """ "xlsx", "xlsb" or "ods" by the archive's parts; anything else is not a workbook."""
    names = {info.filename for info in infos}
    if "[Content_Types].xml" in names:
        if any(n.endswith(".bin") and n.startswith("xl/worksheets/") for n in names) or "xl/workbook.bin" in names:
            return "xlsb"
        if "xl/workbook.xml" not in names and not any(n.endswith("workbook.xml") for n in names):
            raise WorkbookRefused("import.refused.not_workbook")
        _check_extent(archive, infos)
        return "xlsx"
    if "mimetype" in names:
        mimetype = archive.read("mimetype")[:100]
        if b"opendocument.spreadsheet" not in mimetype:
            raise WorkbookRefused("import.refused.not_workbook")
        if "META-INF/manifest.xml" in names:
            manifest = archive.getinfo("META-INF/manifest.xml")
            if manifest.file_size < 1024 * 1024 and b"encryption-data" in archive.read(manifest):
                raise WorkbookRefused("import.refused.encrypted")
        return "ods"
    raise WorkbookRefused("import.refused.not_workbook")


_CELL_REF = re.compile(rb'r="([A-Z]{1,3})([0-9]{1,7})"')  # a literal start is searched for quickly
_ROW_REF = re.compile(rb'<row\b[^>]*?\br="([0-9]{1,7})"')
_CELL_TAG = re.compile(rb"<c[\s/>]")


def _check_extent(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> None:
    """Refuse a sheet whose cells span too many rows x columns, before calamine allocates that range densely
    (one cell in A1 and one in XFD1048576 would be 17 billion cells: the process dies, no exception)."""
    for info in infos:
        if not info.filename.lower().endswith(".xml"):  # sheets can live anywhere the relationships say
            continue
        max_row = max_col = cells = 0
        tail = b""
        with archive.open(info) as stream:
            while chunk := stream.read(1 << 20):
                text = tail + chunk
                refs = _CELL_REF.findall(text)
                if refs:  # a few distinct column letters among ~100,000 references: decode each once
                    max_col = max(max_col, *(_column_number(letters) for letters in {ref[0] for ref in refs}))
                    max_row = max(max_row, *(int(ref[1]) for ref in refs))
                max_row = max([max_row, *map(int, _ROW_REF.findall(text))])
                cells += len(_CELL_TAG.findall(chunk))
                tail = text[-64:]
        if max_row * max(max_col, 1) > MAX_CELLS_PER_SHEET or cells > MAX_CELLS_PER_SHEET:
            raise WorkbookRefused("import.refused.too_large", limit_mb=MAX_FILE_BYTES // (1024 * 1024))


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _check_ole(data: bytes) -> str:
    # Encrypted .xlsx/.xlsb are OLE2 containers with these streams (names in UTF-16).
    if "EncryptionInfo".encode("utf-16-le") in data or "EncryptedPackage".encode("utf-16-le") in data:
        raise WorkbookRefused("import.refused.encrypted")
    return "xls"


def open_workbook(data: bytes) -> Workbook:
    """Check the bytes, then read every sheet's values with python-calamine: both in the shared reader process."""
    sniff(data)  # before sending anything: a 500 MB upload is refused here
    with _Reader.lock:
        process = _Reader.process
        if process is None or process.poll() is not None or _Reader.pid != os.getpid() \
                or _Reader.uses >= _READER_USES:
            process = _start_reader()
        _Reader.uses += 1
        try:
            assert process.stdin is not None
            process.stdin.write(_request(data))
            process.stdin.flush()
        except OSError:  # the reader died since its last file
            _stop_reader()
            raise WorkbookRefused("import.refused.corrupt") from None
        try:
            outcome = _answer(process, _Reader.errors, time.monotonic() + READ_SECONDS)
        except WorkbookRefused:
            _stop_reader()
            raise
    return _workbook(data, outcome)


class PendingRead:
    """A workbook being checked and read in a reader process of its own (``start_reading``), so that the
    caller can do other work meanwhile: the CLI opens the store while its file is read."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._outcome: tuple | None = None
        self._deadline = time.monotonic() + READ_SECONDS
        try:
            sniff(data)
        except WorkbookRefused as refused:  # said by result(), like every other refusal
            self._outcome = ("refused", refused.key, dict(refused.values))
            return
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed in result()
        with tempfile.TemporaryFile() as request:  # a file, not a pipe: starting never waits for the reader
            request.write(_request(data))
            request.seek(0)
            self._process = subprocess.Popen([sys.executable, "-I", __file__], stdin=request,
                                             stdout=subprocess.PIPE, stderr=self._errors, close_fds=True)

    def result(self) -> Workbook:
        """The workbook, or WorkbookRefused; waits for the reader (at most READ_SECONDS from the start)."""
        if self._outcome is None:
            try:
                self._outcome = _answer(self._process, self._errors, self._deadline)
            except WorkbookRefused as refused:
                self._outcome = ("refused", refused.key, dict(refused.values))
            finally:
                _kill(self._process)
                self._errors.close()
        return _workbook(self.data, self._outcome)


def start_reading(data: bytes) -> PendingRead:
    """Start checking and reading ``data`` in the background; ``.result()`` gives the Workbook or raises
    WorkbookRefused, as ``open_workbook`` would."""
    return PendingRead(data)


class _Reader:
    """The shared child process that reads for ``open_workbook``: started on first use, reused for up to
    ``_READER_USES`` files, replaced after a crash or a timeout. One per process (a forked child starts its
    own); one file at a time."""

    lock = threading.Lock()
    process: subprocess.Popen | None = None
    errors: Any = None
    pid = 0
    uses = 0


def _forget_reader_in_child() -> None:  # a forked process starts its own reader, with a fresh lock
    _Reader.lock, _Reader.process = threading.Lock(), None


os.register_at_fork(after_in_child=_forget_reader_in_child)


def _start_reader() -> subprocess.Popen:
    _stop_reader()
    _Reader.errors = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the reader; read after a crash
    _Reader.process = subprocess.Popen(
        [sys.executable, "-I", __file__], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=_Reader.errors,
        close_fds=True)
    _Reader.pid, _Reader.uses = os.getpid(), 0
    return _Reader.process


def _stop_reader() -> None:
    process, _Reader.process = _Reader.process, None
    if process is not None and _Reader.pid == os.getpid():
        _kill(process)


def _kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(OSError):
        process.kill()
    with contextlib.suppress(Exception):
        process.wait(timeout=5)


def _request(data: bytes) -> bytes:
    return struct.pack("<Q", len(data)) + data


def _read_exact(stream: Any, size: int, deadline: float) -> bytes:
    out = bytearray()
    while len(out) < size:
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not select.select([stream], [], [], remaining)[0]:
            raise TimeoutError
        chunk = os.read(stream.fileno(), min(size - len(out), 1 << 20))
        if not chunk:
            raise EOFError
        out += chunk
    return bytes(out)


def _answer(process: subprocess.Popen, errors: Any, deadline: float) -> tuple:
    """The reader's answer to one request. calamine is Rust: a malformed file can make it panic (an exception
    Python's ``Exception`` does not catch) or abort the whole process when it asks for more memory than it may
    have (both seen in tests/robustness). So checks and reading run in a child process with a memory and a time
    limit; whatever happens there, this process (the app server, with every user's session) gets an answer or
    a refusal. The caller stops a reader that raised."""
    too_large = WorkbookRefused("import.refused.too_large", limit_mb=MAX_FILE_BYTES // (1024 * 1024))
    try:
        assert process.stdout is not None
        size = struct.unpack("<Q", _read_exact(process.stdout, 8, deadline))[0]
        return pickle.loads(_read_exact(process.stdout, size, deadline))  # type: ignore[no-any-return] # noqa: S301
    except TimeoutError:
        raise too_large from None
    except (EOFError, OSError, ValueError, pickle.UnpicklingError):  # the reader died on this file
        _kill(process)
        died_of_memory = False
        with contextlib.suppress(Exception):
            errors.seek(0)
            died_of_memory = b"memory allocation" in errors.read()[-65536:]
        if died_of_memory:
            raise too_large from None
        raise WorkbookRefused("import.refused.corrupt") from None


def _workbook(data: bytes, outcome: tuple) -> Workbook:
    if outcome[0] == "refused":
        raise WorkbookRefused(outcome[1], **outcome[2])
    _, kind, sheets = outcome
    return Workbook(kind=kind, sheets=[Sheet(name=name, rows=rows, index=index, merged=merged)
                                       for name, rows, index, merged in sheets], data=data)


def _child_main() -> int:
    """`python -I workbook.py`: requests (8-byte length, bytes) on stdin; each answered on stdout with a
    length and a pickled ("ok", kind, sheets) or ("refused", key, values). Ends when stdin closes."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (READ_MEMORY_BYTES, READ_MEMORY_BYTES))
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    while header := source.read(8):
        data = source.read(struct.unpack("<Q", header)[0])
        try:
            kind = _check_zip(data) if sniff(data) == "zip" else _check_ole(data)
            outcome: tuple = ("ok", kind, _read_sheets(data))
        except WorkbookRefused as refused:
            outcome = ("refused", refused.key, dict(refused.values))
        except BaseException as error:  # noqa: BLE001 - pyo3's PanicException derives from BaseException
            outcome = ("refused", _classify(error).key, {})
        answer = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
        sink.write(struct.pack("<Q", len(answer)) + answer)
        sink.flush()
    return 0


def _read_sheets(data: bytes) -> list[tuple[str, list[list[Any]], int, list[tuple[int, int, int, int]]]]:
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
    except python_calamine.PasswordError:
        raise WorkbookRefused("import.refused.encrypted") from None
    except Exception as error:  # noqa: BLE001 - calamine raises many kinds on broken files
        raise _classify(error) from None
    sheets: list[tuple[str, list[list[Any]], int, list[tuple[int, int, int, int]]]] = []
    total = 0
    try:
        names = list(book.sheet_names)
        if len(names) > MAX_SHEETS:
            raise WorkbookRefused("import.refused.too_large", limit_mb=MAX_FILE_BYTES // (1024 * 1024))
        for index, name in enumerate(names):
            try:
                raw = book.get_sheet_by_index(index)
            except Exception as error:  # noqa: BLE001
                if _is_password(error):
                    raise WorkbookRefused("import.refused.encrypted") from None
                continue  # a chart sheet or an unreadable sheet: not a table
            cells = raw.height * raw.width
            total += cells
            if cells > MAX_CELLS_PER_SHEET or total > MAX_CELLS_TOTAL:
                raise WorkbookRefused("import.refused.too_large", limit_mb=MAX_FILE_BYTES // (1024 * 1024))
            start_row, start_col = raw.start or (0, 0)
            rows = raw.to_python(skip_empty_area=False)
            sheets.append((str(name), [[_clean(v) for v in row] for row in rows], index, _merged(raw)))
            del start_row, start_col
    except WorkbookRefused:
        raise
    except Exception as error:  # noqa: BLE001
        raise _classify(error) from None
    finally:
        with contextlib.suppress(Exception):
            book.close()
    return sheets


def _merged(raw: Any) -> list[tuple[int, int, int, int]]:
    try:
        ranges = raw.merged_cell_ranges or []
    except Exception:  # noqa: BLE001
        return []
    out = []
    for item in ranges:
        try:
            (r0, c0), (r1, c1) = item
            out.append((int(r0), int(c0), int(r1), int(c1)))
        except (TypeError, ValueError):
            continue
    return out


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.replace("_x000D_", "").strip()
        return value or None
    if isinstance(value, dt.timedelta | dt.time):
        return str(value)
    return value


def _is_password(error: Exception) -> bool:
    text = str(error).lower()
    return "password" in text or "encrypt" in text


def _classify(error: Exception) -> WorkbookRefused:
    if _is_password(error):
        return WorkbookRefused("import.refused.encrypted")
    if "detect file format" in str(error).lower():
        return WorkbookRefused("import.refused.not_workbook")
    return WorkbookRefused("import.refused.corrupt")


def _read_fills(data: bytes, sheet_name: str, cells: list[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """Fill colours via openpyxl read-only, limited to the rows and columns asked for."""
    import openpyxl

    out: dict[tuple[int, int], str] = {}
    wanted = set(cells)
    min_row = min(r for r, _ in cells) + 1
    max_row = max(r for r, _ in cells) + 1
    min_col = min(c for _, c in cells) + 1
    max_col = max(c for _, c in cells) + 1
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - colours are a nicety: without them, the status stays empty
        return {}
    try:
        if sheet_name not in book.sheetnames:
            return {}
        sheet = book[sheet_name]
        for row in sheet.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col):
            for cell in row:
                position = (getattr(cell, "row", 0) - 1, getattr(cell, "column", 0) - 1)
                if position not in wanted:
                    continue
                colour = _fill_rgb(cell)
                if colour:
                    out[position] = colour
    except Exception:  # noqa: BLE001
        return out
    finally:
        book.close()
    return out


def _fill_rgb(cell: Any) -> str | None:
    from openpyxl.styles.colors import COLOR_INDEX

    fill = cell.fill
    if fill is None or getattr(fill, "fill_type", None) in (None, "none"):
        return None
    colour = fill.fgColor if fill.fill_type == "solid" else (fill.fgColor or fill.bgColor)
    if colour is None:
        return None
    if colour.type == "rgb" and isinstance(colour.rgb, str):
        return colour.rgb[-6:].upper()
    if colour.type == "indexed" and isinstance(colour.indexed, int) and colour.indexed < len(COLOR_INDEX):
        return COLOR_INDEX[colour.indexed][-6:].upper()
    return None


if __name__ == "__main__":
    sys.exit(_child_main())
