"""Minimal settings: no apps, no middleware, one URL pattern. Only the framework's own cost."""

from __future__ import annotations

import os
from pathlib import Path

SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bench.bare.urls"
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
DATABASES: dict = {}
USE_TZ = True
BENCH_RESPONSES = Path(os.environ["BENCH_RESPONSES"])
