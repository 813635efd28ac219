"""Calling the CDS Hooks service as an EHR does: signed JWTs and patient-view requests."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from django.test import Client
from jwt.algorithms import ECAlgorithm, RSAAlgorithm

SERVICE = "/api/v1/cds-services/patient-guides"
AUD = "http://testserver" + SERVICE
ISSUER = "https://ehr.clinic.example.org"
SNOMED = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"


def public_jwk(private_key: Any, kid: str = "ehr-1") -> dict[str, Any]:
    """The public half of an EC or RSA key as the JWK a partner registers."""
    algorithm = ECAlgorithm if isinstance(private_key, ec.EllipticCurvePrivateKey) else RSAAlgorithm
    jwk = json.loads(algorithm.to_jwk(private_key.public_key()))
    return {**jwk, "kid": kid, "use": "sig"}


def token(key: Any, *, alg: str = "ES384", kid: str = "ehr-1", **claims: Any) -> str:
    """A signed CDS Hooks JWT as the EHR sends it; a claim given as None is left out."""
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


def hook_request(
    *,
    language: str = "ar",
    conditions: list[tuple[Any, str, str]] | None = None,
    patient_id: str = "pat-1",
) -> dict[str, Any]:
    """A patient-view request whose prefetch holds a patient speaking `language` (English
    second) and their active conditions as (system, code, display)."""
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


def call(client: Client, body: dict[str, Any], bearer: str | None) -> Any:
    """POST a hook request to the service, with a bearer token if given."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {bearer}"} if bearer else {}
    return client.post(SERVICE, data=json.dumps(body), content_type="application/json", **headers)
