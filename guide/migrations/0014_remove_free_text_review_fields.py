"""The free-text review fields go: reviews are records tied to an account and a version."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('guide', '0013_reviews_from_free_text'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='guide',
            name='last_reviewed',
        ),
        migrations.RemoveField(
            model_name='guide',
            name='next_review_due',
        ),
        migrations.RemoveField(
            model_name='guide',
            name='reviewed_by',
        ),
        migrations.RemoveField(
            model_name='guidelanguage',
            name='last_reviewed',
        ),
        migrations.RemoveField(
            model_name='guidelanguage',
            name='next_review_due',
        ),
        migrations.RemoveField(
            model_name='guidelanguage',
            name='reviewed_by',
        ),
        migrations.RemoveField(
            model_name='historicalguide',
            name='last_reviewed',
        ),
        migrations.RemoveField(
            model_name='historicalguide',
            name='next_review_due',
        ),
        migrations.RemoveField(
            model_name='historicalguide',
            name='reviewed_by',
        ),
        migrations.RemoveField(
            model_name='historicalguidelanguage',
            name='last_reviewed',
        ),
        migrations.RemoveField(
            model_name='historicalguidelanguage',
            name='next_review_due',
        ),
        migrations.RemoveField(
            model_name='historicalguidelanguage',
            name='reviewed_by',
        ),
    ]
