"""Publishing a form for local systems: the template built once, then one copy made out to each system.

A batch builds the edition's document once and patches each system's name and contact into a
copy of its bytes (publish/docx/package.py `Personaliser`). With a results store to prefill
from, each system gets its own earlier answers, so its document is built for it alone.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable

from pipeline.core.atomic import write_bytes
from pipeline.core.text import slug
from publish.docx.package import Personaliser, personalise
from publish.forms.action_plan import build_action_plan_template
from publish.forms.assessment import build_assessment_template
from publish.returns.systems import System

#: Longest system slug in a file name: names stay readable and well under every file system's limit.
MAX_SLUG = 60


def document_maker(kind: str, edition: dict, protected: bool = True,
                   prefill: str | os.PathLike | None = None) -> Callable[[str | None, str | None], bytes]:
    """Given a kind (assessment, action-plan), an edition and optionally a results store, return (system, contact) -> .docx bytes."""
    build = build_assessment_template if kind == "assessment" else build_action_plan_template
    template = build(edition, protected=protected)   # built once; each system patches its copy
    if prefill is not None:
        from publish.forms.prefill import prefill_for_template   # noqa: PLC0415 (reads the store only when asked)

        def prefilled(name: str | None, contact: str | None) -> bytes:
            # each system's own earlier answers, so no shared template
            answers = prefill_for_template(prefill, name, edition, template)
            return personalise(build(edition, answers=answers, protected=protected), name, contact)
        return prefilled
    personaliser = Personaliser(template)   # compresses the template once for every system

    def blank(name: str | None, contact: str | None) -> bytes:
        return personaliser.make(name, contact) if name else template
    return blank


def file_names(edition_id: str, kind: str, systems: list[System]) -> list[str]:
    """Given the systems of a batch, return one file name each: hicm-<edition>-<kind>-<slug>.docx, numbered on a clash."""
    used: dict[str, int] = {}
    names = []
    for system in systems:
        base = f"hicm-{edition_id}-{kind}-{slug(system.name, fallback='system')[:MAX_SLUG].rstrip('-')}"
        used[base] = used.get(base, 0) + 1
        names.append(f"{base if used[base] == 1 else f'{base}-{used[base]}'}.docx")
    return names


def write_document(kind: str, edition: dict, output: Path, system: str | None = None, contact: str | None = None,
                   protected: bool = True, prefill: str | os.PathLike | None = None) -> Path:
    """Given a kind, an edition and a file, write one document (made out to `system` if given); return its path."""
    write_bytes(output, document_maker(kind, edition, protected, prefill)(system, contact))
    return output


def write_documents(kind: str, edition: dict, systems: list[System], out_dir: Path, protected: bool = True,
                    prefill: str | os.PathLike | None = None,
                    progress: Callable[[System], None] = lambda system: None) -> list[Path]:
    """Given a kind, an edition and local systems, write one document per system into out_dir; return their paths."""
    make = document_maker(kind, edition, protected, prefill)
    written = []
    for system, name in zip(systems, file_names(edition["edition"]["id"], kind, systems)):
        target = out_dir / name
        write_bytes(target, make(system.name, system.contact))
        written.append(target)
        progress(system)
    return written
