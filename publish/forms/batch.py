"""Publishing a form for local systems: the template built once, then one copy made out to each system.

A batch builds the edition's document once (with its round's name, dates, return address and
logo) and patches each system's name and contact into a copy of its bytes
(publish/docx/package.py `Personaliser`). With a results store to prefill
from, each system gets its own earlier answers, so its document is built for it alone.

What is already on disk is never lost (see README, "Publishing for many systems"):
- every file name of a batch is distinct, and each renamed file is a warning;
- the batch is written into a hidden staging folder and moved into place at the end, so a
  failure (a full disk) leaves no file of it, and a killed run only its staging folder;
- a file already at a target is left alone when it is byte for byte what would be written
  (a re-run), replaced only with `force`, and never when it is not a hicm document or holds
  answers the new document would not (a filled return): those are refused, whatever `force`.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from pipeline.core.atomic import Staging, write_bytes
from pipeline.core.errors import InputError, OutputError, output_error
from pipeline.core.text import slug
from publish.docx.package import Personaliser, personalise
from publish.forms.action_plan import build_action_plan_template
from publish.forms.assessment import build_assessment_template
from publish.forms.rounds import Round
from publish.returns.systems import System, SystemsList, system_key

#: Longest system slug in a file name: names stay readable and well under every file system's limit.
MAX_SLUG = 60


@dataclass
class Published:
    """What a publish did: files written, files already there and identical, and warnings about the list."""
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def record(self) -> dict:
        """Return what `hicm publish --json` prints."""
        return {"written": [str(p) for p in self.written], "unchanged": [str(p) for p in self.unchanged],
                "warnings": self.warnings}


def document_maker(kind: str, edition: dict, protected: bool = True, prefill: str | os.PathLike | None = None,
                   collection_round: Round | None = None) -> Callable[[str | None, str | None], bytes]:
    """Given a kind (assessment, action-plan), an edition and optionally a results store and the round it is
    issued in, return (system, contact) -> .docx bytes."""
    build = build_assessment_template if kind == "assessment" else build_action_plan_template
    template = build(edition, protected=protected, collection_round=collection_round)   # each system patches a copy
    if prefill is not None:
        from publish.forms.prefill import prefill_for_template   # noqa: PLC0415 (reads the store only when asked)

        def prefilled(name: str | None, contact: str | None) -> bytes:
            # each system's own earlier answers, so no shared template
            answers = prefill_for_template(prefill, name, edition, template)
            return personalise(build(edition, answers=answers, protected=protected,
                                     collection_round=collection_round), name, contact)
        return prefilled
    personaliser = Personaliser(template)   # compresses the template once for every system

    def blank(name: str | None, contact: str | None) -> bytes:
        return personaliser.make(name, contact) if name else template
    return blank


def file_names(edition_id: str, kind: str, systems: list[System]) -> tuple[list[str], list[str]]:
    """Given the systems of a batch, return one distinct file name each, and a warning per renamed file.

    A name is hicm-<edition>-<kind>-<slug>.docx; a system whose name gives a slug already taken
    (the same system twice, or "St Mary's" after "St. Mary's") gets the first free "-N" suffix
    that no other row's own name uses, so "Anytown", "Anytown", "Anytown 2" give …-anytown,
    …-anytown-3 and …-anytown-2.
    """
    bases = [f"hicm-{edition_id}-{kind}-{slug(s.name, fallback='system')[:MAX_SLUG].rstrip('-')}" for s in systems]
    reserved = set(bases)
    first_with: dict[str, System] = {}
    taken: set[str] = set()
    names, warnings = [], []
    for system, base in zip(systems, bases):
        name = base
        if base in taken:
            number = 2
            while f"{base}-{number}" in taken or f"{base}-{number}" in reserved:
                number += 1
            name = f"{base}-{number}"
            earlier = first_with[base]
            why = "repeats" if system_key(earlier.name) == system_key(system.name) else "has the same file name as"
            warnings.append(f"line {system.line}: \"{system.name}\" {why} line {earlier.line} "
                            f"(\"{earlier.name}\"): its document is {name}.docx")
        first_with.setdefault(base, system)
        taken.add(name)
        names.append(f"{name}.docx")
    return names, warnings


def list_warnings(systems: SystemsList) -> list[str]:
    """Given a systems list, return a warning for every column it ignores."""
    return [f"column \"{column}\" is ignored (hicm reads the system's name and a contact)"
            for column in systems.ignored_columns]


def existing_verdict(target: Path, data: bytes, force: bool) -> str | None:
    """Given a target that exists and the bytes meant for it, return "unchanged" or "replace", else why it stays.

    The same bytes: unchanged (a re-run). Otherwise it is replaced only with `force`, and
    never if it is not a hicm document or holds an answer the new document would not hold.
    """
    from publish.returns.read import read_submission   # noqa: PLC0415 (only when a file is in the way)
    try:
        current = target.read_bytes()
    except OSError as exc:
        return f"cannot be read to check it ({output_error(exc).problem.removeprefix('cannot write: ')})"
    if current == data:
        return "unchanged"
    try:
        existing = read_submission(str(target), current)
    except InputError:
        return "is not a hicm document; hicm never replaces it"
    answers = {(a.answer.tag, a.answer.value) for a in existing.answers if a.answered}
    new = {(a.answer.tag, a.answer.value) for a in read_submission(str(target), data).answers if a.answered}
    extra = answers - new
    if extra:
        return (f"holds {len(extra)} answer(s) this document would not (a filled return?); hicm never replaces it: "
                "move it away first")
    return "replace" if force else "already exists (a different hicm document): use --force to replace it"


def write_document(kind: str, edition: dict, output: Path, system: str | None = None, contact: str | None = None,
                   protected: bool = True, prefill: str | os.PathLike | None = None,
                   force: bool = False, collection_round: Round | None = None) -> Published:
    """Given a kind, an edition and a file, write one document (made out to `system` if given); return what was done."""
    data = document_maker(kind, edition, protected, prefill, collection_round)(system, contact)
    done = Published()
    verdict = existing_verdict(output, data, force) if output.exists() else None
    if verdict == "unchanged":
        done.unchanged.append(output)
        return done
    if verdict not in (None, "replace"):
        raise OutputError(verdict, str(output))
    write_bytes(output, data, replace=verdict == "replace")
    done.written.append(output)
    return done


def write_documents(kind: str, edition: dict, systems: SystemsList, out_dir: Path, protected: bool = True,
                    prefill: str | os.PathLike | None = None, force: bool = False,
                    progress: Callable[[System], None] = lambda system: None,
                    collection_round: Round | None = None) -> Published:
    """Given a kind, an edition and a systems list, write one document per system into out_dir; return what was done.

    All or nothing: the documents are staged and placed only when every one is made and no
    file in the way must stay; out_dir is made if missing (its parent must exist) and removed
    again if the batch fails.
    """
    names, renamed = file_names(edition["edition"]["id"], kind, systems.systems)
    done = Published(warnings=list_warnings(systems) + renamed)
    made_folder = not out_dir.exists()
    if made_folder:
        if not out_dir.parent.is_dir():
            raise OutputError(f"cannot write: the folder {out_dir.parent} does not exist", str(out_dir))
        try:
            out_dir.mkdir()
        except OSError as exc:
            raise output_error(exc, str(out_dir)) from None
    try:
        make = document_maker(kind, edition, protected, prefill, collection_round)
        refused: list[str] = []
        replace: set[str] = set()
        with Staging(out_dir) as staging:
            for system, name in zip(systems.systems, names):
                data = make(system.name, system.contact)
                target = out_dir / name
                verdict = existing_verdict(target, data, force) if target.exists() else None
                if verdict == "unchanged":
                    done.unchanged.append(target)
                elif verdict in (None, "replace"):
                    staging.write(name, data)
                    if verdict == "replace":
                        replace.add(name)
                else:
                    refused.append(f"{name} {verdict}")
                progress(system)
            if refused:
                more = f" (and {len(refused) - 1} more: {'; '.join(refused[1:4])}{' …' if len(refused) > 4 else ''})" \
                    if len(refused) > 1 else ""
                raise OutputError(f"{refused[0]}{more}; nothing was written", str(out_dir))
            done.written = staging.place(replace)
    except BaseException:
        if made_folder:
            _remove_if_empty(out_dir)
        raise
    return done


def _remove_if_empty(folder: Path) -> None:
    """Given a folder this run made, remove it if nothing is in it."""
    try:
        folder.rmdir()
    except OSError:
        pass
