"""PostgreSQL only: unaccent, one text search configuration per language, and the indexes.

Each configuration copies PostgreSQL's own for the language and removes accents before
stemming, so `dolor` finds `dolór` and `Pérdida` finds `perdida`. SQLite has none of this;
search there falls back to matching folded substrings (api.search.query).
"""

from django.db import migrations

CONFIGS = {
    "guides_english": ("english", "english_stem"),
    "guides_spanish": ("spanish", "spanish_stem"),
    "guides_french": ("french", "french_stem"),
    "guides_arabic": ("arabic", "arabic_stem"),
    "guides_simple": ("simple", "simple"),
}


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    run = schema_editor.execute
    run("CREATE EXTENSION IF NOT EXISTS unaccent")
    run("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, (base, dictionary) in CONFIGS.items():
        run(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        run(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{base})")
        run(
            f"ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR "
            f"asciiword, asciihword, hword_asciipart, word, hword, hword_part "
            f"WITH unaccent, {dictionary}"
        )
    run("CREATE INDEX search_vector_gin ON search_searchentry USING gin (vector)")
    run("CREATE INDEX search_folded_trgm ON search_searchentry USING gin (folded gin_trgm_ops)")


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS search_vector_gin")
    schema_editor.execute("DROP INDEX IF EXISTS search_folded_trgm")
    for name in CONFIGS:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entries")]

    operations = [migrations.RunPython(forwards, backwards)]
