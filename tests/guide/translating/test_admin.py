"""The translation workflow in the admin: the guide list's XLIFF export action."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from guide.models import Section, TextStatus
from guide.roles import EDITOR_GROUP, REVIEWER_GROUP, TRANSLATOR_GROUP
from guide.translating.marking import set_status
from guide.translating.xliff import export_xliff, import_xliff
from tests.support.roles import make_reviewer, role_user
from tests.support.xliff import serialize, set_target


def test_guide_list_offers_and_runs_the_export_xliff_action(seeded, admin_client: Client):
    changelist = admin_client.get("/admin/guide/guide/").content.decode()
    assert 'value="export_xliff_action"' in changelist
    assert 'value="publish_selected"' in changelist

    response = admin_client.post(
        "/admin/guide/guide/",
        {"action": "export_xliff_action", "_selected_action": [seeded.pk]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Export {seeded} as XLIFF" in page
    assert f'action="/admin/guide/textstatus/xliff/export/{seeded.slug}/"' in page

    download = admin_client.get(
        f"/admin/guide/textstatus/xliff/export/{seeded.slug}/", {"language": "fr"}
    )
    assert download.status_code == 200
    assert download.content == export_xliff(seeded, "fr")


def _import_page(client: Client) -> str:
    return client.get("/admin/guide/textstatus/xliff/import/").content.decode()


def test_only_reviewers_see_the_overwrite_reviewed_box(seeded):
    boxes = {}
    for group in (TRANSLATOR_GROUP, EDITOR_GROUP, REVIEWER_GROUP):
        client = Client()
        client.force_login(role_user(group))
        boxes[group] = 'name="overwrite_reviewed"' in _import_page(client)
    assert boxes == {TRANSLATOR_GROUP: False, EDITOR_GROUP: False, REVIEWER_GROUP: True}


def test_a_translator_cannot_overwrite_a_reviewed_translation_even_by_crafted_post(seeded):
    reviewer = make_reviewer()
    section = Section.objects.filter(guide=seeded).order_by("pk").first()
    uid = f"section.{section.pk}.heading"
    set_status(
        [TextStatus.objects.get(object_id=section.pk, field="heading", language="es")],
        "reviewed",
        reviewer,
    )
    data = serialize(
        export_xliff(seeded, "es"),
        lambda found, root: set_target(found[uid], "Un título que no revisó nadie"),
    )
    translator = role_user(TRANSLATOR_GROUP)
    client = Client()
    client.force_login(translator)
    upload = SimpleUploadedFile("es.xlf", data)
    refused = client.post(
        "/admin/guide/textstatus/xliff/import/", {"file": upload, "overwrite_reviewed": "on"}
    )
    assert refused.status_code == 400
    assert "only a medical reviewer may" in refused.content.decode()
    section.refresh_from_db()
    assert section.heading_es != "Un título que no revisó nadie"
    with pytest.raises(PermissionDenied):
        import_xliff(data, user=User.objects.get(pk=translator.pk), overwrite_reviewed=True)
    # The reviewer may, from the same form.
    client.force_login(reviewer)
    upload = SimpleUploadedFile("es.xlf", data)
    accepted = client.post(
        "/admin/guide/textstatus/xliff/import/", {"file": upload, "overwrite_reviewed": "on"}
    )
    assert accepted.status_code == 302
    section.refresh_from_db()
    assert section.heading_es == "Un título que no revisó nadie"
