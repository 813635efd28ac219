"""Consumer tests: what a client generated from /api/v1/schema/ meets, validated strictly.

Every operation is driven in every served language and for every documented error
(`exchanges.collect`); each real response must validate against the served schema with
openapi-core (status, media type, headers, body) and with Ajv in strict mode (every component
schema compiles; every body validates). Redocly's recommended rules must pass (trailing
slashes are Django's style and stay), and a client generated with openapi-python-client
and TypeScript types generated with openapi-typescript must build and type-check
(`tsc --strict`).

The node tools live in tests/contract/ (`make contract-tools`). Locally the tests needing
them skip when they are absent; under CI=true they fail instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.contract.exchanges import collect, make_bare_guide

HERE = Path(__file__).resolve().parent
BIN = HERE / "node_modules" / ".bin"


def node_tool(name: str) -> Path:
    tool = BIN / name
    if shutil.which("node") is None or not tool.exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{name} is required under CI: run `make contract-tools`")
        pytest.skip(f"{name} not installed (make contract-tools)")
    return tool


@pytest.fixture
def served_schema(db) -> dict:
    response = Client().get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def exchanges(seeded, served_schema):
    make_bare_guide()
    return collect(Client())


def openapi_core_failures(schema: dict, exchanges) -> list[str]:
    from openapi_core import Config, OpenAPI
    from openapi_core.testing import MockRequest, MockResponse
    from werkzeug.datastructures import Headers, ImmutableMultiDict

    # A client parses every JSON media type we serve as JSON.
    as_json = {media: json.loads for media in ("application/problem+json", "application/ld+json")}
    api = OpenAPI.from_dict(schema, config=Config(extra_media_type_deserializers=as_json))
    failures = []
    for x in exchanges:
        sent = x.response.wsgi_request
        request = MockRequest(
            "http://testserver",
            x.method,
            sent.path,
            args=ImmutableMultiDict(
                list(sent.GET.lists())
                and [(k, v) for k, values in sent.GET.lists() for v in values]
            ),
            headers=Headers({k: v for k, v in sent.headers.items()}),
        )
        response = MockResponse(
            x.response.content,
            status_code=x.response.status_code,
            headers=Headers(dict(x.response.items())),
            content_type=x.response.get("Content-Type", ""),
        )
        try:
            api.validate_response(request, response)
        except Exception as exc:
            detail = "; ".join(str(e)[:200] for e in getattr(exc, "schema_errors", [])[:2])
            failures.append(
                f"{x.method.upper()} {x.url[:90]} {x.response.status_code}: "
                f"{type(exc).__name__}: {str(exc)[:160]} {detail}"
            )
    return failures


def test_every_real_response_validates_with_openapi_core(served_schema, exchanges):
    failures = openapi_core_failures(served_schema, exchanges)
    print(f"\nopenapi-core: {len(failures)} of {len(exchanges)} responses rejected")
    assert failures == [], "\n".join(failures[:40])


def test_every_schema_compiles_and_every_body_validates_with_strict_ajv(
    served_schema, exchanges, tmp_path
):
    node_tool("tsc")  # the tools are installed together
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(served_schema))
    lines = tmp_path / "exchanges.jsonl"
    lines.write_text("\n".join(x.line() for x in exchanges))
    run = subprocess.run(
        ["node", str(HERE / "validate.mjs"), str(schema_file), str(lines)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.stdout, run.stderr
    report = json.loads(run.stdout)
    print(
        f"\nAjv: {len(report['compileFailures'])} of {report['components']} schemas do not "
        f"compile; {len(report['bodyFailures'])} of {report['responses']} bodies rejected"
    )
    assert report["compileFailures"] == [], "\n".join(report["compileFailures"])
    assert report["bodyFailures"] == [], "\n".join(report["bodyFailures"][:40])


def test_redocly_recommended_rules_pass(served_schema, tmp_path):
    redocly = node_tool("redocly")
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(served_schema))
    run = subprocess.run(
        [
            str(redocly),
            "lint",
            "--config",
            str(HERE / "redocly.yaml"),
            "--format",
            "json",
            str(schema_file),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
    )
    report = json.loads(run.stdout) if run.stdout.strip().startswith("{") else {}
    problems = report.get("problems", [])
    errors = [p for p in problems if p.get("severity") == "error"]
    warnings = [p for p in problems if p.get("severity") == "warn"]
    print(f"\nRedocly recommended: {len(errors)} errors, {len(warnings)} warnings")
    summary = [f"{p['severity']} {p['ruleId']}: {p['message'][:120]}" for p in problems]
    assert run.returncode == 0 and problems == [], "\n".join(summary[:40]) or run.stderr


def test_generated_typescript_types_type_check_strictly(served_schema, tmp_path):
    generate, tsc = node_tool("openapi-typescript"), node_tool("tsc")
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(served_schema))
    types = tmp_path / "api.d.ts"
    run = subprocess.run(
        [str(generate), str(schema_file), "-o", str(types)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    (tmp_path / "use.ts").write_text((HERE / "use_types.ts").read_text())
    run = subprocess.run(
        [str(tsc), "--strict", "--noEmit", "--target", "es2020", "use.ts", "api.d.ts"],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_generated_python_client_builds_and_reads_a_guide(served_schema, exchanges, tmp_path):
    if shutil.which("openapi-python-client", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("openapi-python-client not installed (pip install -e '.[dev]')")
    schema_file = tmp_path / "schema.json"
    schema_file.write_text(json.dumps(served_schema))
    tool = Path(sys.executable).parent / "openapi-python-client"
    run = subprocess.run(
        [
            str(tool),
            "generate",
            "--path",
            str(schema_file),
            "--output-path",
            str(tmp_path / "c"),
            "--meta",
            "none",
            "--config",
            str(Path(__file__).parent / "openapi-python-client.yaml"),
            "--fail-on-warning",
        ],
        env={**os.environ, "PATH": f"{tool.parent}{os.pathsep}{os.environ.get('PATH', '')}"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-4000:]
    detail = next(
        x for x in exchanges if x.template == "/api/v1/guides/{slug}/" and x.url.endswith("lang=ar")
    )
    code = (
        "import json, sys\n"
        "from c.models import GuideDetail\n"
        "guide = GuideDetail.from_dict(json.loads(sys.stdin.read()))\n"
        "print(guide.slug, guide.language, len(guide.sections))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code],
        input=json.dumps(detail.body()),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr[-4000:]
    assert run.stdout.startswith("opzelura-atopic-dermatitis ar ")
