"""Adding a language is settings plus a migration: proven on a temporary copy of the project."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHECK = """
import json
from django.test import Client
client = Client()
languages = client.get("/api/v1/languages/").json()["languages"]
guide = client.get("/api/v1/guides/opzelura-atopic-dermatitis/", {"lang": "pt-BR"})
print(json.dumps({"languages": languages, "status": guide.status_code, "guide": guide.json()}))
"""


@pytest.fixture(scope="module")
def project_with_portuguese(tmp_path_factory) -> tuple[Path, dict]:
    copy = tmp_path_factory.mktemp("project")
    for name in ("config", "guide", "api", "manage.py"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, copy / name)
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{copy / 'db.sqlite3'}",
        "EXTRA_LANGUAGES": "pt-br",
        "ALLOWED_HOSTS": "testserver",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(copy),
    }

    def manage(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=copy,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    manage("makemigrations", "guide", "--name", "add_pt_br")
    manage("migrate", "--no-input", "-v0")
    manage("import_seed")
    return copy, json.loads(manage("shell", "-c", CHECK).strip().splitlines()[-1])


def test_the_migration_adds_one_column_per_translated_field(project_with_portuguese):
    copy, _ = project_with_portuguese
    (migration,) = (copy / "guide" / "migrations").glob("*_add_pt_br.py")
    text = migration.read_text()
    for column in ("title_pt_br", "body_pt_br", "question_pt_br", "text_pt_br", "name_pt_br"):
        assert f"'{column}'" in text or f'"{column}"' in text
    assert not list((ROOT / "guide" / "migrations").glob("*_add_pt_br.py"))


def test_the_api_serves_the_new_language_as_missing_with_marked_fallback(
    project_with_portuguese,
):
    _, out = project_with_portuguese
    assert {
        "code": "pt-BR",
        "name": "Português Brasileiro",
        "english_name": "Brazilian Portuguese",
        "dir": "ltr",
    } in out["languages"]
    assert out["status"] == 200
    guide = out["guide"]
    assert guide["language"] == "pt-BR"
    portuguese = next(lang for lang in guide["available_languages"] if lang["code"] == "pt-BR")
    assert (portuguese["status"], portuguese["percent"]) == ("missing", 0)
    assert portuguese["missing"] > 0 and portuguese["machine"] == 0
    assert guide["fallback"]["title"] == "en"
    assert guide["sections"][0]["fallback"] == {"heading": "en", "body": "en"}
    assert "translation_status" not in guide["sections"][0]
