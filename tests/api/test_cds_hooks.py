"""CDS Hooks: discovery, a signed patient-view call answered with cards in the patient's
language, and the JWT checks the specification requires. Shapes are validated against the
committed JSON Schemas (api/clinical/schemas/), transcribed from the specification."""

from __future__ import annotations

import json
import time
import uuid

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from django.contrib.auth.models import Group, User
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

from api import snapshots
from api.clinical import shapes
from api.models import Partner
from guide.languages import get_language
from guide.roles import PARTNER_MANAGERS, sync_roles
from tests.conftest import SEED_SLUG

DISCOVERY = "/api/v1/cds-services"
SERVICE = "/api/v1/cds-services/patient-guides"
AUD = "http://testserver" + SERVICE
ISSUER = "https://ehr.clinic.example.org"
SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"


@pytest.fixture(scope="module")
def ec_key():
    return ec.generate_private_key(ec.SECP384R1())


def public_jwk(private_key, kid: str = "ehr-1") -> dict:
    algorithm = ECAlgorithm if isinstance(private_key, ec.EllipticCurvePrivateKey) else RSAAlgorithm
    jwk = json.loads(algorithm.to_jwk(private_key.public_key()))
    return {**jwk, "kid": kid, "use": "sig"}


@pytest.fixture
def partner(db, ec_key) -> Partner:
    partner = Partner(
        name="Riverside Clinic",
        slug="riverside",
        tier="standard",
        cds_issuer=ISSUER,
        cds_public_key=json.dumps({"keys": [public_jwk(ec_key)]}),
    )
    partner.full_clean()
    partner.save()
    return partner


def token(key, *, alg="ES384", kid="ehr-1", **claims) -> str:
    now = int(time.time())
    payload = {
        "iss": ISSUER,
        "aud": AUD,
        "iat": now,
        "exp": now + 300,
        "jti": str(uuid.uuid4()),
        **claims,
    }
    payload = {k: v for k, v in payload.items() if v is not None}
    return jwt.encode(payload, key, algorithm=alg, headers={"kid": kid, "typ": "JWT"})


def hook_request(*, language="ar", conditions=None, patient_id="pat-1") -> dict:
    if conditions is None:
        conditions = [(SNOMED, "24079001", "Atopic dermatitis")]
    return {
        "hook": "patient-view",
        "hookInstance": str(uuid.uuid4()),
        "fhirServer": "https://ehr.clinic.example.org/fhir",
        "context": {"userId": "Practitioner/7", "patientId": patient_id},
        "prefetch": {
            "patient": {
                "resourceType": "Patient",
                "id": patient_id,
                "communication": [
                    {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "en"}]}},
                    {
                        "language": {
                            "coding": [{"system": "urn:ietf:bcp:47", "code": language}],
                            "text": language,
                        },
                        "preferred": True,
                    },
                ],
            },
            "conditions": {
                "resourceType": "Bundle",
                "type": "searchset",
                "entry": [
                    {
                        "resource": {
                            "resourceType": "Condition",
                            "id": f"c{i}",
                            "clinicalStatus": {
                                "coding": [
                                    {
                                        "system": "http://terminology.hl7.org/CodeSystem/condition-clinical",
                                        "code": "active",
                                    }
                                ]
                            },
                            "code": {"coding": [{"system": s, "code": c, "display": d}]},
                            "subject": {"reference": f"Patient/{patient_id}"},
                        }
                    }
                    for i, (s, c, d) in enumerate(conditions)
                ],
            },
        },
    }


def call(client, body, bearer: str | None):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {bearer}"} if bearer else {}
    return client.post(SERVICE, data=json.dumps(body), content_type="application/json", **headers)


def test_discovery_document_validates_and_names_the_prefetch_templates(client, db):
    response = client.get(DISCOVERY)
    assert response.status_code == 200
    document = response.json()
    assert shapes.errors(shapes.DISCOVERY, document) == []
    [service] = document["services"]
    assert service["hook"] == "patient-view"
    assert service["id"] == "patient-guides"
    assert service["prefetch"] == {
        "patient": "Patient/{{context.patientId}}",
        "conditions": "Condition?patient={{context.patientId}}&clinical-status=active",
    }


