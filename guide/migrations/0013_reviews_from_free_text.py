"""Carry the former free-text review fields over as medical review records, and set roles.

Those fields were typed by anyone who could edit a guide, so the records made from them are
marked `migrated`: tied to no account and no version. A guide's own review fields described
its English text. A language marked "reviewed" with no review left to show for it goes back
to "human" (reviewed is now set only by recording a review).
"""

from datetime import timedelta

from django.conf import settings
from django.db import migrations


def forwards(apps, schema_editor):
    from guide.migrations._legacy_roles import ensure_roles

    Guide = apps.get_model("guide", "Guide")
    GuideLanguage = apps.get_model("guide", "GuideLanguage")
    MedicalReview = apps.get_model("guide", "MedicalReview")
    interval = timedelta(days=settings.MEDICAL_REVIEW_INTERVAL_DAYS)

    def carry(guide_id, language, last_reviewed, reviewed_by, next_review_due):
        if last_reviewed is None:
            return False
        MedicalReview.objects.create(
            guide_id=guide_id,
            language=language,
            reviewer_name=reviewed_by or "(not recorded)",
            reviewed_on=last_reviewed,
            next_review_due=next_review_due or last_reviewed + interval,
            migrated=True,
            note="Carried over from the former free-text review fields.",
        )
        return True

    for guide in Guide.objects.exclude(last_reviewed=None):
        carry(guide.pk, "en", guide.last_reviewed, guide.reviewed_by, guide.next_review_due)
    for gl in GuideLanguage.objects.all():
        kept = carry(gl.guide_id, gl.language, gl.last_reviewed, gl.reviewed_by, gl.next_review_due)
        if gl.provenance == "reviewed" and not kept:
            gl.provenance = "human"
            gl.save(update_fields=["provenance"])
    ensure_roles(apps)


class Migration(migrations.Migration):

    dependencies = [
        ('guide', '0012_governance'),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
