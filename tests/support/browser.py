"""Checking pages in a real browser: axe-core's accessibility rules.

axe-core is the copy shipped in the axe-playwright-python wheel (nothing is fetched).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import axe_playwright_python

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text("utf-8")


def axe_violations(frame: Any, exclude: list[str] | None = None) -> list[dict[str, Any]]:
    """WCAG 2.0-2.2 A and AA and best-practice violations in a Playwright frame (3 nodes each).

    `exclude`: CSS selectors of nodes left out, for markup that is not ours (say which)."""
    frame.evaluate(AXE_SOURCE)
    result = frame.evaluate(
        "async ([tags, exclude]) => await axe.run("
        "  exclude.length ? {include: [document], exclude: exclude.map((s) => [s])} : document,"
        "  {runOnly: {type: 'tag', values: tags}})",
        [AXE_TAGS, exclude or []],
    )
    return [
        {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]
