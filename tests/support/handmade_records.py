"""Small hand-made manifestation records (valid against the schema) for the merge and lint tests.

Each builder returns plain dicts in the canonical shape so a test can state exactly how two
manifestations of one edition differ. Wording is taken from the published 2020 edition.
"""
from __future__ import annotations

import copy

import schema
from schema.model import LEVEL_KEYS, empty_levels

SHA = {"pdf": "a" * 64, "html": "b" * 64, "text": "c" * 64}


def loc(path: str, fmt: str, n: int) -> dict:
    """Return a location of the right kind for the format (line / page / element)."""
    if fmt == "text":
        return {"path": path, "line": n}
    if fmt == "pdf":
        return {"path": path, "page": n, "bbox": [10.0, float(n), 100.0, float(n) + 10]}
    return {"path": path, "element": f"/html/body/main/p[{n}]"}


def matrix(path: str, fmt: str, cells: list[list[str]], themes: list[str | None] | None = None) -> dict:
    themes = themes or [None] * len(cells)
    return {"rows": [{"theme": theme, "cells": dict(zip(LEVEL_KEYS, row)), "provenance": [loc(path, fmt, 40 + n)]}
                     for n, (theme, row) in enumerate(zip(themes, cells))],
            "provenance": [loc(path, fmt, 40)]}


def change(path: str, fmt: str, number: int, key: str, title: str, **fields) -> dict:
    """Return one change as a reader of `fmt` at `path` would, with fields overridden by keyword."""
    item = {
        "number": number, "key": key, "title": title, "titles": [],
        "summary": f"Summary of {title}.",
        "statements": {"i": "I can get information and advice that helps me think about and plan my life.",
                       "we": "We provide information to make sure people know how to navigate the local system."},
        "tips": [{"text": "Start by agreeing what the problem you are trying to solve is.", "children": [
                     {"text": "to move between services", "children": [], "provenance": [loc(path, fmt, 11)]}],
                  "provenance": [loc(path, fmt, 10)]},
                 {"text": "Ensure all staff are aware they all have a role in discharge planning.", "children": [],
                  "provenance": [loc(path, fmt, 12)]}],
        "examples": [{"place": "Kent", "title": "Use of SHREWD", "description": "Use of a daily reporting system.",
                      "url": None, "provenance": [loc(path, fmt, 20)]}],
        "materials": [{"title": "NHS guide to demand and capacity management", "url": None,
                       "provenance": [loc(path, fmt, 30)]}],
        "matrix": matrix(path, fmt, [["No plan.", "Plans drawn up.", "In place.", "Tested.", "Embedded."]],
                         ["Planned"]),
        "provenance": [loc(path, fmt, number * 100)],
    }
    item.update(copy.deepcopy(fields))
    return item


def manifestation(path: str, fmt: str, changes: list[dict] | None = None, sections: list[dict] | None = None,
                  levels: list[dict] | None = None, action_plan: dict | None = None, findings: list | None = None) -> dict:
    """Return a schema-valid manifestation record of edition 2020 read from `path`."""
    document = {
        "schema_version": schema.SCHEMA_VERSION, "kind": "manifestation",
        "model": {"id": "hicm-managing-transfers-of-care", "title": "High impact change model"},
        "edition": {"id": "2020", "title": "Draft updated for 2020/21", "published": "2020-07", "status": "draft"},
        "sources": [{"path": path, "format": fmt, "sha256": SHA[fmt]}],
        "levels": levels if levels is not None else empty_levels(),
        "sections": sections or [],
        "changes": changes or [],
        "enablers": [],
        "action_plan": action_plan,
        "findings": findings or [],
    }
    schema.validate(document)
    return document


def section(path: str, fmt: str, key: str, title: str, paragraphs: list[str]) -> dict:
    return {"key": key, "number": None, "title": title,
            "blocks": [{"type": "paragraph", "text": p, "provenance": [loc(path, fmt, n + 1)]}
                       for n, p in enumerate(paragraphs)],
            "provenance": [loc(path, fmt, 1)]}


EDITION = {"id": "2020", "title": "Draft updated for 2020/21", "published": "2020-07", "status": "draft"}
