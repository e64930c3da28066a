"""Typeset .docx variants as PDFs with LibreOffice, many files in one run (start-up dominates)."""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

#: Generous: an 80-page agenda pack takes a few seconds on an idle 2-core machine.
TIMEOUT_SECONDS = 600


class LibreOfficeMissing(RuntimeError):
    """LibreOffice is not installed (tests/install-libreoffice.sh installs it)."""


def to_pdf(documents: list[Path], out_dir: Path) -> list[Path]:
    """Given .docx files, typeset each with LibreOffice into out_dir and return the PDFs' paths, in order.

    A private user profile keeps this run apart from any other LibreOffice on the machine.
    """
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        raise LibreOfficeMissing("LibreOffice (soffice) is not installed: run tests/install-libreoffice.sh")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="variants-profile-") as profile:
        result = subprocess.run(
            [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, documents)],
            capture_output=True, text=True, timeout=TIMEOUT_SECONDS)
    pdfs = [out_dir / (Path(d).stem + ".pdf") for d in documents]
    missing = [p.name for p in pdfs if not p.exists()]
    if missing:
        raise RuntimeError(f"LibreOffice made no PDF for {', '.join(missing)}: {result.stderr.strip()[:300]}")
    return pdfs
