"""The test command installs the versions CI tested: every dependency is pinned in tests/constraints.txt."""
from __future__ import annotations

import re
import tomllib

from tests.support.paths import ROOT


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", re.match(r"[A-Za-z0-9_.-]+", requirement).group(0)).lower()


def test_every_runtime_and_test_dependency_is_pinned_and_run_sh_uses_the_pins():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    pins = {}
    for line in (ROOT / "tests" / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version and re.fullmatch(r"[0-9][0-9A-Za-z.+-]*", version), f"not an exact pin: {line}"
            pins[_name(name)] = version
    assert wanted <= set(pins), f"not pinned: {sorted(wanted - set(pins))}"
    assert "--constraint tests/constraints.txt" in (ROOT / "tests" / "run.sh").read_text(encoding="utf-8")