def test_arabic_patient_with_atopic_dermatitis_gets_one_card_linking_the_arabic_guide(
    client, seeded, partner, ec_key, settings
):
    settings.API_RATES = {**settings.API_RATES, "standard": "7/min", "anonymous": "3/min"}
    body = hook_request(
        language="ar",
        conditions=[
            (SNOMED, "24079001", "Atopic dermatitis"),
            (ICD10CM, "L20.9", "Atopic dermatitis, unspecified"),  # same guide: one card
        ],
    )
    assert shapes.errors(shapes.REQUEST, body) == []
    assert len(json.dumps(body)) > 1024  # over the body limit of the rest of the API
    response = call(client, body, token(ec_key))
    assert response.status_code == 200, response.content
    answer = response.json()
    assert shapes.errors(shapes.RESPONSE, answer) == []
    [card] = answer["cards"]
    arabic = json.loads(snapshots.live(SEED_SLUG, get_language("ar"), "summary").body)
    assert card["summary"] == arabic["title"][:139] or card["summary"].endswith("…")
    assert card["summary"].startswith(arabic["title"][:20])
    assert card["indicator"] == "info"
    assert card["source"]["label"] == "Patient Guides"
    page, handout = card["links"]
    assert page["type"] == handout["type"] == "absolute"
    assert page["url"] == f"http://testserver/embed/v1/guides/{SEED_SLUG}/?lang=ar"
    assert handout["url"] == f"http://testserver/api/v1/guides/{SEED_SLUG}/handout.pdf?lang=ar"
    assert "العربية" in page["label"]
    assert "Arabic" in card["detail"]
    assert response["Cache-Control"] == "no-store"
    # Counted against the partner's rate (standard tier), not the anonymous one.
    assert response["RateLimit-Limit"] == "7"
    assert response["RateLimit-Remaining"] == "6"
    today = timezone.now().date()
    assert cache.get(f"partners:usage:{partner.pk}:{today.isoformat()}") == 1


def test_the_embed_page_linked_from_the_card_is_in_arabic(client, seeded, partner, ec_key):
    [card] = call(client, hook_request(), token(ec_key)).json()["cards"]
    page = client.get(card["links"][0]["url"].removeprefix("http://testserver"))
    assert page.status_code == 200
    assert 'lang="ar"' in page.content.decode() and 'dir="rtl"' in page.content.decode()


def test_the_handout_is_linked_in_the_patient_s_language(client, seeded, partner, ec_key):
    [card] = call(client, hook_request(), token(ec_key)).json()["cards"]
    urls = [link["url"] for link in card["links"]]
    assert urls[1] == f"http://testserver/api/v1/guides/{SEED_SLUG}/handout.pdf?lang=ar"


def test_no_matching_condition_no_card(client, seeded, partner, ec_key):
    body = hook_request(conditions=[(SNOMED, "44054006", "Diabetes mellitus type 2")])
    response = call(client, body, token(ec_key))
    assert response.status_code == 200
    assert response.json() == {"cards": []}
    assert shapes.errors(shapes.RESPONSE, response.json()) == []


def test_resolved_conditions_do_not_count(client, seeded, partner, ec_key):
    body = hook_request()
    condition = body["prefetch"]["conditions"]["entry"][0]["resource"]
    condition["clinicalStatus"]["coding"][0]["code"] = "resolved"
    assert call(client, body, token(ec_key)).json() == {"cards": []}


def test_a_language_we_do_not_serve_gets_english_and_says_so(client, seeded, partner, ec_key):
    body = hook_request()
    body["prefetch"]["patient"]["communication"] = [
        {"language": {"coding": [{"system": "urn:ietf:bcp:47", "code": "so"}]}, "preferred": True}
    ]
    [card] = call(client, body, token(ec_key)).json()["cards"]
    assert card["links"][0]["url"].endswith("?lang=en")
    assert "recorded language (so) is not offered" in card["detail"]


def test_a_second_language_we_serve_is_used_when_the_preferred_one_is_not(
    client, seeded, partner, ec_key
):
    [card] = call(client, hook_request(language="so"), token(ec_key)).json()["cards"]
    assert card["links"][0]["url"].endswith("?lang=en")  # the patient's other language
    assert "not offered" not in card["detail"]


def test_unsigned_request_is_refused(client, seeded, partner):
    response = call(client, hook_request(), None)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_wrongly_signed_request_is_refused(client, seeded, partner):
    other = ec.generate_private_key(ec.SECP384R1())
    response = call(client, hook_request(), token(other))
    assert response.status_code == 401
    assert "signature" in response.json()["detail"]


@pytest.mark.parametrize(
    ("claims", "mentions"),
    [
        ({"aud": "https://elsewhere.example.org/cds-services/patient-guides"}, "aud"),
        ({"exp": int(time.time()) - 3600, "iat": int(time.time()) - 4000}, "expired"),
        ({"jti": None}, "jti"),
        ({"iss": "https://unknown-ehr.example.org"}, "No partner"),
        ({"exp": int(time.time()) + 86400}, "too long"),
    ],
)
def test_claims_are_checked(client, seeded, partner, ec_key, claims, mentions):
    response = call(client, hook_request(), token(ec_key, **claims))
    assert response.status_code == 401
    assert mentions in response.json()["detail"]


def test_a_replayed_token_is_refused(client, seeded, partner, ec_key):
    bearer = token(ec_key)
    assert call(client, hook_request(), bearer).status_code == 200
    again = call(client, hook_request(), bearer)
    assert again.status_code == 401
    assert "used before" in again.json()["detail"]


