"""The Translators and Medical reviewers groups; only reviewers may mark texts reviewed."""

from django.db import migrations


def create_groups(apps, schema_editor):
    from guide.migrations._legacy_roles import ensure_translation_groups

    ensure_translation_groups(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Translators", "Medical reviewers"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("guide", "0005_text_status")]

    operations = [migrations.RunPython(create_groups, remove_groups)]
