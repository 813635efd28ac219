"""`make bench`: the serving path under load, side by side with two baselines.

One run, on loopback only, bounded in time and connections:

1. Fresh PostgreSQL databases (`guides_bench`: the 6 configured languages, with the seed guide
   and a synthetic 200-section guide; `guides_bench12`: the same seed guide with 12
   languages, schema from `bench/settings_syncdb.py`) and dedicated Redis databases.
2. The app under gunicorn (`config/gunicorn.conf.py`, production settings, PostgreSQL, Redis),
   once per database; the bare-Django baseline (`bench/bare/`) under the same gunicorn
   config; nginx serving the same bytes as static files; nginx `proxy_cache` in front of the
   app (`deploy/nginx/api-cache.inc`, as in docker-compose).
3. wrk against each endpoint and its baselines, interleaved, several runs, medians reported.
4. Worker memory before and after 100,000 requests; compressed payload sizes per language.

Prints a table and writes bench/results.json. Settings: BENCH_DURATION (s), BENCH_RUNS,
BENCH_CONNECTIONS, BENCH_MEMORY_REQUESTS, BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_REDIS_DBS
(one or two), BENCH_PORT (the first of five), BENCH_DB_PREFIX; the gunicorn
ones (WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_WORKER_CLASS) apply to app and baseline alike.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench import report

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
WORK = BENCH / ".work"
PYTHON = sys.executable
SEED = "opzelura-atopic-dermatitis"
BIG = "bench-200-sections"
EXTRA_LANGUAGES = "de:Deutsch,pt-br:Português,ru:Русский,ja:日本語,ko:한국어,hi:हिन्दी"

DURATION = int(os.environ.get("BENCH_DURATION", "5"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
WRK_THREADS = int(os.environ.get("BENCH_WRK_THREADS", "1"))
MEMORY_REQUESTS = int(os.environ.get("BENCH_MEMORY_REQUESTS", "100000"))
DB_SERVER = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432").rstrip("/")
REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379").rstrip("/")
# One Redis database per app server (each has its own guides and languages); given one, both
# servers share it and the 12-language one keeps its keys apart (bench/settings_app12.py).
REDIS_DBS = tuple(int(n) for n in os.environ.get("BENCH_REDIS_DBS", "14,15").split(","))[:2] * 2
_PORT = int(os.environ.get("BENCH_PORT", "18101"))
PORTS = {name: _PORT + i for i, name in enumerate(("app", "app12", "bare", "static", "proxy"))}
# Database names (dropped and recreated): BENCH_DB_PREFIX keeps parallel checkouts apart.
DB6 = os.environ.get("BENCH_DB_PREFIX", "guides_bench")
DB12 = f"{DB6}12"
SECRET_KEY = secrets.token_urlsafe(64)


T0 = time.monotonic()


# What search's PostgreSQL migration sets up (unaccent, configurations, indexes), for the
# database whose schema comes from the models.
SEARCH_SETUP = (
    "import importlib\nfrom django.db import connection\n"
    "migration = importlib.import_module('api.search.migrations.0002_postgres_search')\n"
    "with connection.schema_editor() as editor:\n    migration.forwards(None, editor)"
)


def marked_json(marker: str, text: str) -> dict[str, Any]:
    """The JSON object printed after `marker` in a tool's output."""
    found = re.search(marker + r" (\{.*\})", text)
    if found is None:
        raise RuntimeError(f"no {marker} line in: {text[-500:]}")
    return json.loads(found.group(1))


def log(message: str) -> None:
    print(f"[bench {time.monotonic() - T0:5.0f}s] {message}", file=sys.stderr, flush=True)


def app_env(database: str, redis_db: int, *, languages: str = "") -> dict[str, str]:
    """Production settings for the app, as the Dockerfile runs it (minus TLS: loopback)."""
    env = {
        **os.environ,
        "DJANGO_ENV": "production",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": f"{DB_SERVER}/{database}",
        "REDIS_URL": f"{REDIS}/{redis_db}",
        "EXTRA_LANGUAGES": languages,
        "LOG_LEVEL": "WARNING",
        # One loopback address sends all the load: lift its anonymous limit so the figures
        # show the serving cost. The limiter still runs (and is counted) on every request.
        "API_RATE_ANONYMOUS": "1000000000/min",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DEBUG", None)
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=2)


