"""Render a diff as JSON: the diff model itself, validated against schema/hicm-diff.schema.json."""
from __future__ import annotations

import schema
from pipeline.core.atomic import dump_json


def render_json(diff: dict) -> bytes:
    """Given a diff model, return its canonical JSON serialisation after validating it."""
    schema.validate(diff, "diff")
    return dump_json(diff)
