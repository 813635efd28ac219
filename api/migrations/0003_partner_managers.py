"""The Partner managers group: partners, keys, usage, webhooks and deliveries; no content."""

from django.db import migrations


def create_group(apps, schema_editor):
    from api.migrations._legacy_partner_managers import ensure_partner_managers

    ensure_partner_managers(apps, "api")  # the models were in the api app then


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Partner managers").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0002_partners"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
