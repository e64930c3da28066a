"""Render every variant of every edition, read each back through the pipeline, and score it.

Used by the round-trip tests and by `python -m tests.support.variants measure`. The PDF
variants are typeset in one LibreOffice run; the browser prints are the committed files.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.core.errors import HicmError
from tests.support.variants.catalogue import EDITIONS, PRINTS, VARIANTS, load_record
from tests.support.variants.libreoffice import to_pdf
from tests.support.variants.readback import read_back
from tests.support.agreement import Score, score


@dataclass(frozen=True)
class Case:
    """One rendered file to read back: which edition and variant it is, its format and path."""
    edition: str
    variant: str
    format: str
    path: Path
    urls: bool           # the rendering carries link targets
    plain_text: bool     # the rendering is plain text (no heading markup, no weight)


@dataclass(frozen=True)
class Result:
    case: Case
    score: Score | None
    error: str | None = None     # the one-line error when the pipeline refused the file

    @property
    def ratio(self) -> float:
        return self.score.ratio if self.score else 0.0


def render_cases(out_dir: Path, editions=None, variants=None, prints: bool = True) -> list[Case]:
    """Given a folder, write every chosen variant of every chosen edition into it (PDFs typeset) and return the cases."""
    editions = list(editions or EDITIONS)
    chosen = [v for v in VARIANTS if variants is None or v.name in variants]
    out_dir.mkdir(parents=True, exist_ok=True)
    cases, documents = [], []
    for edition in editions:
        record = load_record(edition)
        for variant in chosen:
            path = out_dir / f"{edition}-{variant.name}{variant.suffix}"
            path.write_bytes(variant.render(record))
            if variant.format == "pdf":
                documents.append(path)
                path = path.with_suffix(".pdf")
            cases.append(Case(edition, variant.name, variant.format, path, variant.keeps_urls, variant.plain_text))
    if documents:
        to_pdf(documents, out_dir)
    if prints:
        cases += [Case(p.edition, p.variant.name, "pdf", p.path, True, False) for p in PRINTS
                  if p.edition in editions and (variants is None or p.variant.name in variants) and p.path.exists()]
    return cases


def measure_case(case: Case) -> Result:
    """Given a case, read its file back and score it against its edition's record."""
    try:
        document = read_back(case.path, case.edition)
    except HicmError as error:
        return Result(case, None, str(error))
    return Result(case, score(load_record(case.edition), document, urls=case.urls, plain_text=case.plain_text))


def table(results: list[Result]) -> str:
    """Given results, return the variant × edition table of agreement (and the refusals under it)."""
    editions = list(dict.fromkeys(r.case.edition for r in results))
    variants = list(dict.fromkeys(r.case.variant for r in results))
    by = {(r.case.variant, r.case.edition): r for r in results}
    lines = [f"{'variant':<18}{'format':<7}" + "".join(f"{e:>10}" for e in editions)]
    for name in variants:
        fmt = next(r.case.format for r in results if r.case.variant == name)
        cells = []
        for edition in editions:
            result = by.get((name, edition))
            cells.append("" if result is None else "refused" if result.error else f"{result.ratio:.1%}")
        lines.append(f"{name:<18}{fmt:<7}" + "".join(f"{c:>10}" for c in cells))
    refused = [r for r in results if r.error]
    lines += [f"refused: {r.case.edition} {r.case.variant}: {r.error}" for r in refused]
    return "\n".join(lines)
