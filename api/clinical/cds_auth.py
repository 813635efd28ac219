"""Who is calling a CDS Hooks service: the EHR's signed JWT, checked as the spec requires.

CDS Hooks § Trusting CDS Clients: every request carries `Authorization: Bearer <JWT>`,
signed with the CDS client's private key (header `alg`, `kid`, `typ: JWT`; never `none`
or a symmetric algorithm; ES384 and RS384 recommended); the payload has `iss`, `aud` (the
URL of the endpoint being called), `exp`, `iat` and `jti` (a nonce against replay), and
optionally `tenant`. Here:

- `iss` must be the CDS Hooks issuer a partner registered in the admin, with its public key
  (`api.clinical.keys`); nothing is fetched, so `jku` is ignored.
- `aud` must be this endpoint's URL: `CDS_HOOKS_BASE_URL` + path when set (behind a proxy
  that rewrites hosts), else the URL the request arrived at.
- `exp` and `iat` are checked with `LEEWAY_SECONDS` of clock skew; a token may not be
  valid for more than `MAX_LIFETIME_SECONDS` ahead (the spec sets no bound; this one keeps
  the replay record small), and each `jti` is accepted once per partner until it expires.

A request so authenticated counts against the partner's rate, like one with its API key.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

import jwt
from django.conf import settings
from django.core.cache import cache
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

from api.access import TieredRateThrottle, consume
from api.clinical.keys import ALGORITHMS, KeyFormatError, parse_public_keys
from api.partners.keys import count_usage
from api.partners.models import Partner

LEEWAY_SECONDS = 30
MAX_LIFETIME_SECONDS = 3600
REQUIRED_CLAIMS = ["iss", "aud", "exp", "iat", "jti"]


@dataclass(frozen=True)
class CdsClient:
    """An EHR authenticated by its JWT: the partner it belongs to."""

    partner_id: int
    partner_slug: str
    tier: str
    issuer: str
    tenant: str | None = None


class CdsAuthError(Exception):
    pass


def audience(request) -> str:
    """The `aud` a token must name for this request: the endpoint's own URL."""
    base = getattr(settings, "CDS_HOOKS_BASE_URL", "").rstrip("/")
    if base:
        # The base URL stands for everything before `/cds-services`.
        _, _, tail = request.path.partition("/cds-services")
        return f"{base}/cds-services{tail}"
    return request.build_absolute_uri(request.path)


def _decode(token: str, key: Any, algorithm: str, issuer: str, aud: str) -> dict[str, Any]:
    return jwt.decode(
        token,
        key,
        algorithms=[algorithm],
        audience=aud,
        issuer=issuer,
        leeway=LEEWAY_SECONDS,
        options={"require": REQUIRED_CLAIMS},
    )


def verify(token: str, aud: str) -> CdsClient:
    """The client a CDS Hooks JWT proves, or CdsAuthError saying what is wrong."""
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError as exc:
        raise CdsAuthError("The bearer token is not a JWT.") from exc
    algorithm = header.get("alg")
    if algorithm not in ALGORITHMS:
        raise CdsAuthError(
            f"JWT `alg` {str(algorithm)[:20]!r} is not accepted: sign with "
            f"{' or '.join(ALGORITHMS)} (CDS Hooks forbids `none` and symmetric algorithms)."
        )
    if header.get("typ") != "JWT":
        raise CdsAuthError("The JWT header needs `typ`: `JWT`.")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise CdsAuthError("The JWT header needs `kid`, the id of the signing key.")
    issuer = unverified.get("iss")
    if not isinstance(issuer, str) or not issuer:
        raise CdsAuthError("The JWT needs `iss`, the issuer registered for your EHR.")
    partner = Partner.objects.filter(cds_issuer=issuer).first()
    if partner is None:
        raise CdsAuthError(f"No partner is registered with the CDS Hooks issuer {issuer[:100]!r}.")
    if not partner.active:
        raise CdsAuthError("The partner of this CDS Hooks issuer is inactive.")
    try:
        keys = parse_public_keys(partner.cds_public_key)
    except KeyFormatError:
        keys = []
    candidates = [k for k in keys if k.algorithm == algorithm and k.kid in (None, kid)]
    if not candidates:
        raise CdsAuthError(
            f"No {algorithm} key with kid {kid[:60]!r} is registered for this issuer."
        )
    claims = None
    for key in candidates:
        try:
            claims = _decode(token, key.key, algorithm, issuer, aud)
            break
        except jwt.InvalidSignatureError:
            continue
        except jwt.ExpiredSignatureError as exc:
            raise CdsAuthError("The JWT has expired (`exp`).") from exc
        except jwt.InvalidAudienceError as exc:
            raise CdsAuthError(f"The JWT's `aud` must be {aud!r}, the URL called.") from exc
        except jwt.MissingRequiredClaimError as exc:
            raise CdsAuthError(f"The JWT needs the `{exc.claim}` claim.") from exc
        except jwt.PyJWTError as exc:
            raise CdsAuthError(f"The JWT is not valid: {exc}.") from exc
    if claims is None:
        raise CdsAuthError("The JWT's signature does not verify with the registered key.")
    now = time.time()
    if float(claims["exp"]) > now + MAX_LIFETIME_SECONDS + LEEWAY_SECONDS:
        raise CdsAuthError(
            f"The JWT is valid for too long: `exp` may be at most {MAX_LIFETIME_SECONDS} s ahead."
        )
    jti = claims["jti"]
    if not isinstance(jti, str) or not jti or len(jti) > 255:
        raise CdsAuthError("The JWT's `jti` must be a non-empty string.")
    seen = f"cds:jti:{partner.pk}:{hashlib.sha256(jti.encode()).hexdigest()}"
    ttl = max(1, int(float(claims["exp"]) - now) + LEEWAY_SECONDS + 1)
    if not cache.add(seen, 1, ttl):
        raise CdsAuthError("This JWT was used before (`jti`); sign a new one for each request.")
    tenant = claims.get("tenant") if isinstance(claims.get("tenant"), str) else None
    return CdsClient(partner.pk, partner.slug, partner.tier, issuer, tenant)


class CdsHooksAuthentication(BaseAuthentication):
    """`Authorization: Bearer <JWT>`. Views say whether it is required (`cds_jwt_required`)."""

    def authenticate(self, request):
        header = request.headers.get("Authorization", "")
        view = request.parser_context.get("view") if request.parser_context else None
        if not header:
            if getattr(view, "cds_jwt_required", True):
                raise AuthenticationFailed(
                    "CDS Hooks requests need `Authorization: Bearer <JWT>`, signed by your EHR."
                )
            return None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthenticationFailed("Send the JWT as `Authorization: Bearer <JWT>`.")
        try:
            client = verify(token.strip(), audience(request))
        except CdsAuthError as exc:
            raise AuthenticationFailed(str(exc)) from exc
        count_usage(client.partner_id)
        return (None, client)

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="cds-services"'


class CdsClientThrottle(TieredRateThrottle):
    """An authenticated EHR at its partner's rate; anyone else as the API's anonymous."""

    def allow_request(self, request, view) -> bool:
        client = request.auth
        if not isinstance(client, CdsClient):
            return super().allow_request(request, view)
        allowed, self.state = consume(f"partner:{client.partner_id}", client.tier)
        return allowed
