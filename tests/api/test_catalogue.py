"""The glossary is published like the guides: frozen by a publish, served as stored bytes."""

from __future__ import annotations

import pytest

from guide.accessibility_analysis.glossary_terms import import_glossary
from guide.models import GlossaryTerm
from guide.publishing import publish, withdraw

GLOSSARY = "/api/v1/glossary/"


def _definition(client, slug: str, lang: str = "en") -> str:
    terms = client.get(GLOSSARY, {"lang": lang}).json()["terms"]
    return next(term["definition"] for term in terms if term["slug"] == slug)


@pytest.fixture
def glossary(seeded, commit) -> GlossaryTerm:
    """The seed glossary, made public by a publish."""
    import_glossary()
    with commit():
        publish(seeded, note="with the glossary")
    return GlossaryTerm.objects.get(slug="eczema")


def test_a_glossary_edit_is_public_only_after_a_publish(client, seeded, glossary, commit):
    before = _definition(client, "eczema")
    glossary.definition_en = "An edited definition, not yet reviewed."
    glossary.save()

    assert _definition(client, "eczema") == before  # saved, not published
    with commit():
        publish(seeded, note="with the edited glossary")
    assert _definition(client, "eczema") == "An edited definition, not yet reviewed."


def test_a_withdrawal_freezes_the_glossary_too(client, seeded, glossary, commit):
    _definition(client, "eczema")
    glossary.definition_en = "Edited before a withdrawal."
    glossary.save()
    with commit():
        withdraw(seeded)
    assert _definition(client, "eczema") == "Edited before a withdrawal."


def test_the_glossary_is_a_snapshot_with_validators_and_cache_headers(client, seeded, glossary):
    first = client.get(GLOSSARY, {"lang": "es"})
    assert first.status_code == 200
    assert first["ETag"].startswith('"') and first["Last-Modified"]
    assert first["Cache-Control"] and first["Content-Language"] == "es"
    assert first["Surrogate-Key"] == "guides glossary"

    again = client.get(GLOSSARY, {"lang": "es"}, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == first["ETag"]
    since = client.get(GLOSSARY, {"lang": "es"}, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304


def test_a_publish_that_changes_nothing_keeps_the_validators(client, seeded, glossary, commit):
    first = client.get(GLOSSARY)
    with commit():
        publish(seeded, note="glossary untouched")
    again = client.get(GLOSSARY)
    assert (again["ETag"], again["Last-Modified"]) == (first["ETag"], first["Last-Modified"])
