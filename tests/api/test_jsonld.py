"""schema.org JSON-LD of a guide: a MedicalWebPage with its FAQ as an FAQPage."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.utils import timezone

from guide.models import Guide
from guide.publishing import publish
from guide.reviews import record_review
from tests.support.guides import SEED_SLUG
from tests.support.roles import make_reviewer

JSONLD = f"/api/v1/guides/{SEED_SLUG}/jsonld/"


@pytest.fixture
def reviewed(seeded) -> Guide:
    """The seed with its English reviewed by a reviewer's account (no republishing needed)."""
    seeded.refresh_from_db()
    record_review(seeded, "en", make_reviewer())
    return seeded


def test_medical_web_page_with_required_properties(client, reviewed):
    response = client.get(JSONLD)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json"
    assert response["Content-Language"] == "en"
    page = json.loads(response.content)
    assert page["@context"] == "https://schema.org"
    assert page["@type"] == "MedicalWebPage"
    assert page["inLanguage"] == "en"
    assert page["name"].startswith("Opzelura")
    assert date.fromisoformat(page["lastReviewed"]) == timezone.localdate()
    assert page["reviewedBy"]["@type"] == "Person"
    assert page["reviewedBy"]["name"] == "Dr. Ana Ruiz"
    assert page["reviewedBy"]["hasCredential"]["name"] == "MD, dermatologist"
    about = {entity["@type"]: entity for entity in page["about"]}
    condition = about["MedicalCondition"]
    assert condition["name"] == "Atopic dermatitis"
    codes = {(c["codingSystem"], c["codeValue"]) for c in condition["code"]}
    assert ("ICD-10", "L20") in codes
    assert about["Drug"]["name"] == "Opzelura"
    assert about["Drug"]["nonProprietaryName"] == "ruxolitinib"
    faq = page["hasPart"]
    assert faq["@type"] == "FAQPage"
    assert len(faq["mainEntity"]) == 6
    for question in faq["mainEntity"]:
        assert question["@type"] == "Question" and question["name"]
        assert question["acceptedAnswer"]["@type"] == "Answer"
        assert question["acceptedAnswer"]["text"]
    assert None not in _values(page)


def _values(obj):
    if isinstance(obj, dict):
        for value in obj.values():
            yield from _values(value)
    elif isinstance(obj, list):
        for value in obj:
            yield from _values(value)
    else:
        yield obj


def test_translation_has_its_own_language_and_review(client, reviewed, commit):
    spanish = json.loads(client.get(JSONLD, {"lang": "es"}).content)
    assert spanish["inLanguage"] == "es"
    assert spanish["hasPart"]["mainEntity"][0]["name"] == "¿Qué es Opzelura?"
    assert next(e for e in spanish["about"] if e["@type"] == "MedicalCondition")["name"] == (
        "Dermatitis atópica"
    )
    # The Spanish text has not been medically reviewed: no review is claimed for it.
    assert "lastReviewed" not in spanish and "reviewedBy" not in spanish
    reviewed.refresh_from_db()
    with commit():  # the cached snapshot is purged when the review commits
        record_review(reviewed, "es", make_reviewer("lucia", "Dra. Lucía Gómez", "Dermatóloga"))
    spanish = json.loads(client.get(JSONLD, {"lang": "es"}).content)
    assert spanish["lastReviewed"] == timezone.localdate().isoformat()
    assert spanish["reviewedBy"]["name"] == "Dra. Lucía Gómez"


def test_arabic_is_attributed_and_json_clients_are_served(client, reviewed):
    response = client.get(JSONLD, {"lang": "ar"}, HTTP_ACCEPT="application/json")
    assert response["Content-Type"] == "application/json"
    page = response.json()
    assert page["inLanguage"] == "ar"
    assert all("inLanguage" not in q for q in page["hasPart"]["mainEntity"])  # FAQ translated


def test_errors_are_problems(client, seeded):
    response = client.get("/api/v1/guides/nope/jsonld/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_jsonld_is_a_snapshot_answering_304_to_its_etag(client, seeded):
    first = client.get(JSONLD, {"lang": "es"})
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert first["Cache-Control"]
    assert f"guide-{SEED_SLUG}" in first["Surrogate-Key"].split()
    again = client.get(JSONLD, {"lang": "es"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    as_json = client.get(JSONLD, {"lang": "es", "format": "json"})
    assert as_json["Content-Type"] == "application/json"
    assert as_json.content == first.content


def test_jsonld_is_frozen_at_publish_time(client, seeded, commit):
    before = json.loads(client.get(JSONLD).content)["name"]
    seeded.refresh_from_db()
    seeded.title_en = "A retitled guide, not yet published"
    seeded.save()
    assert json.loads(client.get(JSONLD).content)["name"] == before
    with commit():
        publish(seeded, note="retitled")
    assert json.loads(client.get(JSONLD).content)["name"] == "A retitled guide, not yet published"