def test_symmetric_and_unknown_key_ids_are_refused(client, seeded, partner, ec_key):
    hs = jwt.encode(
        {
            "iss": ISSUER,
            "aud": AUD,
            "exp": int(time.time()) + 60,
            "iat": int(time.time()),
            "jti": "x",
        },
        "shared-secret-shared-secret-shared-secret",
        algorithm="HS256",
        headers={"kid": "ehr-1"},
    )
    assert "not accepted" in call(client, hook_request(), hs).json()["detail"]
    response = call(client, hook_request(), token(ec_key, kid="other"))
    assert response.status_code == 401 and "kid" in response.json()["detail"]


def test_inactive_partner_is_refused(client, seeded, partner, ec_key):
    Partner.objects.filter(pk=partner.pk).update(active=False)
    assert call(client, hook_request(), token(ec_key)).status_code == 401


def test_rs384_with_a_pem_key(client, seeded, db):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    Partner.objects.create(
        name="RSA EHR", slug="rsa", cds_issuer=ISSUER, cds_public_key=pem.decode()
    )
    response = call(client, hook_request(), token(key, alg="RS384"))
    assert response.status_code == 200
    assert len(response.json()["cards"]) == 1


def test_missing_prefetch_is_412(client, seeded, partner, ec_key):
    body = hook_request()
    del body["prefetch"]["conditions"]
    response = call(client, body, token(ec_key))
    assert response.status_code == 412
    assert response.json()["type"] == "/problems/prefetch-required"
    assert "conditions" in response.json()["detail"]


def test_null_prefetch_means_no_data(client, seeded, partner, ec_key):
    body = hook_request()
    body["prefetch"]["conditions"] = None
    assert call(client, body, token(ec_key)).json() == {"cards": []}


@pytest.mark.parametrize(
    "mutate",
    [
        lambda b: b.pop("hookInstance"),
        lambda b: b["context"].pop("patientId"),
        lambda b: b.update(hook="order-sign"),
        lambda b: b["prefetch"]["patient"].update(id="someone-else"),
        lambda b: b.update(fhirAuthorization={"access_token": "t"}),
    ],
)
def test_malformed_hook_requests_are_400(client, seeded, partner, ec_key, mutate):
    body = hook_request()
    mutate(body)
    response = call(client, body, token(ec_key))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_unknown_service_is_404(client, seeded, partner, ec_key):
    response = client.post(
        "/api/v1/cds-services/nope",
        data=json.dumps(hook_request()),
        content_type="application/json",
        HTTP_AUTHORIZATION="Bearer "
        + token(ec_key, aud="http://testserver/api/v1/cds-services/nope"),
    )
    assert response.status_code == 404


def test_partner_admin_refuses_unusable_keys(db, ec_key):
    private = json.loads(ECAlgorithm.to_jwk(ec_key))
    p256 = public_jwk(ec.generate_private_key(ec.SECP256R1()))
    for bad, message in [
        (json.dumps(private), "private key"),
        (json.dumps(p256), "P-384"),
        ("not a key", "JWK"),
        (
            ec_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ).decode(),
            "private key",
        ),
    ]:
        partner = Partner(name="X", slug="x", cds_issuer=ISSUER, cds_public_key=bad)
        with pytest.raises(ValidationError, match=message):
            partner.full_clean()


def _partner_form(partner: Partner, **fields: str) -> dict[str, str]:
    data = {"name": partner.name, "slug": partner.slug, "tier": partner.tier, "active": "on"}
    for prefix in ("keys", "webhooks", "usage"):
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | fields


def test_a_partner_manager_registers_the_ehr_key_in_the_admin(client, seeded, ec_key):
    sync_roles()
    manager = User.objects.create_user("manager", password="x-long-password-1", is_staff=True)
    manager.groups.add(Group.objects.get(name=PARTNER_MANAGERS))
    client.force_login(manager)
    partner = Partner.objects.create(name="Riverside Clinic", slug="riverside", tier="standard")
    url = reverse("admin:api_partner_change", args=[partner.pk])
    page = client.get(url).content.decode()
    assert "CDS Hooks issuer" in page and "CDS Hooks public key" in page
    refused = client.post(
        url,
        _partner_form(
            partner, cds_issuer=ISSUER, cds_public_key=ECAlgorithm.to_jwk(ec_key)
        ),  # the private key
    )
    assert refused.status_code == 200 and "private key" in refused.content.decode()
    saved = client.post(
        url,
        _partner_form(partner, cds_issuer=ISSUER, cds_public_key=json.dumps(public_jwk(ec_key))),
    )
    assert saved.status_code == 302
    client.logout()
    response = call(client, hook_request(), token(ec_key))
    assert response.status_code == 200 and len(response.json()["cards"]) == 1
