"""The Editors group: everything over guide content, nothing over users or groups."""

from django.db import migrations


def create_groups(apps, schema_editor):
    from guide.migrations._legacy_roles import ensure_groups

    ensure_groups(apps)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Editors").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("guide", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
