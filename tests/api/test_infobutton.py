"""HL7 Infobutton knowledge requests, as an EHR's infobutton sends them (MedlinePlus style)."""

from __future__ import annotations

import json
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

import pytest

from api import snapshots
from guide.languages import get_language
from tests.support.guides import SEED_SLUG

URL = "/api/v1/infobutton/"
ICD10CM = "2.16.840.1.113883.6.90"
SNOMEDCT = "2.16.840.1.113883.6.96"
RXNORM = "2.16.840.1.113883.6.88"
A = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def ask(client, **params):
    query = {
        "mainSearchCriteria.v.cs": params.pop("cs", ICD10CM),
        "mainSearchCriteria.v.c": params.pop("c", "L20.9"),
        **params,
    }
    return client.get(URL + "?" + urlencode(query))


def atom(response) -> ET.Element:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    assert feed.tag == A + "feed"
    # RFC 4287: a feed has id, title and updated; so has every entry.
    for element in [feed, *feed.findall(A + "entry")]:
        for required in ("id", "title", "updated"):
            assert element.find(A + required) is not None and element.find(A + required).text
    return feed


def title_in(code: str) -> str:
    snapshot = snapshots.live(SEED_SLUG, get_language(code), "summary")
    return json.loads(snapshot.body)["title"]


@pytest.mark.parametrize("language_code", ["sp", "es", "es-MX"])
def test_icd10cm_child_code_in_spanish_returns_the_seed_guide_as_atom(
    client, seeded, language_code
):
    feed = atom(ask(client, **{"informationRecipient.languageCode.c": language_code}))
    assert feed.get(XML_LANG) == "es"
    [entry] = feed.findall(A + "entry")
    assert entry.get(XML_LANG) == "es"
    assert entry.find(A + "title").text == title_in("es")
    assert entry.find(A + "title").get(XML_LANG) is None  # Spanish, not a fallback
    assert entry.find(A + "summary").text
    links = {link.get("type"): link for link in entry.findall(A + "link")}
    page = links["text/html"].get("href")
    assert page.endswith(f"/embed/v1/guides/{SEED_SLUG}/?lang=es")
    assert links["application/json"].get("href").endswith(f"/api/v1/guides/{SEED_SLUG}/?lang=es")
    assert {link.get("hreflang") for link in links.values()} == {"es"}
    assert (
        links["application/pdf"]
        .get("href")
        .endswith(f"/api/v1/guides/{SEED_SLUG}/handout.pdf?lang=es")
    )
    categories = {c.get("scheme"): c for c in entry.findall(A + "category")}
    assert categories["mainSearchCriteria.v.c"].get("term") == "L20"  # the broader code
    assert categories["language-status"].get("term") == "complete"
    # The Spanish seed translation is machine-made and unreviewed: the feed says so.
    assert categories["translation-status"].get("term") == "machine"
    echoed = {c.get("scheme"): c.get("term") for c in feed.findall(A + "category")}
    assert echoed["mainSearchCriteria.v.c"] == "L20.9"
    assert echoed["informationRecipient.languageCode.c"] == "es"
    assert feed.find(A + "author/" + A + "name").text  # attribution: the publisher


