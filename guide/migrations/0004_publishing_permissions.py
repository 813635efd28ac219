"""Give the Editors group the new publishing permissions."""

from django.db import migrations


def grant(apps, schema_editor):
    from guide.migrations._legacy_roles import ensure_groups

    ensure_groups(apps)


class Migration(migrations.Migration):
    dependencies = [("guide", "0003_publishing")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