def recreate_database(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{DB_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def prepare_databases() -> tuple[dict[str, str], dict[str, str]]:
    log(f"databases: {DB6} (6 languages), {DB12} (12 languages)")
    env6 = app_env(DB6, REDIS_DBS[0])
    env12 = app_env(DB12, REDIS_DBS[1], languages=EXTRA_LANGUAGES)
    env12["DJANGO_SETTINGS_MODULE"] = "bench.settings_app12"
    recreate_database(DB6)
    recreate_database(DB12)
    manage(env6, "collectstatic", "--no-input", "-v0")  # production storage has a manifest
    manage(env6, "migrate", "--no-input", "-v0")
    manage(env6, "import_seed")
    manage(env6, "shell", "-c", "from tests.support.big_guide import create; create()")
    syncdb = {**env12, "DJANGO_SETTINGS_MODULE": "bench.settings_syncdb"}
    manage(syncdb, "migrate", "--no-input", "-v0")  # Django's apps first: guide refers to users
    manage(syncdb, "migrate", "--run-syncdb", "--no-input", "-v0")
    manage(syncdb, "shell", "-c", SEARCH_SETUP)
    manage(env12, "import_seed")
    for env in (env6, env12):
        manage(env, "shell", "-c", "from django.core.cache import cache; cache.clear()")
    return env6, env12


@dataclass
class Servers:
    processes: list[subprocess.Popen] = field(default_factory=list)

    def start(self, name: str, args: list[str], env: dict[str, str]) -> subprocess.Popen:
        logfile = (WORK / f"{name}.log").open("w")
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=logfile, stderr=logfile)
        self.processes.append(process)
        return process

    def stop(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def gunicorn(servers: Servers, name: str, wsgi: str, env: dict[str, str]) -> subprocess.Popen:
    env = {**env, "HOST": "127.0.0.1", "PORT": str(PORTS[name])}
    args = [PYTHON, "-m", "gunicorn", "-c", "config/gunicorn.conf.py", wsgi]
    return servers.start(name, args, env)


def wait_until_up(port: int, path: str = "/") -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2)
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing answers on port {port}; see bench/.work/*.log")


def fetch(port: int, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers.items()), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers.items()), exc.read()


HOP_BY_HOP = {"date", "server", "connection", "content-length", "transfer-encoding", "keep-alive"}


def capture(name: str, port: int, path: str, headers: dict[str, str] | None = None) -> dict:
    """Save a response for the baselines: bytes for nginx, status + headers + bytes for bare."""
    status, response_headers, body = fetch(port, path, headers)
    if status not in (200, 304):
        raise RuntimeError(f"{path}: HTTP {status}: {body[:300]!r}")
    kept = [(k, v) for k, v in response_headers.items() if k.lower() not in HOP_BY_HOP]
    (WORK / "responses" / f"{name}.json").write_text(
        json.dumps({"status": status, "headers": kept})
    )
    (WORK / "responses" / f"{name}.body").write_bytes(body)
    (WORK / "static" / f"{name}.json").write_bytes(body)
    return {"status": status, "headers": response_headers, "body": body}


NGINX_CONF = """
worker_processes {workers};
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {work}/nginx-tmp/body;
    proxy_temp_path {work}/nginx-tmp/proxy;
    fastcgi_temp_path {work}/nginx-tmp/fastcgi;
    uwsgi_temp_path {work}/nginx-tmp/uwsgi;
    scgi_temp_path {work}/nginx-tmp/scgi;
    types {{ application/json json; }}

    # The machine's limit: the same bytes as static files.
    server {{
        listen 127.0.0.1:{static};
        root {work}/static;
        location / {{ }}
    }}

    # The caching reverse proxy of docker-compose, in front of the app.
    proxy_cache_path {work}/nginx-cache levels=1:2 keys_zone=api:20m max_size=256m inactive=7d
                     use_temp_path=off;
    map $upstream_http_cache_control $api_no_cache {{
        "~*(private|no-store|no-cache)" 1;
        "~*public" 0;
        default 1;
    }}
    map "$http_authorization$http_x_api_key$cookie_sessionid" $api_request_bypass {{
        "" 0;
        default 1;
    }}
    map $http_accept_encoding $api_encoding {{
        "~*(^|[ ,])br([ ,;]|$)" "br";
        "~*gzip" "gzip";
        default "";
    }}
    upstream web {{
        server 127.0.0.1:{app};
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{proxy};
        location / {{
            proxy_pass http://web;
            include {root}/deploy/nginx/api-cache.inc;
        }}
    }}
}}
"""


def start_nginx(servers: Servers) -> None:
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (WORK / "nginx-tmp" / sub).mkdir(parents=True, exist_ok=True)
    shutil.rmtree(WORK / "nginx-cache", ignore_errors=True)
    conf = WORK / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            workers=os.cpu_count() or 1,
            work=WORK,
            root=ROOT,
            static=PORTS["static"],
            proxy=PORTS["proxy"],
            app=PORTS["app"],
        )
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run([nginx, "-t", "-q", "-c", str(conf), "-p", str(WORK)], check=True)
    servers.start("nginx", [nginx, "-c", str(conf), "-p", str(WORK), "-g", "daemon off;"], {})


@dataclass
class Case:
    name: str
    port: int
    path: str
    headers: dict[str, str] = field(default_factory=dict)
    group: str = "app"
    baseline_of: str | None = None  # the app endpoint this case is a baseline for
    results: list[dict[str, Any]] = field(default_factory=list)


def wrk(case: Case, duration: int = DURATION) -> dict[str, Any]:
    args = ["wrk", f"-t{WRK_THREADS}", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "5s"]
    for name, value in case.headers.items():
        args += ["-H", f"{name}: {value}"]
    args += ["-s", str(BENCH / "report.lua"), f"http://127.0.0.1:{case.port}{case.path}"]
    out = subprocess.run(args, capture_output=True, text=True, check=True, timeout=duration + 30)
    data = marked_json("BENCH_JSON", out.stdout)
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    if data["socket_errors"] or data["status_errors"]:
        log(f"{case.name}: {data['socket_errors']} socket, {data['status_errors']} status errors")
    return data


def worker_rss(master_pid: int) -> dict[int, int]:
    """Resident memory (KiB) of each gunicorn worker, from /proc."""
    rss = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != master_pid:
                continue
            status = (stat.parent / "status").read_text()
        except (OSError, IndexError, ValueError):
            continue
        found = re.search(r"VmRSS:\s+(\d+)", status)
        if found:  # a zombie has no resident memory
            rss[int(stat.parent.name)] = int(found.group(1))
    return rss


def _mixed(requests: list[str], limit: int, duration: int) -> dict[str, Any]:
    """wrk over the mixed requests, stopping after `limit` responses (or `duration`)."""
    args = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "5s"]
    args += ["-s", str(BENCH / "memory.lua"), f"http://127.0.0.1:{PORTS['app']}"]
    args += ["--", str(limit), *requests]
    out = subprocess.run(args, capture_output=True, text=True, check=True, timeout=duration + 30)
    return marked_json("BENCH_JSON", out.stdout)


def memory_run(master_pid: int, requests: list[str]) -> dict[str, Any]:
    # wrk runs for its whole duration even once the script has stopped sending, so the
    # duration is sized from a short probe (which also warms every endpoint up).
    probe = _mixed(requests, 10**9, 3)
    rps = probe["requests"] / (probe["duration_us"] / 1e6)
    duration = min(300, int(1.3 * MEMORY_REQUESTS / rps) + 2)
    log(f"memory: {MEMORY_REQUESTS} requests, mixed endpoints, at most {duration}s")
    before = worker_rss(master_pid)
    summary = _mixed(requests, MEMORY_REQUESTS, duration)
    after = worker_rss(master_pid)
    workers = {
        pid: {
            "before_kib": before[pid],
            "after_kib": after[pid],
            "growth": round(after[pid] / before[pid] - 1, 4),
        }
        for pid in before
        if pid in after
    }
    total_before = sum(w["before_kib"] for w in workers.values())
    total_after = sum(w["after_kib"] for w in workers.values())
    return {
        "requests": summary["requests"],
        "errors": summary["errors"],
        "workers": workers,
        "before_kib": total_before,
        "after_kib": total_after,
        "growth": round(total_after / total_before - 1, 4) if total_before else None,
        "max_worker_growth": max((w["growth"] for w in workers.values()), default=None),
    }


def compressed_sizes(languages: list[str]) -> dict[str, dict[str, int]]:
    """Bytes the app serves for the seed guide's detail per language: as stored at publish
    (identity, and the br / gzip encodings chosen by Accept-Encoding)."""
    sizes = {}
    for code in languages:
        path = f"/api/v1/guides/{SEED}/?lang={code}"
        entry = {"raw": len(fetch(PORTS["app"], path)[2])}
        for coding in ("gzip", "br"):
            _s, headers, body = fetch(PORTS["app"], path, {"Accept-Encoding": coding})
            served = headers.get("Content-Encoding") == coding
            entry[f"served_{coding}"] = len(body) if served else -1
        sizes[code] = entry
    return sizes


def median_of(results: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in results)


def summarize(case: Case) -> dict[str, Any]:
    last = case.results[-1]
    return {
        "rps": round(median_of(case.results, "rps"), 1),
        "p50_ms": round(median_of(case.results, "p50_us") / 1000, 3),
        "p99_ms": round(median_of(case.results, "p99_us") / 1000, 3),
        "runs_rps": [round(r["rps"], 1) for r in case.results],
        "bytes_per_response": round(last["bytes"] / max(last["requests"], 1)),
        "errors": sum(r["socket_errors"] + r["status_errors"] for r in case.results),
    }  # fmt: skip


def main() -> int:
    for tool in ("wrk", "nginx"):
        if not (shutil.which(tool) or Path(f"/usr/sbin/{tool}").exists()):
            log(f"{tool} is missing: apt-get install -y wrk nginx (make bench does it)")
            return 1
    shutil.rmtree(WORK, ignore_errors=True)
    for sub in ("responses", "static"):
        (WORK / sub).mkdir(parents=True)
    started = time.monotonic()
    env6, env12 = prepare_databases()
    servers = Servers()
    try:
        app = gunicorn(servers, "app", "config.wsgi:application", env6)
        gunicorn(servers, "app12", "config.wsgi:application", env12)
        wait_until_up(PORTS["app"], "/api/v1/languages/")
        wait_until_up(PORTS["app12"], "/api/v1/languages/")

        detail = f"/api/v1/guides/{SEED}/?lang=es"
        big = f"/api/v1/guides/{BIG}/?lang=es"
        listing = "/api/v1/guides/?lang=es"
        etag = capture("detail_es", PORTS["app"], detail)["headers"]["ETag"]
        capture("detail_304", PORTS["app"], detail, {"If-None-Match": etag})
        capture("list", PORTS["app"], listing)
        first = json.loads(fetch(PORTS["app"], "/api/v1/sync/?lang=es")[2])
        sync = f"/api/v1/sync/?lang=es&cursor={first['cursor']}"
        synced = json.loads(capture("sync_up_to_date", PORTS["app"], sync)["body"])
        assert synced["guides"] == [] and synced["deleted"] == [], "the cursor is not up to date"
        capture("detail_200_sections", PORTS["app"], big)
        capture("detail_12_languages", PORTS["app12"], detail)

        bare_env = {**env6, "DJANGO_SETTINGS_MODULE": "bench.bare.settings"}
        bare_env["BENCH_RESPONSES"] = str(WORK / "responses")
        gunicorn(servers, "bare", "config.wsgi:application", bare_env)
        start_nginx(servers)
        wait_until_up(PORTS["bare"], "/bare/list")
        wait_until_up(PORTS["static"], "/list.json")
        static_etag = fetch(PORTS["static"], "/detail_es.json")[1]["ETag"]

        endpoints = [
            ("detail_es", PORTS["app"], detail, {}),
            ("detail_304", PORTS["app"], detail, {"If-None-Match": etag}),
            ("list", PORTS["app"], listing, {}),
            ("sync_up_to_date", PORTS["app"], sync, {}),
            ("detail_200_sections", PORTS["app"], big, {}),
            ("detail_12_languages", PORTS["app12"], detail, {}),
        ]
        cases: list[Case] = []
        for name, port, path, headers in endpoints:
            cases.append(Case(name, port, path, headers))
            cases.append(Case(f"{name}@bare", PORTS["bare"], f"/bare/{name}", {}, "bare", name))
            static_name = "detail_es" if name == "detail_304" else name
            static_headers = {"If-None-Match": static_etag} if name == "detail_304" else {}
            cases.append(
                Case(f"{name}@nginx", PORTS["static"], f"/{static_name}.json", static_headers,
                     "nginx", name)
            )  # fmt: skip
        for name, path, headers in [
            ("proxy_detail_es", detail, {}),
            ("proxy_detail_304", detail, {"If-None-Match": etag}),
            ("proxy_list", listing, {}),
        ]:
            cases.append(Case(name, PORTS["proxy"], path, headers, "proxy"))
        # Compressed throughput: the same detail as the brotli / gzip bytes stored at publish.
        for name, coding in [("detail_es_br", "br"), ("detail_es_gzip", "gzip")]:
            cases.append(Case(name, PORTS["app"], detail, {"Accept-Encoding": coding}, "coded"))
        cases.append(
            Case("proxy_detail_es_br", PORTS["proxy"], detail, {"Accept-Encoding": "br"}, "proxy")
        )
        fetch(PORTS["proxy"], detail)
        headers = fetch(PORTS["proxy"], detail)[1]
        if headers.get("X-Cache-Status") != "HIT":
            log(f"warning: the proxy does not cache the detail: {headers.get('X-Cache-Status')}")

        for case in cases:  # warm-up: every worker, cache and connection
            wrk(case, duration=1)
        for run in range(RUNS):
            log(f"run {run + 1}/{RUNS}: {len(cases)} cases x {DURATION}s")
            for case in cases:
                case.results.append(wrk(case))

        memory = memory_run(
            app.pid,
            [
                detail,
                f"/api/v1/guides/{SEED}/?lang=ar",
                f"/api/v1/guides/{SEED}/?lang=zh-Hans",
                f"{detail}|{etag}",
                listing,
                sync,
                f"/api/v1/guides/{SEED}/faq/?lang=fr",
                big,
            ],
        )
        sizes = compressed_sizes(["en", "es", "fr", "zh-Hans", "vi", "ar"])
    finally:
        servers.stop()
    editing = editing_figures(env6)
    editing["admin_12_languages"] = editing_figures_12(env12)

    results = build_results(cases, memory, sizes, time.monotonic() - started)
    results["editing"] = editing
    (BENCH / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    report.write(results)
    print_table(results)
    print("Written: bench/results.json and the figures of docs/performance.md")
    return 0


def editing_figures(env: dict[str, str]) -> dict[str, Any]:
    """Publish latency, concurrent publishing and the admin form (bench/editing.py)."""
    log("editing: publish latency, 4 concurrent publishers, the admin change form")
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", "from bench.editing import main; main()"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=900,
    )  # fmt: skip
    return marked_json("BENCH_EDITING", out.stdout)


def editing_figures_12(env: dict[str, str]) -> dict[str, Any]:
    """The admin's figures with 12 languages (bench/editing.py): form size grows per language."""
    log("editing: the admin change form and saves, 12 languages")
    code = "from bench.editing import main_12_languages; main_12_languages()"
    out = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True, timeout=900,
    )  # fmt: skip
    return marked_json("BENCH_EDITING_12", out.stdout)


def commit_stamp() -> str:
    """The commit measured, `+changes` when the tree differs from it."""

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", *args], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    dirty = git("status", "--porcelain", "--untracked-files=no", "--", ".", ":!bench/results.json",
                ":!docs/performance.md")  # fmt: skip
    return git("rev-parse", "--short=12", "HEAD") + ("+changes" if dirty else "")


def build_results(cases: list[Case], memory: dict, sizes: dict, elapsed: float) -> dict[str, Any]:
    by_name = {case.name: summarize(case) for case in cases}
    endpoints: dict[str, Any] = {}
    for case in cases:
        if case.group != "app":
            continue
        me, bare, nginx = (
            by_name[case.name],
            by_name[f"{case.name}@bare"],
            by_name[f"{case.name}@nginx"],
        )
        endpoints[case.name] = {
            **me,
            "bare_django": bare,
            "nginx_static": nginx,
            "ratio_to_bare_django": round(me["rps"] / bare["rps"], 3),
            "ratio_to_nginx": round(me["rps"] / nginx["rps"], 3),
            "p99_ratio_to_bare_django": round(me["p99_ms"] / bare["p99_ms"], 3),
        }  # fmt: skip
    proxy: dict[str, Any] = {}
    for case in cases:
        if case.group == "proxy":
            static = by_name["detail_es@nginx" if "304" not in case.name else "detail_304@nginx"]
            proxy[case.name] = {
                **by_name[case.name],
                "ratio_to_nginx": round(by_name[case.name]["rps"] / static["rps"], 3),
            }
    coded = {
        case.name: {
            **by_name[case.name],
            "ratio_to_identity": round(
                by_name[case.name]["rps"] / endpoints["detail_es"]["rps"], 3
            ),
        }
        for case in cases
        if case.group == "coded"
    }
    seed, large, langs = (endpoints[k]["rps"] for k in
                          ("detail_es", "detail_200_sections", "detail_12_languages"))  # fmt: skip
    return {
        "commit": commit_stamp(),
        "measured_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "ratios": {name: e["ratio_to_bare_django"] for name, e in endpoints.items()},
        "ratios_to_nginx": {
            **{name: e["ratio_to_nginx"] for name, e in endpoints.items()},
            **{name: p["ratio_to_nginx"] for name, p in proxy.items()},
        },
        "size_and_languages": {
            "detail_200_sections_vs_seed": round(large / seed, 3),
            "detail_12_languages_vs_6": round(langs / seed, 3),
            # The same, each against its own bare-Django run: steadier on a shared machine.
            "detail_200_sections_vs_seed_normalized": round(
                endpoints["detail_200_sections"]["ratio_to_bare_django"]
                / endpoints["detail_es"]["ratio_to_bare_django"],
                3,
            ),
            "detail_12_languages_vs_6_normalized": round(
                endpoints["detail_12_languages"]["ratio_to_bare_django"]
                / endpoints["detail_es"]["ratio_to_bare_django"],
                3,
            ),
        },
        "endpoints": endpoints,
        "proxy": proxy,
        "compressed": coded,
        "memory": memory,
        "compressed_detail_bytes": sizes,
        "settings": {
            "duration_s": DURATION,
            "runs": RUNS,
            "connections": CONNECTIONS,
            "wrk_threads": WRK_THREADS,
            "cpus": os.cpu_count(),
            "gunicorn": {
                "worker_class": os.environ.get("GUNICORN_WORKER_CLASS", "gthread"),
                "workers": int(os.environ.get("WEB_CONCURRENCY", str(os.cpu_count()))),
                "threads": int(os.environ.get("GUNICORN_THREADS", "4")),
            },
            "elapsed_s": round(elapsed),
        },
    }


def print_table(results: dict[str, Any]) -> None:
    head = f"{'endpoint':<22}{'rps':>9}{'p50 ms':>8}{'p99 ms':>8}  {'bare rps':>9}{'bare p99':>9}"
    head += f"{'nginx rps':>10}  {'x bare':>7}{'x nginx':>8}{'p99 x bare':>11}"
    print("\n" + head + "\n" + "-" * len(head))
    for name, e in results["endpoints"].items():
        b, n = e["bare_django"], e["nginx_static"]
        print(
            f"{name:<22}{e['rps']:>9.0f}{e['p50_ms']:>8.2f}{e['p99_ms']:>8.2f}  {b['rps']:>9.0f}"
            f"{b['p99_ms']:>9.2f}{n['rps']:>10.0f}  {e['ratio_to_bare_django']:>7.2f}"
            f"{e['ratio_to_nginx']:>8.2f}{e['p99_ratio_to_bare_django']:>11.2f}"
        )
    print("\nBehind the caching proxy (nginx proxy_cache), against nginx serving a static file:")
    for name, p in results["proxy"].items():
        print(
            f"{name:<22}{p['rps']:>9.0f}{p['p50_ms']:>8.2f}{p['p99_ms']:>8.2f}"
            f"  x nginx static {p['ratio_to_nginx']:.2f}"
        )
    print("\nThe detail compressed (bytes stored at publish), against the same uncompressed:")
    for name, c in results["compressed"].items():
        print(
            f"{name:<22}{c['rps']:>9.0f}{c['p50_ms']:>8.2f}{c['p99_ms']:>8.2f}"
            f"  x identity {c['ratio_to_identity']:.2f}"
        )
    s = results["size_and_languages"]
    print(
        f"\n200-section guide vs seed guide: {s['detail_200_sections_vs_seed']:.2f}x rps; "
        f"12 languages vs 6: {s['detail_12_languages_vs_6']:.2f}x rps\n"
        f"  each against its own bare-Django run: "
        f"{s['detail_200_sections_vs_seed_normalized']:.2f}x and "
        f"{s['detail_12_languages_vs_6_normalized']:.2f}x"
    )
    m = results["memory"]
    print(
        f"Worker memory over {m['requests']} requests: {m['before_kib'] / 1024:.1f} MiB -> "
        f"{m['after_kib'] / 1024:.1f} MiB ({m['growth']:+.1%} total, "
        f"worst worker {m['max_worker_growth']:+.1%})"
    )
    print("\nSeed guide detail, bytes per language:")
    sizes = results["compressed_detail_bytes"]
    columns = list(next(iter(sizes.values())).keys())
    print(f"{'lang':<9}" + "".join(f"{c:>11}" for c in columns))
    for code, entry in sizes.items():
        print(f"{code:<9}" + "".join(f"{entry[c]:>11}" for c in columns))
    print(f"\nratios (x bare Django): {json.dumps(results['ratios'])}")
    print(f"Editing: {json.dumps(results.get('editing'))}")
    print(f"Measured at {results['commit']} in {results['settings']['elapsed_s']} s")


if __name__ == "__main__":
    sys.exit(main())
