"""The report's chart: one stacked bar per change, systems at each level, as a deterministic PNG."""
from __future__ import annotations

import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # no display; must precede pyplot
import matplotlib.pyplot as plt  # noqa: E402

#: One colour AND one hatch per level, so the chart does not rely on colour alone.
LEVEL_STYLE = [("#d7301f", "xx"), ("#fc8d59", "//"), ("#fdcc8a", ".."), ("#74a9cf", "\\\\"), ("#0570b0", "")]


def chart_png(report: dict) -> bytes:
    """Given a report model, return a PNG of one horizontal stacked bar per change (byte-stable: no dates, fixed metadata)."""
    changes = report["changes"]
    labels = [textwrap.fill(f"{c['number']}. {c['title']}" if c["number"] else c["title"], 36)
              for c in changes][::-1]
    figure, axes = plt.subplots(figsize=(10, 0.75 * len(changes) + 2.2), dpi=100)
    left = [0] * len(changes)
    for level, (name, (colour, hatch)) in enumerate(zip(report["levels"], LEVEL_STYLE)):
        values = [c["counts"][level] for c in changes][::-1]
        axes.barh(labels, values, left=left, color=colour, hatch=hatch, edgecolor="#333333", label=name)
        for y, (start, value) in enumerate(zip(left, values)):
            if value:
                axes.text(start + value / 2, y, str(value), ha="center", va="center", fontsize=8,
                          bbox={"facecolor": "white", "edgecolor": "none", "pad": 1})
        left = [a + b for a, b in zip(left, values)]
    axes.set_xlabel(f"Local systems (of {report['returns']} returns)")
    axes.set_title(textwrap.fill(f"{report['title']}: systems at each level, per change", 70), loc="left")
    axes.legend(ncol=3, loc="upper center", bbox_to_anchor=(0.4, -0.12), fontsize=8, frameon=False)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None}, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()
