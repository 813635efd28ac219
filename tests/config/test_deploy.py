"""Production settings: `check --deploy` is clean, and unsafe configurations refuse to start."""

from __future__ import annotations

import subprocess

import pytest

from api.models import RenderedGuide
from guide.models import Guide, Section
from guide.publishing import publish
from tests.support.guides import SEED_SLUG
from tests.support.production import PRODUCTION, ROOT, manage


def test_check_deploy_passes_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DEBUG": "true"}, "DEBUG must be off"),
        ({"SECRET_KEY": ""}, "needs SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "needs SECRET_KEY"),
        ({"CELERY_BROKER_URL": ""}, "needs a task broker"),
        ({"CELERY_TASK_ALWAYS_EAGER": "true"}, "needs a task broker"),
    ],
)
def test_production_refuses_unsafe_settings(change, message):
    result = manage("check", **{**PRODUCTION, **change})
    assert result.returncode != 0
    assert message in result.stderr


def test_no_secrets_in_the_repository():
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    markers = ("-----BEGIN " + "PRIVATE KEY", "-----BEGIN RSA " + "PRIVATE KEY", "AK" + "IA")
    for name in tracked:
        path = ROOT / name
        if path.suffix in {".js", ".json", ".txt"} or not path.is_file():
            continue
        text = path.read_text("utf-8", errors="ignore")
        assert not any(marker in text for marker in markers), name


def test_html_is_cleaned_on_the_way_out_too(seeded, client):
    section = Section.objects.filter(guide=seeded, parent=None).first()
    # Written around the model (as a raw import might), so the save-time cleaning is skipped.
    Section.objects.filter(pk=section.pk).update(
        body_en='<p onclick="steal()">Hi<script>alert(1)</script></p>'
    )
    publish(Guide.objects.get(slug=SEED_SLUG))
    body = RenderedGuide.objects.get(live=True, language="en", kind="detail").body
    assert "<script" not in body and "onclick" not in body
    response = client.get(f"/api/v1/guides/{SEED_SLUG}/")
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"]
