"""Refusals in the admin are admin pages that say what was refused and who can do it."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory

from config.errors import handler403
from guide.models import Guide
from guide.roles import EDITOR_GROUP, PARTNER_MANAGERS, REVIEWER_GROUP, TRANSLATOR_GROUP
from tests.support.roles import role_user


def client_for(group: str) -> Client:
    client = Client()
    client.force_login(role_user(group))
    return client


def assert_admin_refusal(response, *texts: str) -> str:
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    # Styled as the admin: its stylesheet, header and breadcrumbs, not Django's bare 403.
    assert "admin/css/base.css" in page and 'id="header"' in page
    assert 'class="breadcrumbs"' in page and "Not open to your role" in page
    for text in texts:
        assert text in page, text
    return page


@pytest.mark.parametrize("group", [EDITOR_GROUP, TRANSLATOR_GROUP])
def test_publishing_pages_explain_that_reviewers_publish(seeded, group):
    client = client_for(group)
    for action in ("publish", "withdraw", "rollback/1"):
        response = client.post(f"/admin/guide/guide/{seeded.pk}/{action}/", {"note": "x"})
        page = assert_admin_refusal(
            response, "Publishing, withdrawing or republishing a guide is not open to your role"
        )
        assert f"<strong>{group}</strong>" in page
        assert "The Medical reviewers role can." in page
    assert seeded.versions.count() == 1


def test_django_admin_views_are_explained_from_their_address(seeded):
    translator = client_for(TRANSLATOR_GROUP)
    assert_admin_refusal(
        translator.get("/admin/guide/medicalreview/add/"),
        "Adding a medical review is not open to your role",
        "The Medical reviewers role can.",
        "<strong>Translators</strong>: change the translations",
    )
    assert_admin_refusal(
        translator.get("/admin/guide/section/add/"),
        "Adding a section is not open to your role",
        "The Editors role can.",
    )
    editor = client_for(EDITOR_GROUP)
    assert_admin_refusal(
        editor.get("/admin/auth/user/"),
        "Listing users is not open to your role",
        "Only administrators can.",
    )
    assert_admin_refusal(
        client_for(PARTNER_MANAGERS).get(f"/admin/guide/guide/{seeded.pk}/publish/"),
        "The Medical reviewers role can.",
    )


def test_refusals_outside_the_admin_are_unchanged(seeded):
    editor = role_user(EDITOR_GROUP)
    factory = RequestFactory()
    api = factory.get("/api/v1/guides/", HTTP_ACCEPT="application/json")
    api.user = editor
    response = handler403(api, PermissionDenied())
    assert response["Content-Type"].startswith("application/problem+json")
    page = factory.get("/embed/v1/guides/x/")
    page.user = editor
    assert b"Not open to your role" not in handler403(page, PermissionDenied()).content
    # An account that is not staff never sees the admin's pages: it is sent to log in.
    assert Client().get(f"/admin/guide/guide/{seeded.pk}/publish/").status_code == 302


def test_reviewers_are_not_refused_what_they_may_do(seeded):
    client = client_for(REVIEWER_GROUP)
    assert client.get(f"/admin/guide/guide/{seeded.pk}/publish/").status_code == 200
    assert client.get("/admin/guide/medicalreview/add/").status_code == 200


def test_own_views_name_what_they_refuse(seeded):
    partners = client_for(PARTNER_MANAGERS)
    assert_admin_refusal(
        partners.get("/admin/guide/textstatus/dashboard/"),
        "The translation dashboard and XLIFF export is not open to your role",
        "Translators",
    )
    assert_admin_refusal(
        partners.get("/admin/guide/textstatus/xliff/import/"),
        "Importing an XLIFF file is not open to your role",
    )
    # An editor may delete a draft, not a guide that was ever published.
    editor = client_for(EDITOR_GROUP)
    page = assert_admin_refusal(
        editor.post(f"/admin/guide/guide/{seeded.pk}/delete/", {"post": "yes"}),
        "Deleting a guide that was ever published is not open to your role",
        "The Medical reviewers role can.",
    )
    assert "The Editors role can" not in page
    assert Guide.objects.filter(pk=seeded.pk).exists()


def test_an_unknown_refusal_sends_the_user_to_an_administrator(seeded):
    request = RequestFactory().get("/admin/some/where/")
    request.user = role_user(EDITOR_GROUP)
    request.session = {}
    request.resolver_match = None
    response = handler403(request, PermissionDenied())
    assert "Ask an administrator which role can do this." in response.content.decode()
    assert "This page or action is not open to your role" in response.content.decode()
