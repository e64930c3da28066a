"""The action-planning template: a table whose columns are the planning questions and whose rows
name the changes (and enablers), or the same printed as a line of questions over one label per
row (a text extraction). Form fields in the table's cells (the 2015 PDF) are attached to their
row and column; the pipeline keys the rows, as it keys the changes.
"""
from __future__ import annotations

import re

from extract import vocabulary
from extract.doc import ListBlock, Paragraph, Table
from extract.interpret.ledger import Ledger, provenance_of
from extract.interpret.segment import Region
from schema.model import location

_QUESTION = re.compile(r"[^?]+\?")
#: The row-label column's heading printed into the first question ("Impact change Where are you now?").
_FIRST_QUESTION = re.compile(r"(?:^|\s)((?:Where|What|When|How|Who|Why|Which)\b[^?]*\?)$")


class PlanReader:
    """Reads the action-plan region."""

    def __init__(self, region: Region, ledger: Ledger, items: dict[str, list[dict]]):
        self.region, self.ledger, self.items = region, ledger, items
        self.plan: dict = {}
        if region.head is not None:
            self.plan["title"] = region.head.text
        self.plan.update({"columns": [], "rows": []})
        self.fields: list[dict] = []
        self.spans: list[tuple[int, float, float, str]] = []   # (page, x0, x1, column key) of each column

    def read(self, document_fields: list) -> dict:
        region = self.region
        self.ledger.place(region.head)
        for block in region.blocks:
            if isinstance(block, Table):
                self.table(block)
            elif isinstance(block, (Paragraph, ListBlock)):
                self.printed(block)
        self.plan["provenance"] = provenance_of(region.head) or provenance_of(*region.blocks[:1])
        for field in document_fields:
            self.fields.append(self.field(field, None, self.column_below(field)))
        if self.fields:
            self.plan["fields"] = self.fields
        return self.plan

    def columns(self, labels: list[tuple[str, list[dict]]]) -> None:
        self.plan["columns"] = [{"key": vocabulary.column_key(label), "label": label, "provenance": list(places[:1])}
                                for label, places in labels if label]

    def table(self, table: Table) -> None:
        rows = list(table.rows)
        if not self.plan["columns"] and rows:
            header = rows.pop(0)
            self.columns([(cell.text, cell.provenance or header.provenance) for cell in header.cells[1:]])
            for cell, column in zip(header.cells[1:], self.plan["columns"]):
                for place in cell.provenance:
                    if "page" in place and "bbox" in place:
                        self.spans.append((place["page"], place["bbox"][0], place["bbox"][2], column["key"]))
        for row in rows:
            if not row.cells or not row.cells[0].text:
                continue
            index = self.row(row.cells[0].text, row.provenance or table.provenance)
            for column, cell in enumerate(row.cells[1:]):
                key = self.plan["columns"][column]["key"] if column < len(self.plan["columns"]) else None
                for field in cell.fields:
                    self.fields.append(self.field(field, index, key))
        self.ledger.place(table)

    def printed(self, block) -> None:
        entries = [(block.text, block.provenance)] if isinstance(block, Paragraph) else \
            [(item.text, item.provenance) for item in block.items]
        for words, provenance in entries:
            if not self.plan["columns"]:
                questions = [q.strip() for q in _QUESTION.findall(words)]
                if questions:
                    first = _FIRST_QUESTION.search(questions[0])
                    questions[0] = first.group(1) if first else questions[0]
                    self.columns([(q, provenance) for q in questions])
                    continue
            self.row(words, provenance)
        self.ledger.place(block)

    def row(self, label: str, provenance: list[dict]) -> int | None:
        """Add a row for a label ("Change 1: Early discharge planning", or a title in the items' order); return its
        index, or None when the row names no item of the document (left for the coverage report)."""
        found = vocabulary.item_heading(label)
        if found:
            group, number = found.group, found.number
        else:
            group, number = self.named(label)
        if number > len(self.items.get(group, [])):
            self.ledger.report("action-plan-row-unplaced",
                               f"The action plan's row \"{label}\" names no {group[:-1]} of this document; it is left out.",
                               list(provenance[:1]), subject="action_plan.rows", values=[label])
            return None
        row = {"label": found.title if found and found.title else label, "number": number}
        if group != "changes":
            row["group"] = group
        row["provenance"] = list(provenance[:1])
        self.plan["rows"].append(row)
        return len(self.plan["rows"]) - 1

    def named(self, label: str) -> tuple[str, int]:
        """Given a row's label without "Change N", return the (group, number) of the item it names by title, else
        of the item at its place (the changes first, then the enablers)."""
        wanted = vocabulary.fold(label)
        for group in ("changes", "enablers"):
            for item in self.items.get(group, []):
                if wanted in {vocabulary.fold(t) for t in [item["title"], *item.get("_variants", [])]}:
                    return group, item["number"]
        position = len(self.plan["rows"])
        changes = self.items.get("changes", [])
        if position < len(changes) or not self.items.get("enablers"):
            return "changes", position + 1
        return "enablers", position - len(changes) + 1

    def column_below(self, field) -> str | None:
        """Given a form field outside every table cell, return the key of the column it stands under (same page,
        its middle within the column's header cell), or None."""
        place = field.provenance[0] if field.provenance else {}
        if "page" not in place or "bbox" not in place:
            return None
        middle = (place["bbox"][0] + place["bbox"][2]) / 2
        return next((key for page, x0, x1, key in self.spans if page == place["page"] and x0 <= middle <= x1), None)

    def field(self, field, row: int | None, column: str | None) -> dict:
        """Given a form field and the row index and column key of the cell it sits in, return the plan's field."""
        made = {"name": field.name, "row": None, "column": column, "value": field.value,
                "provenance": list(field.provenance[:1]) or [location(self.ledger.path)]}
        if row is not None:
            made["row_position"] = row      # the pipeline gives it the row's key
        if row is None or column is None:
            self.ledger.report("form-field-unplaced",
                               f"Form field {field.name} lies outside the action plan's answer cells "
                               f"({'no row' if row is None else 'a row'}, "
                               f"{'no column' if column is None else 'column ' + column}).",
                               made["provenance"], subject=f"action_plan.fields[name={field.name}]")
        return made
