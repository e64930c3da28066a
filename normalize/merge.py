"""Merge the manifestations of one edition into one edition record.

Interim rule until the full per-field precedence lands: the manifestation with the most
changes is the base; levels come from whichever source defines them; sections missing from
the base are taken from the others; every source and finding is kept.
"""
from __future__ import annotations

import copy

import schema


def merge_edition(edition: dict, manifestations: list[dict]) -> dict:
    """Given the edition record and its manifestations' documents, return the edition document."""
    if not manifestations:
        raise ValueError(f"edition {edition['id']} has no manifestation that could be read")
    base = max(manifestations, key=lambda d: (len(d["changes"]), d["action_plan"] is not None))
    merged = copy.deepcopy(base)
    merged["kind"] = "edition"
    merged["edition"] = dict(edition)
    merged["sources"] = [s for d in manifestations for s in d["sources"]]
    with_definitions = [d for d in manifestations if any(l.get("description") for l in d["levels"])]
    if with_definitions:
        merged["levels"] = copy.deepcopy(with_definitions[0]["levels"])
    have = {s["key"] for s in merged["sections"]}
    for doc in manifestations:
        for section in doc["sections"]:
            if section["key"] not in have:
                merged["sections"].append(copy.deepcopy(section))
                have.add(section["key"])
    merged["findings"] = [f for d in manifestations for f in d["findings"]]
    schema.validate(merged)
    return merged
