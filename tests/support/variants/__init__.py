"""Layout variants of every edition: render a record into whole documents, read them back, score them.

Test tooling (not product code) for issue 15: the readers must read any wording, markup and
typesetting, so every edition record (the bundled goldens and a made-up edition) is rendered
the ways real releases are published, ingested through the real pipeline, and compared field
by field with its source. The public API is small:

    from tests.support.variants import EDITIONS, VARIANTS, load_record, variant, read_back, score

    record = load_record("made-up")                  # or "2015", "2019", "2020"
    chosen = variant("html-govuk")                   # see VARIANTS (name, format, notes)
    data = chosen.render(record)                     # bytes, deterministic (.docx for a pdf variant)
    # a pdf variant: tests.support.variants.libreoffice.to_pdf([docx paths], out_dir)
    result = score(record, read_back(path, "made-up"), urls=chosen.keeps_urls)
    result.ratio, result.mismatches                  # e.g. "changes[number=3].tips[2].text: expected …"

From a shell: `python -m tests.support.variants measure` prints the variant × edition table of
scores; `python -m tests.support.variants write DIR` writes every variant for a person to look at.
"""
from __future__ import annotations

from tests.support.variants.catalogue import EDITIONS, VARIANTS, Variant, load_record, variant
from tests.support.variants.readback import read_back
from tests.support.agreement import Mismatch, Score, score

__all__ = ["EDITIONS", "VARIANTS", "Variant", "load_record", "variant", "read_back", "score", "Score", "Mismatch"]
