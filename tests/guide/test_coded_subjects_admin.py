"""Editors attach coded subjects to a guide in the admin; clinic systems find it by them."""

from __future__ import annotations

import pytest

from guide.models import CodedSubject
from guide.roles import EDITOR_GROUP, sync_roles
from tests.support.admin_forms import change_form_data
from tests.support.roles import role_user

PREFIX = "coded_subjects"


@pytest.fixture
def editor_client(client, seeded):
    sync_roles()  # a database flushed by a transactional test has no migration data
    client.force_login(role_user(EDITOR_GROUP, "editor", password="a-long-password-1"))
    return client


def _with_new_row(data: dict, **row: str) -> dict:
    index = int(data[f"{PREFIX}-TOTAL_FORMS"][0])
    for name, value in row.items():
        data[f"{PREFIX}-{index}-{name}"] = [value]
    data[f"{PREFIX}-TOTAL_FORMS"] = [str(index + 1)]
    data["_continue"] = ["Save"]
    return data


def test_editor_adds_a_code_and_the_infobutton_finds_the_guide_by_it(editor_client, seeded):
    url = f"/admin/guide/guide/{seeded.pk}/change/"
    page = editor_client.get(url).content.decode()
    assert 'id="coded_subjects-group"' in page and 'value="24079001"' in page
    data = _with_new_row(
        change_form_data(page, "guide_form"),
        order="3",
        kind="condition",
        system="icd10cm",
        code="l20.89",  # normalised on save
        display="Other atopic dermatitis",
        verified_against="Test fixture",
    )
    response = editor_client.post(url, data, follow=True)
    assert response.status_code == 200 and response.redirect_chain
    assert seeded.coded_subjects.filter(system="icd10cm", code="L20.89").exists()
    feed = editor_client.get(
        "/api/v1/infobutton/?mainSearchCriteria.v.cs=2.16.840.1.113883.6.90"
        "&mainSearchCriteria.v.c=L20.89&knowledgeResponseType=application/json"
    ).json()["feed"]
    [entry] = feed["entry"]
    assert entry["category"][0] == {
        "scheme": "mainSearchCriteria.v.c",
        "term": "L20.89",
        "label": "Other atopic dermatitis",
    }
    # Editors find guides by code in the admin list too.
    listing = editor_client.get("/admin/guide/guide/?q=24079001").content.decode()
    assert seeded.slug in listing


def test_a_malformed_code_is_refused_and_nothing_is_saved(editor_client, seeded):
    url = f"/admin/guide/guide/{seeded.pk}/change/"
    data = _with_new_row(
        change_form_data(editor_client.get(url).content.decode(), "guide_form"),
        order="3",
        kind="condition",
        system="snomedct",
        code="24079002",
        display="Typo",
        verified_against="Test fixture",
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert "not a SNOMED CT identifier" in response.content.decode()
    assert CodedSubject.objects.filter(guide=seeded).count() == 2
