"""Test runs are development runs unless they say otherwise.

Settings refuse to start without an explicit DJANGO_ENV (see config.settings). pytest-django
imports the settings before any conftest runs, so the default is set here, in a plugin
loaded with `-p` (pyproject.toml), which pytest imports before anything else.
"""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_ENV", "development")
