"""Least privilege, role by role, through the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from guide.models import Guide, GuideVersion, Section
from guide.roles import EDITOR_GROUP, REVIEWER_GROUP, TRANSLATOR_GROUP
from tests.support.guides import SEED_SLUG
from tests.support.roles import role_user


def client_for(group: str) -> Client:
    client = Client()
    client.force_login(role_user(group))
    return client


@pytest.fixture
def section(seeded) -> Section:
    return Section.objects.filter(guide=seeded, parent__isnull=False).first()


def editable(html: str, name: str) -> bool:
    return f'name="{name}"' in html


def test_editor_writes_but_does_not_publish_or_manage_people(section):
    client = client_for(EDITOR_GROUP)
    page = client.get(f"/admin/guide/section/{section.pk}/change/").content.decode()
    assert editable(page, "body_en") and editable(page, "body_es") and editable(page, "anchor")
    assert client.get("/admin/guide/section/add/").status_code == 200
    guide = section.guide
    assert client.post(f"/admin/guide/guide/{guide.pk}/publish/", {"note": "x"}).status_code == 403
    assert GuideVersion.objects.filter(guide=guide).count() == 1
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403
    assert client.get("/admin/partners/partner/").status_code == 403
    assert client.get("/admin/partners/apikey/").status_code == 403


def test_translator_changes_translations_only(section):
    client = client_for(TRANSLATOR_GROUP)
    page = client.get(f"/admin/guide/section/{section.pk}/change/").content.decode()
    assert editable(page, "body_es") and editable(page, "body_ar")
    assert not editable(page, "body_en") and not editable(page, "anchor")
    assert client.get("/admin/guide/section/add/").status_code == 403
    assert (
        client.post(f"/admin/guide/section/{section.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Section.objects.filter(pk=section.pk).exists()
    guide = section.guide
    assert client.post(f"/admin/guide/guide/{guide.pk}/publish/", {"note": "x"}).status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403


def test_reviewer_publishes_and_marks_reviewed(section):
    client = client_for(REVIEWER_GROUP)
    user = User.objects.get(username="medical-reviewers")
    assert user.has_perm("guide.mark_reviewed")
    assert not user.has_perm("guide.edit_source")
    guide = section.guide
    response = client.post(f"/admin/guide/guide/{guide.pk}/publish/", {"note": "reviewed"})
    assert response.status_code == 302
    assert Guide.objects.get(slug=SEED_SLUG).live_version.number == 2
    page = client.get(f"/admin/guide/section/{section.pk}/change/").content.decode()
    assert not editable(page, "body_en") and editable(page, "body_es")
    assert client.get("/admin/auth/user/").status_code == 403


def test_admin_logins_are_throttled(db):
    User.objects.create_user("target", password="the-right-password-123", is_staff=True)
    client = Client(REMOTE_ADDR="203.0.113.9")
    statuses = [
        client.post(
            "/admin/login/", {"username": "target", "password": "guess"}, REMOTE_ADDR="203.0.113.9"
        ).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]  # the form with an error, then locked out
    locked = client.post(
        "/admin/login/",
        {"username": "target", "password": "the-right-password-123"},
        REMOTE_ADDR="203.0.113.9",
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
