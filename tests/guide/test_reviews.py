"""Medical reviews: recorded by a reviewer's account in the admin, shown where readers look."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from guide.models import GuideLanguage, MedicalReview, Section, TextStatus
from guide.publishing import publish
from guide.review_admin import GuideLanguageForm
from guide.reviews import ReviewError, record_review
from guide.roles import EDITOR_GROUP
from guide.translating.xliff import export_xliff, import_xliff
from tests.support.admin_forms import change_form_data
from tests.support.guides import DETAIL, SEED_SLUG
from tests.support.roles import make_reviewer, role_user
from tests.support.xliff import serialize, set_target

JSONLD = f"/api/v1/guides/{SEED_SLUG}/jsonld/"
EMBED = f"/embed/v1/guides/{SEED_SLUG}/"
ADD = "/admin/guide/medicalreview/add/"


def form_data(guide, language: str, **extra) -> dict:
    return {
        "guide": guide.pk,
        "language": language,
        "version": "",
        "reviewed_on": timezone.localdate().isoformat(),
        "next_review_due": "",
        "note": "",
        "reviewer_name": "Someone Else",  # not a field of the form: ignored
        **extra,
    }


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_review_recorded_in_the_admin_shows_in_api_jsonld_and_embed(seeded):
    reviewer = make_reviewer("lucia", "Dra. Lucía Gómez", "Dermatóloga")
    client = logged_in(reviewer)
    assert client.get(ADD).status_code == 200
    response = client.post(ADD, form_data(seeded, "es"))
    assert response.status_code == 302, response.content.decode()[:2000]
    (review,) = MedicalReview.objects.all()
    assert (review.reviewer, review.reviewer_name) == (reviewer, "Dra. Lucía Gómez")
    assert review.version == seeded.versions.get()
    today = timezone.localdate()
    assert review.next_review_due == today + timedelta(days=365)

    reader = Client()
    spanish = reader.get(DETAIL, {"lang": "es"}).json()
    assert spanish["last_reviewed"] == today.isoformat()
    assert spanish["reviewed_by"] == "Dra. Lucía Gómez"
    assert spanish["review"]["status"] == "reviewed"
    assert spanish["review"]["reviewed_by"] == {
        "name": "Dra. Lucía Gómez",
        "credentials": "Dermatóloga",
    }
    assert spanish["review"]["reviewed_version"] == 1
    assert spanish["review"]["migrated"] is False
    languages = {lang["code"]: lang for lang in spanish["available_languages"]}
    assert languages["es"]["review_status"] == "reviewed"
    assert languages["es"]["provenance"] == "reviewed"
    # English has not been reviewed: the Spanish review is not claimed for it.
    english = reader.get(DETAIL).json()
    assert english["review"] == {"status": "not_reviewed"} and english["last_reviewed"] is None

    page = json.loads(reader.get(JSONLD, {"lang": "es"}).content)
    assert page["lastReviewed"] == today.isoformat()
    assert page["reviewedBy"]["name"] == "Dra. Lucía Gómez"
    assert "reviewedBy" not in json.loads(reader.get(JSONLD).content)

    html = reader.get(EMBED, {"lang": "es"}).content.decode()
    assert "Revisión médica de Dra. Lucía Gómez, Dermatóloga" in html
    assert "Este idioma aún no ha tenido revisión médica" not in html
    english_page = reader.get(EMBED).content.decode()
    assert "This language has not been medically reviewed yet." in english_page


def test_an_editor_cannot_record_a_review_or_claim_one(seeded):
    editor = role_user(EDITOR_GROUP, "ed", password="a-long-password-123")
    client = logged_in(editor)
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, form_data(seeded, "es")).status_code == 403
    assert not MedicalReview.objects.exists()
    with pytest.raises(PermissionDenied):
        record_review(seeded, "es", User.objects.get(pk=editor.pk))
    # Nor can a language be marked reviewed by hand.
    language = GuideLanguage.objects.get(guide=seeded, language="es")
    form = GuideLanguageForm(
        {"language": "es", "provenance": "reviewed", "note": ""}, instance=language
    )
    assert not form.is_valid() and "provenance" in form.errors
    assert "reviewed" not in [c[0] for c in form.fields["provenance"].widget.choices]


def test_publishing_by_a_reviewer_is_not_a_review(seeded):
    reviewer = make_reviewer()
    response = logged_in(reviewer).post(
        f"/admin/guide/guide/{seeded.pk}/publish/", {"note": "after review"}
    )
    assert response.status_code == 302
    assert seeded.versions.count() == 2
    assert not MedicalReview.objects.exists()
    body = Client().get(DETAIL, {"lang": "es"}).json()
    assert body["review"] == {"status": "not_reviewed"}


def test_a_language_whose_source_changed_since_its_review_says_so(
    seeded, django_capture_on_commit_callbacks
):
    seeded.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        record_review(seeded, "es", make_reviewer())
    assert Client().get(DETAIL, {"lang": "es"}).json()["review"]["status"] == "reviewed"
    section = Section.objects.filter(guide=seeded, parent=None).order_by("order").first()
    section.body_en += "<p>A new English paragraph.</p>"
    section.save()
    with django_capture_on_commit_callbacks(execute=True):  # drops the cached copies
        publish(seeded, note="English changed")
    review = Client().get(DETAIL, {"lang": "es"}).json()["review"]
    assert review["status"] == "outdated"
    assert review["source_changed_since_review"] is True
    assert review["text_changed_since_review"] is False
    assert review["reviewed_version"] == 1
    html = Client().get(EMBED, {"lang": "es"}).content.decode()
    assert "El texto original en inglés ha cambiado desde esta revisión." in html


def test_review_interval_is_a_setting_and_dates_are_checked(seeded, settings):
    settings.MEDICAL_REVIEW_INTERVAL_DAYS = 90
    seeded.refresh_from_db()
    reviewer = make_reviewer()
    today = timezone.localdate()
    with pytest.raises(ReviewError, match="future"):
        record_review(seeded, "fr", reviewer, reviewed_on=today + timedelta(days=1))
    with pytest.raises(ReviewError, match="after"):
        record_review(seeded, "fr", reviewer, next_review_due=today)
    review = record_review(seeded, "fr", reviewer)
    assert review.next_review_due == today + timedelta(days=90)


def test_a_reviewer_without_a_name_is_asked_for_a_profile(seeded):
    seeded.refresh_from_db()
    anonymous = make_reviewer("nameless")
    anonymous.reviewer_profile.delete()
    anonymous = User.objects.get(pk=anonymous.pk)
    with pytest.raises(ReviewError, match="reviewer profile"):
        record_review(seeded, "es", anonymous)
    response = logged_in(anonymous).post(ADD, form_data(seeded, "es"))
    assert response.status_code == 200 and b"reviewer profile" in response.content
    assert not MedicalReview.objects.exists()


def test_a_reviewed_language_row_cannot_be_moved_to_another_language(seeded):
    record_review(seeded, "es", make_reviewer())
    spanish = GuideLanguage.objects.get(guide=seeded, language="es")
    assert spanish.provenance == "reviewed"
    GuideLanguage.objects.filter(guide=seeded, language="fr").delete()
    moved = GuideLanguageForm(
        {"language": "fr", "provenance": "reviewed", "note": ""}, instance=spanish
    )
    assert not moved.is_valid() and "provenance" in moved.errors
    spanish = GuideLanguage.objects.get(pk=spanish.pk)  # a form changes its instance
    kept = GuideLanguageForm(
        {"language": "es", "provenance": "reviewed", "note": "kept"}, instance=spanish
    )
    assert kept.is_valid(), kept.errors


def test_an_editor_posting_reviewed_through_the_guide_page_is_refused(seeded):
    """The whole guide form, posted as a browser would, with one language set to reviewed."""
    client = logged_in(role_user(EDITOR_GROUP, "ed"))
    change = f"/admin/guide/guide/{seeded.pk}/change/"
    page = client.get(change).content.decode()
    assert 'value="reviewed"' not in page  # not offered
    assert "Record a medical review" not in page  # nor the reviewers' page
    assert "Medical reviewers record reviews from their own accounts." in page
    # No field anywhere on the page takes a review date or a reviewer's name.
    assert not re.search(r'name="[^"]*review[^"]*"', page)
    section = Section.objects.filter(guide=seeded).first()
    section_page = client.get(f"/admin/guide/section/{section.pk}/change/").content.decode()
    assert not re.search(r'name="[^"]*review[^"]*"', section_page)
    data = change_form_data(page, "guide_form")
    rows = {
        data[f"languages-{i}-language"][0]: i for i in range(int(data["languages-TOTAL_FORMS"][0]))
    }
    data[f"languages-{rows['fr']}-provenance"] = ["reviewed"]
    response = client.post(change, data)
    assert response.status_code == 200
    assert "not chosen here" in response.content.decode()
    assert GuideLanguage.objects.get(guide=seeded, language="fr").provenance != "reviewed"
    assert not MedicalReview.objects.exists()


def test_an_xliff_file_signed_off_and_approved_marks_nothing_reviewed(seeded):
    section = Section.objects.filter(guide=seeded).order_by("pk").first()
    uid = f"section.{section.pk}.heading"

    def sign_off(found, root):
        set_target(found[uid], "Título aprobado por el proveedor", state="signed-off")
        found[uid].set("approved", "yes")

    import_xliff(serialize(export_xliff(seeded, "es"), sign_off), user=role_user(EDITOR_GROUP))
    record = TextStatus.objects.get(object_id=section.pk, field="heading", language="es")
    assert record.status == "human"
    assert GuideLanguage.objects.get(guide=seeded, language="es").provenance != "reviewed"
    assert not MedicalReview.objects.exists()
