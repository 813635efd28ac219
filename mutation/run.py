"""`make mutate`: mutation testing of the core modules with mutmut, one module at a time.

For each module in `modules.toml`, mutmut copies the code to `mutants/`, plants every mutant
of that module behind a switch, runs the module's mirrored tests once, then forks one child per
mutant from that process (imports, Django and the test database are ready; `--reuse-db`) and
runs only the tests that reach the mutated function. A mutant is killed when a test fails.
Survivors listed in `equivalent.toml` (reviewed: they cannot change behaviour) count as killed
and are named in the table. Results land in `.mutation/`.

    python -m mutation.run                       # every module
    python -m mutation.run api/sync.py api/...   # some of them
"""

from __future__ import annotations

import dataclasses
import json
import os
import random
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = ROOT / ".mutation"
KILLED = {"killed", "timeout", "segfault", "caught by type check"}


def module_map() -> dict[str, list[str]]:
    with open(HERE / "modules.toml", "rb") as f:
        return tomllib.load(f)


def equivalents(module: str) -> list[dict[str, str]]:
    with open(HERE / "equivalent.toml", "rb") as f:
        return [e for e in tomllib.load(f).get("mutant", []) if e["module"] == module]


def _configure(module: str, tests: list[str]) -> None:
    """mutmut reads [tool.mutmut] from pyproject.toml; narrow it to this module and its tests."""
    from mutmut import configuration

    base = configuration.config()
    configuration._config = dataclasses.replace(
        base,
        only_mutate=[module],
        pytest_add_cli_args_test_selection=list(tests),
        also_copy=[p for p in base.also_copy if p != Path("tests/")] + _test_files(),
    )


def _test_files() -> list[Path]:
    """tests/ without installed packages (the contract tests' node_modules): not read by the
    runs, large, and possibly a link to a shared folder. mutmut copies files into existing
    folders, so the folders are made here."""
    files = []
    for folder, dirs, names in os.walk(ROOT / "tests"):
        dirs[:] = [d for d in dirs if d != "node_modules"]
        relative = Path(folder).relative_to(ROOT)
        (ROOT / "mutants" / relative).mkdir(parents=True, exist_ok=True)
        files += [relative / name for name in names]
    return files


def _diff(name: str, module: str) -> str:
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    try:
        return get_diff_for_mutant(name, path=module)
    except Exception as error:  # a diff is for reading; never lose the score over one
        return f"(no diff: {error})"


def _changed_lines(diff: str) -> str:
    return "\n".join(
        line for line in diff.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    )


def _sample(module: str) -> list[str]:
    """With MUTATE_SAMPLE=n, n mutants drawn at random (seeded, so repeatable); else all."""
    size = int(os.environ.get("MUTATE_SAMPLE") or 0)
    if not size:
        return []
    from mutmut.__main__ import copy_also_copy_files, copy_src_dir, create_mutants
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.utils.file_utils import setup_source_paths

    Path("mutants").mkdir(exist_ok=True)
    copy_src_dir()
    copy_also_copy_files()
    setup_source_paths()
    create_mutants(1)
    data = SourceFileMutationData(path=module)
    data.load()
    names = sorted(data.exit_code_by_key)
    return sorted(random.Random(module).sample(names, min(size, len(names))))


def run_one(module: str, tests: list[str]) -> dict[str, Any]:
    """Runs in its own process: mutmut keeps its state in module globals and calls exit()."""
    from mutmut.__main__ import _run
    from mutmut.mutation.data import SourceFileMutationData
    from mutmut.stats import status_by_exit_code

    _configure(module, tests)
    started = time.monotonic()
    sample = _sample(module)
    _run(sample, max_children=1)
    seconds = time.monotonic() - started

    data = SourceFileMutationData(path=module)
    data.load()
    chosen = set(sample) or set(data.exit_code_by_key)
    statuses = {
        name: status_by_exit_code[code]
        for name, code in data.exit_code_by_key.items()
        if name in chosen
    }
    reviewed = {e["mutant"]: e for e in equivalents(module)}
    killed, equivalent, stale, survivors = 0, [], [], []
    for name, status in sorted(statuses.items()):
        if status in KILLED:
            killed += 1
            continue
        diff = _diff(name, module)
        entry = reviewed.get(name)
        if entry and entry["change"].strip() in _changed_lines(diff):
            equivalent.append(name)
        else:
            if entry:
                stale.append(name)
            survivors.append({"mutant": name, "status": status, "diff": diff})
    run = len(statuses)
    return {
        "module": module,
        "sampled": bool(sample),
        "killed": killed + len(equivalent),
        "run": run,
        "score": (killed + len(equivalent)) / run if run else 0.0,
        "seconds": round(seconds),
        "equivalent": equivalent,
        "stale_equivalent": stale,
        "survivors": survivors,
    }


def _child(module: str, tests: list[str]) -> dict[str, Any]:
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    out = RESULTS / (module.replace("/", ".") + ".json")
    out.unlink(missing_ok=True)
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "mutation.run", "--one", module, *tests], cwd=ROOT, check=False
    )
    if not out.exists():
        return {"module": module, "killed": 0, "run": 0, "score": 0.0, "error": True}
    result: dict[str, Any] = json.loads(out.read_text())
    result["seconds"] = round(time.monotonic() - started)
    out.write_text(json.dumps(result, indent=2))
    return result


def table(results: list[dict[str, Any]]) -> str:
    rows = [
        "| module | killed / run | score | time | equivalent (counted killed) |",
        "|---|---|---|---|---|",
    ]
    for r in results:
        if r.get("error"):
            rows.append(f"| `{r['module']}` | run failed | - | - | - |")
            continue
        named = ", ".join(m.rpartition(".")[2] for m in r["equivalent"]) or "-"
        minutes, secs = divmod(r["seconds"], 60)
        sampled = " (sampled)" if r.get("sampled") else ""
        rows.append(
            f"| `{r['module']}` | {r['killed']} / {r['run']}{sampled} | {r['score']:.0%} | "
            f"{minutes}m{secs:02d}s | {named} |"
        )
    return "\n".join(rows)


def main(argv: list[str]) -> int:
    RESULTS.mkdir(exist_ok=True)
    if argv[:1] == ["--one"]:
        module, tests = argv[1], argv[2:]
        result = run_one(module, tests)
        (RESULTS / (module.replace("/", ".") + ".json")).write_text(json.dumps(result, indent=2))
        return 0
    modules = module_map()
    wanted = [m for arg in argv for m in arg.replace(",", " ").split()] or list(modules)
    unknown = [m for m in wanted if m not in modules]
    if unknown:
        print(f"not in mutation/modules.toml: {', '.join(unknown)}", file=sys.stderr)
        return 2
    os.environ.setdefault("DJANGO_ENV", "development")
    results = []
    for module in wanted:
        print(f"\n=== {module} ({', '.join(modules[module])})", flush=True)
        results.append(_child(module, modules[module]))
        for survivor in results[-1].get("survivors", []):
            print(f"\nsurvived: {survivor['mutant']} ({survivor['status']})\n{survivor['diff']}")
    print("\n" + table(results))
    shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
