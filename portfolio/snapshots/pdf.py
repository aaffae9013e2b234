"""PDF of the status pack: the .pptx converted by LibreOffice headless, so the PDF is the same pack.

Each conversion gets its own LibreOffice profile directory (parallel runs do not clash) and a
time limit. The profile is copied from one made by the first conversion of the process's user (LibreOffice
spends about two seconds setting up an empty profile). Without ``soffice`` on the server the export is refused
with a clear message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from portfolio.config import env
from portfolio.snapshots.errors import SnapshotRefused

TIMEOUT_SECONDS = 120
# Tagged PDF (structure, reading order, the slides' alt text as /Alt): the accessible PDF of #19. The JSON form of
# the filter options is understood by LibreOffice 7.4 and later; each document type has its own export filter.
TAGGED_PDF = '{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
_PDF_FILTERS = {".pptx": "impress_pdf_Export", ".docx": "writer_pdf_Export"}
_CANDIDATES = ("soffice", "libreoffice", "/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice")


def find_soffice() -> str | None:
    configured = env("PORTFOLIO_SOFFICE")
    for name in ((configured,) if configured else _CANDIDATES):
        found = shutil.which(name) if name else None
        if found:
            return found
    return None


def _profile_template() -> Path:
    return Path(tempfile.gettempdir()) / f"telemed-portfolio-lo-profile-{os.getuid()}"


def _keep_profile(profile: Path, template: Path) -> None:
    """Keep a used profile as the template (written aside, then renamed: a parallel run never sees half of it)."""
    staging = template.with_name(f"{template.name}.{os.getpid()}")
    try:
        shutil.copytree(profile, staging, symlinks=True, ignore_dangling_symlinks=True)
        staging.rename(template)
    except OSError:  # another conversion kept its profile first, or the temp dir is read-only: no harm
        shutil.rmtree(staging, ignore_errors=True)


def pdf_target(suffix: str) -> str:
    """The ``--convert-to`` argument: PDF, tagged where the document type's filter is known."""
    export_filter = _PDF_FILTERS.get(suffix)
    return f"pdf:{export_filter}:{TAGGED_PDF}" if export_filter else "pdf"


def pptx_to_pdf(pptx: bytes, *, timeout: int = TIMEOUT_SECONDS) -> bytes:
    return document_to_pdf(pptx, ".pptx", timeout=timeout)


def document_to_pdf(document: bytes, suffix: str, *, timeout: int = TIMEOUT_SECONDS) -> bytes:
    """Any office document LibreOffice opens (``suffix`` e.g. ".pptx", ".docx"), as PDF bytes."""
    soffice = find_soffice()
    if soffice is None:
        raise SnapshotRefused("snapshot.error.no_soffice")
    with tempfile.TemporaryDirectory(prefix="snapshot-pdf-") as tmp:
        work = Path(tmp)
        source = work / f"pack{suffix}"
        source.write_bytes(document)
        profile_dir = work / "lo-profile"
        template = _profile_template()
        if template.is_dir():
            shutil.copytree(template, profile_dir, symlinks=True, ignore_dangling_symlinks=True)
        profile = profile_dir.as_uri()
        command = [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
                   "--convert-to", pdf_target(suffix), "--outdir", str(work), str(source)]
        try:
            result = subprocess.run(command, capture_output=True, timeout=timeout, check=False,
                                    stdin=subprocess.DEVNULL, env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired:
            raise SnapshotRefused("snapshot.error.pdf_timeout", seconds=timeout) from None
        except OSError as error:
            raise SnapshotRefused("snapshot.error.pdf_failed", error=str(error)[:300]) from None
        target = work / "pack.pdf"
        if result.returncode == 0 and target.exists() and not template.is_dir():
            _keep_profile(profile_dir, template)
        if result.returncode != 0 or not target.exists():
            detail = (result.stderr or result.stdout or b"").decode(errors="replace").strip()[-300:]
            raise SnapshotRefused("snapshot.error.pdf_failed", error=detail or f"exit {result.returncode}")
        return target.read_bytes()
