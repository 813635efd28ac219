"""pytest plugin for mutation runs (loaded with `-p mutation.pytest_plugin`).

Every mutant's tests run in a process forked from the one that ran the clean tests, against
one test database kept between runs (`--reuse-db`). It has its own name, so an ordinary
`pytest` run beside it neither drops nor reuses it, and no connection is left open for a
forked child to inherit and share with its parent.

A mutant stopped for taking too long may be stopped inside a test that commits (one with a
live server): its rows stay in the kept database, and the next run's tests would see them.
Each run therefore starts from empty tables.
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


@pytest.fixture(scope="session", autouse=True)
def _empty_tables(django_db_setup, django_db_blocker) -> None:
    from django.core.management import call_command
    from django.db import connection

    # Only the kept test database, and only when this run set it up (tests that use none
    # leave the connection on the configured database, which is never to be emptied).
    name = os.environ.get("MUTATION_TEST_DATABASE")
    if name and connection.settings_dict["NAME"] == name:
        with django_db_blocker.unblock():
            call_command("flush", interactive=False, verbosity=0)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from django.db import connections

    connections.close_all()
