"""The translation workflow in the admin: the guide list's XLIFF export action."""

from __future__ import annotations

from django.test import Client

from guide.translating.xliff import export_xliff


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
