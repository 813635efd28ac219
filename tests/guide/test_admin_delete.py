"""Deleting a guide that was ever published is a publishing decision, on every delete path."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from guide.models import Guide, GuideVersion
from guide.publishing import publish
from guide.roles import EDITOR_GROUP
from tests.support.roles import role_user


def editor(publisher: bool = False) -> Client:
    user = role_user(EDITOR_GROUP, "publisher" if publisher else "editor")
    if publisher:
        user.user_permissions.add(Permission.objects.get(codename="publish_guide"))
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def published(db) -> Guide:
    guide = Guide.objects.create(slug="short-guide", title_en="A short guide")
    publish(guide)
    return guide


def test_editor_cannot_delete_a_published_guide_from_its_delete_page(published, client):
    page = editor()
    assert page.get(f"/admin/guide/guide/{published.pk}/delete/").status_code == 403
    response = page.post(f"/admin/guide/guide/{published.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert GuideVersion.objects.filter(guide=published).exists()
    assert client.get("/api/v1/guides/short-guide/").status_code == 200


def test_editor_cannot_delete_a_published_guide_from_the_list(published):
    page = editor()
    draft = Guide.objects.create(slug="a-draft", title_en="A draft")
    response = page.post(
        "/admin/guide/guide/",
        {"action": "delete_selected", "_selected_action": [published.pk, draft.pk], "post": "yes"},
    )
    assert response.status_code == 403
    assert GuideVersion.objects.filter(guide=published).exists()
    assert Guide.objects.filter(pk=draft.pk).exists()


def test_editor_still_deletes_drafts(db):
    page = editor()
    draft = Guide.objects.create(slug="a-draft", title_en="A draft")
    response = page.post(f"/admin/guide/guide/{draft.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Guide.objects.filter(pk=draft.pk).exists()


def test_a_publisher_may_delete_a_published_guide(published):
    page = editor(publisher=True)
    response = page.post(f"/admin/guide/guide/{published.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not GuideVersion.objects.filter(guide_id=published.pk).exists()
