"""The golden workflow: `pytest -m golden` selects every golden comparison, and a re-bless runs them in dependency order."""
from __future__ import annotations

import subprocess
import sys

from tests.support.editions import DIFF_PAIRS, EDITION_IDS
from tests.support.golden import GOLDEN_STAGES, golden_stage
from tests.support.paths import ROOT


def _collected(*options: str) -> list[str]:
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider", *options],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return [line for line in result.stdout.splitlines() if "::" in line]


def test_the_stages_run_in_dependency_order():
    assert [golden_stage(folder + "test_x.py::t") for folder in GOLDEN_STAGES] == list(range(len(GOLDEN_STAGES)))
    assert golden_stage("tests/publish/diff/test_golden.py::t") > golden_stage("tests/pipeline/test_golden_editions.py::t")
    assert golden_stage("tests/cli/test_x.py::t") == len(GOLDEN_STAGES)


def test_one_re_bless_pass_writes_every_stage_after_the_goldens_it_is_made_from():
    nodes = _collected("-m", "golden", "--update-golden")
    stages = [golden_stage(node) for node in nodes]
    assert stages == sorted(stages) and set(range(len(GOLDEN_STAGES))) <= set(stages)
    # The README's walkthrough is re-printed in the same pass (it depends on no golden: last).
    assert nodes[-1].startswith("tests/cli/test_readme_walkthrough.py::")
    # Every edition of the manifest, every diff pair in every format and every document is in the pass.
    for edition in EDITION_IDS:
        assert f"tests/pipeline/test_golden_editions.py::test_edition_matches_golden[{edition}]" in nodes
        assert f"tests/publish/forms/test_forms.py::test_document_matches_golden[assessment-{edition}]" in nodes
    for old, new in DIFF_PAIRS:
        assert f"tests/publish/diff/test_golden.py::test_report_matches_golden[{old}-{new}-docx]" in nodes
    # ... and nothing that is not a golden comparison.
    assert not [node for node in nodes if "golden" not in node and "walkthrough" not in node]
