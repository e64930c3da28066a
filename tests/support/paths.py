"""Where the tests find the project: its root, the published documents, the golden files, the fixtures."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DOCS = ROOT / "source_docs"
GOLDEN = ROOT / "golden"
FIXTURES = ROOT / "tests" / "fixtures"