def test_the_same_request_as_json(client, seeded):
    response = ask(
        client,
        **{
            "informationRecipient.languageCode.c": "sp",
            "knowledgeResponseType": "application/json",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    feed = response.json()["feed"]
    [entry] = feed["entry"]
    assert entry["lang"] == "es"
    assert entry["title"]["_value"] == title_in("es")
    assert entry["translation_status"]["title"] == "machine"
    hrefs = {link["type"]: link["href"] for link in entry["link"]}
    assert hrefs["text/html"].endswith("?lang=es")
    assert hrefs["application/json"].endswith("?lang=es")


def test_snomed_ct_works_too(client, seeded):
    feed = atom(ask(client, cs=SNOMEDCT, c="24079001"))
    [entry] = feed.findall(A + "entry")
    assert entry.find(A + "title").text == title_in("en")
    assert entry.get(XML_LANG) == "en"


def test_fallback_is_said_per_text(client, seeded_partial):  # French untranslated there
    feed = atom(ask(client, **{"informationRecipient.languageCode.c": "fr"}))
    [entry] = feed.findall(A + "entry")
    assert entry.get(XML_LANG) == "fr"
    assert entry.find(A + "title").get(XML_LANG) == "en"
    assert entry.find(A + "summary").get(XML_LANG) == "en"
    categories = {c.get("scheme"): c.get("term") for c in entry.findall(A + "category")}
    assert categories["language-status"] == "missing"
    assert entry.find(A + "link[@type='text/html']").get("href").endswith("?lang=fr")


@pytest.mark.parametrize(
    ("cs", "c"),
    [(ICD10CM, "L21.0"), (ICD10CM, "L30.9"), (SNOMEDCT, "44054006"), (RXNORM, "1049502")],
)
def test_an_unknown_code_returns_an_empty_valid_feed(client, seeded, cs, c):
    feed = atom(ask(client, cs=cs, c=c))
    assert feed.findall(A + "entry") == []
    response = ask(client, cs=cs, c=c, knowledgeResponseType="application/json")
    assert response.status_code == 200 and response.json()["feed"]["entry"] == []


@pytest.mark.parametrize(
    ("query", "slug", "mentions"),
    [
        ({"mainSearchCriteria.v.c": "L20.9"}, "invalid-request", "mainSearchCriteria.v.cs"),
        ({"mainSearchCriteria.v.cs": ICD10CM}, "invalid-request", "mainSearchCriteria.v.c"),
        (
            {"mainSearchCriteria.v.cs": "2.16.840.1.113883.6.103", "mainSearchCriteria.v.c": "1"},
            "invalid-request",
            "not a code system served",
        ),
        (
            {"mainSearchCriteria.v.cs": ICD10CM, "mainSearchCriteria.v.c": "atopic"},
            "invalid-request",
            "not an ICD-10-CM code",
        ),
        (
            {"mainSearchCriteria.v.cs": SNOMEDCT, "mainSearchCriteria.v.c": "24079002"},
            "invalid-request",
            "SNOMED CT",
        ),
        (
            {
                "mainSearchCriteria.v.cs": ICD10CM,
                "mainSearchCriteria.v.c": "L20.9",
                "knowledgeResponseType": "application/javascript",
            },
            "invalid-request",
            "knowledgeResponseType",
        ),
        (
            {
                "mainSearchCriteria.v.cs": ICD10CM,
                "mainSearchCriteria.v.c": "L20.9",
                "informationRecipient.languageCode.c": "de",
            },
            "unsupported-language",
            "informationRecipient.languageCode.c",
        ),
    ],
)
def test_malformed_requests_get_a_400_problem(client, seeded, query, slug, mentions):
    response = client.get(URL + "?" + urlencode(query))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == f"/problems/{slug}"
    assert mentions in problem["detail"]


def test_a_repeated_parameter_is_a_400(client, seeded):
    response = client.get(
        f"{URL}?mainSearchCriteria.v.cs={ICD10CM}"
        "&mainSearchCriteria.v.c=L20&mainSearchCriteria.v.c=L21"
    )
    assert response.status_code == 400
    assert "sent 2 times" in response.json()["detail"]


def test_other_infobutton_parameters_and_accept_headers_are_tolerated(client, seeded):
    query = {
        "mainSearchCriteria.v.cs": ICD10CM,
        "mainSearchCriteria.v.c": "L20.9",
        "mainSearchCriteria.v.dn": "Atopic dermatitis, unspecified",
        "taskContext.c.c": "PROBLISTREV",
        "informationRecipient": "PAT",
    }
    response = client.get(URL + "?" + urlencode(query), HTTP_ACCEPT="application/atom+xml")
    feed = atom(response)
    assert len(feed.findall(A + "entry")) == 1
    echoed = {c.get("scheme"): c.get("term") for c in feed.findall(A + "category")}
    assert echoed["mainSearchCriteria.v.dn"] == "Atopic dermatitis, unspecified"


def test_cached_like_the_rest(client, seeded):
    first = ask(client)
    assert first["Cache-Control"].startswith("public, max-age=")
    assert "guide-" + SEED_SLUG in first["Surrogate-Key"]
    again = client.get(
        first.request["PATH_INFO"] + "?" + first.request["QUERY_STRING"],
        HTTP_IF_NONE_MATCH=first["ETag"],
    )
    assert again.status_code == 304
    assert again.content == b""


def test_the_handout_is_linked_in_the_reader_s_language(client, seeded):
    feed = atom(ask(client, **{"informationRecipient.languageCode.c": "ar"}))
    [entry] = feed.findall(A + "entry")
    pdf = entry.find(A + "link[@type='application/pdf']")
    assert pdf is not None
    assert pdf.get("href").endswith(f"/api/v1/guides/{SEED_SLUG}/handout.pdf?lang=ar")
