"""Running this project's manage.py as a production process would, in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "a-production-secret-" + "x9" * 30,
    "ALLOWED_HOSTS": "guides.example.org",
    "DATABASE_URL": "sqlite:///" + str(ROOT / "does-not-need-to-exist.sqlite3"),
    "CELERY_BROKER_URL": "redis://127.0.0.1:6379/15",  # never contacted by `check`
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`manage.py *args` in its own process with `env`, without this process's test-only
    switches (which a production process would not have)."""
    unset = ("DEBUG", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE")
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
