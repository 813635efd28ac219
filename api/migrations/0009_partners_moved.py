"""The partner models moved to the partners app: gone from this app's state, tables kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0008_rendered_encodings"),
        ("partners", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="partnerusage", name="partner"),
                migrations.RemoveField(model_name="webhook", name="partner"),
                migrations.RemoveField(model_name="webhookdelivery", name="webhook"),
                migrations.DeleteModel(name="ApiKey"),
                migrations.DeleteModel(name="PartnerUsage"),
                migrations.DeleteModel(name="Partner"),
                migrations.DeleteModel(name="Webhook"),
                migrations.DeleteModel(name="WebhookDelivery"),
            ]
        )
    ]
