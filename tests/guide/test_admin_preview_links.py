"""Preview links (bearer URLs to unpublished text) are shown only to those who may preview."""

from __future__ import annotations

from django.test import Client

from guide.roles import REVIEWER_GROUP, TRANSLATOR_GROUP
from tests.support.roles import role_user


def page_for(group: str, guide) -> str:
    client = Client()
    client.force_login(role_user(group))
    response = client.get(f"/admin/guide/guide/{guide.pk}/change/")
    assert response.status_code == 200
    return response.content.decode()


def test_translators_do_not_get_preview_links(seeded):
    page = page_for(TRANSLATOR_GROUP, seeded)
    assert "/preview/" not in page
    assert "not shown to your role" in page


def test_reviewers_get_preview_links(seeded):
    page = page_for(REVIEWER_GROUP, seeded)
    assert "/api/v1/preview/" in page and "/embed/v1/preview/" in page
