"""The figures section of docs/performance.md, written from bench/results.json.

`make bench` calls `write` after a run; `python bench/report.py` rewrites the section from
the committed results.json alone. Everything between the two markers is generated: the
table, the targets met or missed (and by how much), the publishing and admin figures, all
stamped with the commit they were measured at. No figure is copied anywhere by hand.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
DOC = ROOT / "docs" / "performance.md"
START = "<!-- figures: written by `make bench` from bench/results.json (bench/report.py) -->"
END = "<!-- end of figures -->"


def _endpoint_table(results: dict[str, Any]) -> list[str]:
    lines = [
        "| endpoint | rps | p50 ms | p99 ms | bare rps | bare p99 | x bare | p99 x bare |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, e in results["endpoints"].items():
        b = e["bare_django"]
        lines.append(
            f"| {name} | {e['rps']:.0f} | {e['p50_ms']:.2f} | {e['p99_ms']:.2f} | "
            f"{b['rps']:.0f} | {b['p99_ms']:.2f} | {e['ratio_to_bare_django']:.2f} | "
            f"{e['p99_ratio_to_bare_django']:.2f} |"
        )
    return lines


def _other_tables(results: dict[str, Any]) -> list[str]:
    lines = [
        "",
        "| behind the caching proxy | rps | p99 ms | x nginx static |",
        "|---|---:|---:|---:|",
    ]
    for name, p in results["proxy"].items():
        lines.append(f"| {name} | {p['rps']:.0f} | {p['p99_ms']:.2f} | {p['ratio_to_nginx']:.2f} |")
    lines += ["", "| compressed at publish | rps | p99 ms | x identity |", "|---|---:|---:|---:|"]
    for name, c in results["compressed"].items():
        lines.append(
            f"| {name} | {c['rps']:.0f} | {c['p99_ms']:.2f} | {c['ratio_to_identity']:.2f} |"
        )
    return lines


Check = tuple[str, float, str, float, Callable[[float, float], bool]]


def _checks(results: dict[str, Any]) -> list[Check]:
    e, s = results["endpoints"], results["size_and_languages"]
    checks: list[Check] = []
    for name in ("detail_es", "detail_304"):
        checks.append((f"{name} x bare Django", e[name]["ratio_to_bare_django"], "≥", 0.8, _ge))
        checks.append((f"{name} p99 x bare", e[name]["p99_ratio_to_bare_django"], "≤", 2.0, _le))
    for name in ("list", "sync_up_to_date"):
        checks.append((f"{name} x bare Django", e[name]["ratio_to_bare_django"], "≥", 0.6, _ge))
    checks.append(("200 sections vs seed", s["detail_200_sections_vs_seed"], "≥", 0.9, _ge))
    checks.append(("12 languages vs 6", s["detail_12_languages_vs_6"], "≥", 0.9, _ge))
    if "proxy_detail_es" in results["proxy"]:
        ratio = results["proxy"]["proxy_detail_es"]["ratio_to_nginx"]
        checks.append(("proxy detail x nginx static", ratio, "≥", 0.8, _ge))
    growth = results["memory"]["growth"]
    if growth is not None:
        checks.append(("worker memory growth, %", growth * 100, "≤", 10, _le))
    return checks


def _ge(value: float, target: float) -> bool:
    return value >= target


def _le(value: float, target: float) -> bool:
    return value <= target


def _targets(results: dict[str, Any]) -> list[str]:
    lines = ["", "| target | measured | goal | verdict |", "|---|---:|---:|---|"]
    for label, value, sign, target, passes in _checks(results):
        verdict = "met" if passes(value, target) else f"missed by {abs(value - target):.2f}"
        lines.append(f"| {label} | {value:.2f} | {sign} {target} | {verdict} |")
    return lines


def _editing(results: dict[str, Any]) -> list[str]:
    editing = results.get("editing")
    if not editing:
        return []
    latency, admin = editing["publish_latency"], editing["admin"]
    together = editing["concurrent_publishing"]
    rows = [
        ("admin change form (median ms)", lambda a: f"{a['change_form']['median_ms']:.0f}"),
        ("admin change form (queries)", lambda a: str(a["change_form"]["queries"])),
        ("admin guide save (median ms)", lambda a: f"{a['save']['median_ms']:.0f}"),
        ("admin guide save (fields posted)", lambda a: str(a["save"]["fields_posted"])),
        ("admin section save (median ms)", lambda a: f"{a['section_save']['median_ms']:.0f}"),
    ]
    twelve = editing.get("admin_12_languages")
    return [
        "",
        "| editors' side | seed guide | 200-section guide |",
        "|---|---:|---:|",
        f"| publish latency (median ms) | {latency['seed']['median_ms']:.0f} | "
        f"{latency['200_sections']['median_ms']:.0f} |",
        *(
            f"| {label} | {cell(admin['seed'])} | {cell(admin['200_sections'])} |"
            for label, cell in rows
        ),
        *(
            f"| {label}, 12 languages | {cell(twelve['seed'])} | {cell(twelve['200_sections'])} |"
            for label, cell in (rows if twelve else [])
        ),
        "",
        f"{together['publishers']} concurrent publishers of different guides "
        f"({together['sections_each']} sections each): {together['publishes']} publishes in "
        f"{together['seconds']:.0f} s, **{together['per_minute']:.0f} per minute**.",
    ]


def render(results: dict[str, Any]) -> str:
    settings, memory = results["settings"], results["memory"]
    stamp = results.get("commit", "unknown commit")
    lines = [
        START,
        "",
        f"Measured at commit `{stamp}` on {results.get('measured_at', 'an unknown date')}: "
        f"{settings['cpus']} CPUs, {settings['runs']} runs x {settings['duration_s']} s, "
        f"{settings['connections']} connections, gunicorn {settings['gunicorn']['worker_class']} "
        f"{settings['gunicorn']['workers']}x{settings['gunicorn']['threads']}; the whole run "
        f"took {settings['elapsed_s']} s.",
        "",
        *_endpoint_table(results),
        *_other_tables(results),
        *_targets(results),
        "",
        f"Worker memory over {memory['requests']} requests: {memory['before_kib'] / 1024:.1f} "
        f"MiB → {memory['after_kib'] / 1024:.1f} MiB ({memory['growth']:+.1%}, worst worker "
        f"{memory['max_worker_growth']:+.1%}).",
        *_editing(results),
        "",
        END,
    ]
    return "\n".join(lines) + "\n"


def write(results: dict[str, Any], doc: Path = DOC) -> None:
    """Replace the generated section of `doc` (or append it)."""
    text = doc.read_text()
    section = render(results)
    if START in text and END in text:
        head, rest = text.split(START, 1)
        text = head + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + section
    doc.write_text(text)


if __name__ == "__main__":
    write(json.loads(RESULTS.read_text()))
    sys.exit(0)
