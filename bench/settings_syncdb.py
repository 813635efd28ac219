"""Schema for the many-languages bench database, without writing migrations.

With EXTRA_LANGUAGES the translated models gain columns that the committed migrations do
not create. Rather than generating throwaway migrations into the source tree, the bench
creates the schema of `guide`, `api`, `search`, `partners` (and their history tables)
straight from the models with `migrate --run-syncdb`; Django's own apps keep theirs. Search's
PostgreSQL configurations come from its migration's own function (bench/run.py). Only used to create
that database: the server then runs with the ordinary settings and the same languages.
"""

from config.settings import *  # noqa: F403

MIGRATION_MODULES = {"guide": None, "api": None, "search": None, "partners": None}
