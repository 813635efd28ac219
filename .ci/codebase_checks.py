"""Checks of the code's shape that ruff and mypy do not make; run by `make lint`.

- No import cycles among the modules of `config`, `guide` and `api`, nor `guide` importing
  `api` (dependencies point one way). Imports inside functions count: a lazy import hides a
  cycle from Python's import machinery but not from a reader. Imports under
  `if TYPE_CHECKING:` do not count: they never run.
- No module over MAX_LINES lines, outside migrations and the bench harness.

The import graph comes from grimp, the library import-linter is built on. import-linter's own
contracts check layers and cycles between sibling packages; this rule is about modules, so the
strongly connected components of grimp's module graph are computed here (Tarjan's algorithm).
Complexity is ruff's C901 (`[tool.ruff.lint.mccabe]` in pyproject.toml).

Exit status 1 with every violation printed, 0 when all hold.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("config", "guide", "api")
# The direction the design card fixes: an importer on the left never imports the right.
FORBIDDEN = (("guide", "api"),)
MAX_LINES = 400
EXEMPT_DIRS = ("migrations", "bench", "node_modules")


def build_graph() -> grimp.ImportGraph:
    sys.path.insert(0, str(ROOT))
    # grimp prints a warning for `config/gunicorn.conf.py`, a settings file gunicorn reads,
    # not an importable module: keep the report to violations.
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return grimp.build_graph(*PACKAGES, exclude_type_checking_imports=True, cache_dir=None)


def strongly_connected(graph: grimp.ImportGraph) -> Iterator[list[str]]:
    """Groups of modules that import each other, directly or through others (size > 1, or a
    module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1 or module in graph.find_modules_directly_imported_by(module):
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(graph.modules)))
    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    yield from sorted(found)


def import_lines(graph: grimp.ImportGraph, importer: str, imported: str) -> str:
    details = graph.get_import_details(importer=importer, imported=imported)
    return ", ".join(f"line {d['line_number']}" for d in details)


def import_violations() -> list[str]:
    graph = build_graph()
    problems = []
    for group in strongly_connected(graph):
        # Every import inside the group: removing the right one(s) breaks the cycle.
        steps = [
            f"    {a} -> {b} ({import_lines(graph, a, b)})"
            for a in group
            for b in sorted(graph.find_modules_directly_imported_by(a))
            if b in group
        ]
        problems.append(
            f"import cycle among {len(group)} modules ({', '.join(group)}):\n" + "\n".join(steps)
        )
    for importer, imported in FORBIDDEN:
        chain = graph.find_shortest_chain(importer=importer, imported=imported, as_packages=True)
        if chain:
            problems.append(f"{importer} must not import {imported}: {' -> '.join(chain)}")
    return problems


def tracked_python_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in sorted(set(listed)) if (ROOT / name).is_file()]


def size_violations() -> list[str]:
    problems = []
    for path in tracked_python_files():
        relative = path.relative_to(ROOT)
        if any(part in EXEMPT_DIRS for part in relative.parts):
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES:
            problems.append(f"{relative}: {lines} lines (at most {MAX_LINES})")
    return problems


def main() -> int:
    problems = import_violations() + size_violations()
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} codebase check(s) failed", file=sys.stderr)
        return 1
    print("codebase checks: no import cycles, no module over 400 lines")
    return 0


if __name__ == "__main__":
    sys.exit(main())
