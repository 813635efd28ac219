"""pytest plugin for mutation runs (loaded with `-p mutation.pytest_plugin`).

Every mutant's tests run in a process forked from the one that ran the clean tests, against
one test database kept between runs (`--reuse-db`). It has its own name, so an ordinary
`pytest` run beside it neither drops nor reuses it, and no connection is left open for a
forked child to inherit and share with its parent.
"""

from __future__ import annotations

import os

import pytest


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    default = settings.DATABASES["default"]
    if "postgresql" in default["ENGINE"]:
        # Django renames NAME to the test database's once it is set up: name it from the first.
        name = os.environ.setdefault("MUTATION_TEST_DATABASE", f"test_{default['NAME']}_mutation")
        default.setdefault("TEST", {})["NAME"] = name


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from django.db import connections

    connections.close_all()
