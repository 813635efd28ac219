"""The partner models, moved from the api app with their tables (no data moves).

The database keeps the tables `api_*`; only the migration state moves. The models' content
types move too (their app_label), so permissions, groups, admin log entries and history keep
pointing at the same rows.
"""

import api.clinical.keys
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


MODELS = ["partner", "apikey", "partnerusage", "webhook", "webhookdelivery"]


def _relabel(apps, old: str, new: str) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in MODELS:
        # A row under the new label made by an earlier post_migrate has nothing of value
        # pointing at it yet; the old row is the one permissions and log entries use.
        if ContentType.objects.filter(app_label=old, model=model).exists():
            ContentType.objects.filter(app_label=new, model=model).delete()
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def move_content_types(apps, schema_editor) -> None:
    _relabel(apps, "api", "partners")


def move_content_types_back(apps, schema_editor) -> None:
    _relabel(apps, "partners", "api")


STATE = [
    migrations.CreateModel(
        name='Partner',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('name', models.CharField(max_length=200, unique=True)),
            ('slug', models.SlugField(help_text='Public identifier: partners put it in embed codes as data-partner. Fixed once the partner has keys, usage or registered origins.', max_length=60, unique=True)),
            ('contact_name', models.CharField(blank=True, max_length=200)),
            ('contact_email', models.EmailField(blank=True, max_length=254)),
            ('origins', models.TextField(blank=True, help_text='Web origins allowed to embed and call the API from a browser, one per line (e.g. https://clinic.example.org).')),
            ('tier', models.CharField(choices=[('basic', 'Basic'), ('standard', 'Standard'), ('premium', 'Premium')], default='basic', max_length=16)),
            ('active', models.BooleanField(default=True)),
            ('created_at', models.DateTimeField(auto_now_add=True)),
            ('cds_issuer', models.CharField(blank=True, help_text="The `iss` of the JWTs the partner's EHR signs CDS Hooks requests with, exactly as it sends it (e.g. https://ehr.clinic.example.org). Blank: no CDS Hooks.", max_length=300, verbose_name='CDS Hooks issuer')),
            ('cds_public_key', models.TextField(blank=True, help_text='The EHR\'s public signing key: a JWK, a JWK Set ({"keys": [...]}) or a PEM public key; EC P-384 (ES384) or RSA of 2048 bits or more (RS384). Never a private key. Nothing is fetched from the EHR: paste a new key here to rotate.', validators=[api.clinical.keys.validate_public_keys], verbose_name='CDS Hooks public key')),
        ],
        options={
            'db_table': 'api_partner',
            'ordering': ['name'],
            'permissions': [('manage_keys', 'Can create, rotate and revoke partner API keys')],
            'constraints': [models.UniqueConstraint(condition=models.Q(('cds_issuer', ''), _negated=True), fields=('cds_issuer',), name='partner_cds_issuer_unique', violation_error_message='Another partner already uses this CDS Hooks issuer.')],
        },
    ),
    migrations.CreateModel(
        name='ApiKey',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('name', models.CharField(help_text="What the key is for, e.g. 'website'.", max_length=120)),
            ('prefix', models.CharField(editable=False, max_length=16, unique=True)),
            ('digest', models.CharField(editable=False, max_length=64)),
            ('created_at', models.DateTimeField(auto_now_add=True)),
            ('last_used_at', models.DateTimeField(blank=True, editable=False, null=True)),
            ('revoked_at', models.DateTimeField(blank=True, editable=False, null=True)),
            ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ('replaced_by', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='replaces', to='partners.apikey')),
            ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='keys', to='partners.partner')),
        ],
        options={
            'verbose_name': 'API key',
            'db_table': 'api_apikey',
            'ordering': ['partner', '-created_at'],
        },
    ),
    migrations.CreateModel(
        name='Webhook',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('url', models.URLField(max_length=500)),
            ('secret', models.CharField(editable=False, help_text='HMAC-SHA256 key; shown in the admin to the partner manager.', max_length=80)),
            ('active', models.BooleanField(default=True)),
            ('created_at', models.DateTimeField(auto_now_add=True)),
            ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='webhooks', to='partners.partner')),
        ],
        options={
            'db_table': 'api_webhook',
        },
    ),
    migrations.CreateModel(
        name='WebhookDelivery',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('event_id', models.CharField(max_length=64)),
            ('event', models.CharField(max_length=40)),
            ('payload', models.TextField()),
            ('status', models.CharField(choices=[('pending', 'Pending'), ('retrying', 'Retrying'), ('delivered', 'Delivered'), ('failed', 'Failed (gave up)')], default='pending', max_length=16)),
            ('attempts', models.PositiveSmallIntegerField(default=0)),
            ('last_status_code', models.PositiveSmallIntegerField(blank=True, null=True)),
            ('last_error', models.CharField(blank=True, max_length=500)),
            ('created_at', models.DateTimeField(auto_now_add=True)),
            ('last_attempt_at', models.DateTimeField(blank=True, null=True)),
            ('delivered_at', models.DateTimeField(blank=True, null=True)),
            ('webhook', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='deliveries', to='partners.webhook')),
        ],
        options={
            'verbose_name_plural': 'webhook deliveries',
            'db_table': 'api_webhookdelivery',
            'ordering': ['-created_at'],
        },
    ),
    migrations.CreateModel(
        name='PartnerUsage',
        fields=[
            ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
            ('day', models.DateField()),
            ('requests', models.PositiveBigIntegerField(default=0)),
            ('partner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='usage', to='partners.partner')),
        ],
        options={
            'verbose_name_plural': 'partner usage',
            'db_table': 'api_partnerusage',
            'ordering': ['-day'],
            'constraints': [models.UniqueConstraint(fields=('partner', 'day'), name='usage_per_partner_day')],
        },
    ),
]


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("api", "0008_rendered_encodings"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=STATE),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
