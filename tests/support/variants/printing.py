"""Print the browser variants (`catalogue.PRINTS`) to PDF with Chromium: how tests/fixtures/variants/printed/ was made.

CI has no browser, so the prints are committed; run `python -m tests.support.variants print
tests/fixtures/variants/printed` after changing a printed variant or its edition's record,
and commit the files with the `printed.json` this writes beside them (the command, the
browser's version, and which edition and variant each file is).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.support.variants.catalogue import PRINTS, load_record

#: Debian's chromium (`apt-get install -y chromium`); our page margin boxes replace its own header and footer.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
                  "--no-pdf-header-footer")
TIMEOUT_SECONDS = 300


def print_all(out_dir: Path) -> list[Path]:
    """Given a folder, print every browser variant into it and return the PDFs (plus printed.json)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise RuntimeError("chromium is not installed: apt-get install -y chromium")
    version = subprocess.run([chromium, "--version"], capture_output=True, text=True).stdout.strip()
    out_dir.mkdir(parents=True, exist_ok=True)
    made, manifest = [], []
    with tempfile.TemporaryDirectory(prefix="variants-print-") as scratch:
        for printed in PRINTS:
            # The page lives under a path shaped like the site's, as a saved page would.
            page = Path(scratch) / "www.local.gov.uk" / f"{printed.edition}-{printed.variant.name}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_bytes(printed.variant.render(load_record(printed.edition)))
            target = out_dir / printed.path.name
            command = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={Path(scratch) / 'profile'}",
                       f"--print-to-pdf={target}", page.as_uri()]
            subprocess.run(command, capture_output=True, timeout=TIMEOUT_SECONDS, check=True)
            made.append(target)
            manifest.append({"file": target.name, "edition": printed.edition, "variant": printed.variant.name,
                             "command": " ".join(["chromium", *CHROMIUM_FLAGS, "--print-to-pdf=" + target.name,
                                                  page.name])})
    (out_dir / "printed.json").write_text(json.dumps({"browser": version, "made_by": "python -m tests.support.variants "
                                                      "print tests/fixtures/variants/printed", "prints": manifest},
                                                     indent=2) + "\n", encoding="utf-8")
    return made
