"""LibreOffice for the tests: find it (failing, never skipping, when it is missing), convert, fill over UNO.

CI installs LibreOffice (tests/install-libreoffice.sh, run by tests/run.sh), so a test that
needs it fails with an instruction when it is missing instead of passing silently.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

#: The Python that has LibreOffice's `uno` bridge (Debian's python3-uno), not the test runner's.
SYSTEM_PYTHON = "/usr/bin/python3"
#: The script that fills a template's controls in LibreOffice over UNO, as a person would.
FILL_SCRIPT = Path(__file__).resolve().parent / "lo_fill.py"


def find_soffice() -> str:
    """Return the path of LibreOffice's soffice; fail (never skip) when it is not installed."""
    path = shutil.which("soffice") or shutil.which("libreoffice")
    assert path, "LibreOffice (soffice) is not installed: run `bash tests/run.sh` (tests/install-libreoffice.sh)"
    return path


def libreoffice_ready() -> None:
    """Fail (never skip) unless LibreOffice and its Python bridge are installed."""
    find_soffice()
    check = subprocess.run([SYSTEM_PYTHON, "-c", "import uno"], capture_output=True)
    assert check.returncode == 0, f"{SYSTEM_PYTHON} cannot import uno: install python3-uno"


def libreoffice_convert(docx: bytes, tmp_path: Path, target: str) -> bytes:
    """Convert a .docx through LibreOffice headless (fresh profile) to `target` (odt, pdf, docx:…); return the bytes."""
    source = tmp_path / "redline.docx"
    source.write_bytes(docx)
    out = tmp_path / "out"
    result = subprocess.run([find_soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                             "--convert-to", target, "--outdir", str(out), str(source)],
                            capture_output=True, text=True, timeout=180)
    produced = out / f"redline.{target.split(':')[0]}"
    assert produced.exists(), f"LibreOffice did not convert: {result.stdout} {result.stderr}"
    return produced.read_bytes()
