"""The editions the tests cover: every edition source_docs/editions.toml lists.

Golden comparisons are parametrised from here, so adding a release to the manifest adds its
golden edition, documents and diffs (and their tests) with no test code edited; the first
`pytest -m golden --update-golden` run writes its goldens. Tests about what a particular
bundled edition says name it ("2019") instead.
"""
from __future__ import annotations

from pipeline.manifest import load_manifest
from tests.support.paths import SOURCE_DOCS

#: Every edition of the manifest, in its order (oldest first).
EDITION_IDS: tuple[str, ...] = tuple(edition.id for edition in load_manifest(SOURCE_DOCS).editions)

#: The golden diffs: each edition against the one before it, and the first against the last.
DIFF_PAIRS: tuple[tuple[str, str], ...] = tuple(zip(EDITION_IDS, EDITION_IDS[1:])) + (
    ((EDITION_IDS[0], EDITION_IDS[-1]),) if len(EDITION_IDS) > 2 else ())
