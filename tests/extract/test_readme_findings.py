"""The README's "Finding codes" table lists every finding code with its one severity, as schema.model.SEVERITY does."""
from __future__ import annotations

import re

from schema.model import SEVERITY, finding
from tests.support.paths import ROOT


def _readme_table() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Finding codes"):]
    section = section[:section.index("\n## ", 3)]
    rows = re.findall(r"^\| `([a-z0-9-]+)` \| (error|warning|info) \|", section, re.M)
    return dict(rows)


def test_every_code_has_one_severity_and_the_readme_says_which():
    table = _readme_table()
    assert table == SEVERITY


def test_a_finding_with_another_severity_than_its_code_is_refused():
    import pytest
    with pytest.raises(ValueError, match="unknown-heading"):
        finding("unknown-heading", "info", "a message")
    assert finding("unknown-heading", "warning", "a message")["severity"] == "warning"
