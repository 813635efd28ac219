"""The public keys CDS clients (EHRs) sign their CDS Hooks requests with.

CDS Hooks (§ Trusting CDS Clients) has the client publish its public key as a JWK in a
JWK Set, optionally at a `jku` URL; without `jku` the key set is exchanged out of band.
Here it is always out of band: a partner manager pastes the key into the partner's admin
page and nothing is fetched while a request is served, so a request cannot make us call
an address it chose, and a key change is a deliberate act. A JWK, a JWK Set or a PEM
public key is accepted. The spec recommends ES384 and RS384 and forbids `none` and
symmetric algorithms; only those two are accepted (EC keys on P-384, RSA of 2048 bits or
more).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key
from django.core.exceptions import ValidationError
from jwt import PyJWK
from jwt.exceptions import PyJWKError

ALGORITHMS = ("ES384", "RS384")
MIN_RSA_BITS = 2048


@dataclass(frozen=True)
class PublicKey:
    kid: str | None  # None: a PEM key, or a JWK without `kid`; matches any `kid`
    algorithm: str
    key: Any  # a cryptography public key


class KeyFormatError(ValueError):
    pass


def _algorithm_for(key: Any) -> str:
    if isinstance(key, ec.EllipticCurvePublicKey):
        if key.curve.name != "secp384r1":
            raise KeyFormatError(
                f"EC keys must be on P-384 (ES384); this one is on {key.curve.name}."
            )
        return "ES384"
    if isinstance(key, rsa.RSAPublicKey):
        if key.key_size < MIN_RSA_BITS:
            raise KeyFormatError(f"RSA keys need at least {MIN_RSA_BITS} bits (RS384).")
        return "RS384"
    raise KeyFormatError("Only EC P-384 (ES384) and RSA (RS384) public keys are accepted.")


def _from_jwk(data: dict[str, Any]) -> PublicKey:
    if not isinstance(data, dict) or "kty" not in data:
        raise KeyFormatError("A JWK is a JSON object with `kty`.")
    if any(private in data for private in ("d", "p", "q", "dp", "dq", "qi")):
        raise KeyFormatError(
            "This JWK holds a private key. Register the public key only (without `d`)."
        )
    if data.get("alg") and data["alg"] not in ALGORITHMS:
        raise KeyFormatError(f"The JWK's `alg` is {data['alg']!r}; use ES384 or RS384.")
    try:
        key = PyJWK(data).key
    except (PyJWKError, ValueError, TypeError) as exc:
        raise KeyFormatError(f"Not a usable JWK: {exc}") from exc
    algorithm = _algorithm_for(key)
    if data.get("alg") and data["alg"] != algorithm:
        raise KeyFormatError(f"The JWK's `alg` {data['alg']!r} does not fit its key type.")
    return PublicKey(data.get("kid"), algorithm, key)


def parse_public_keys(text: str) -> list[PublicKey]:
    """The keys in a registered key text (JWK, JWK Set or PEM), or KeyFormatError."""
    text = (text or "").strip()
    if not text:
        return []
    if text.startswith("-----BEGIN"):
        if "PRIVATE KEY" in text.split("\n", 1)[0]:
            raise KeyFormatError("This is a private key. Register the public key only.")
        try:
            key = load_pem_public_key(text.encode())
        except ValueError as exc:
            raise KeyFormatError("Not a PEM public key (-----BEGIN PUBLIC KEY-----).") from exc
        return [PublicKey(None, _algorithm_for(key), key)]
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise KeyFormatError("Paste a JWK, a JWK Set or a PEM public key.") from exc
    if isinstance(data, dict) and "keys" in data:
        if not isinstance(data["keys"], list) or not data["keys"]:
            raise KeyFormatError("The JWK Set's `keys` must be a non-empty list.")
        keys = [_from_jwk(item) for item in data["keys"]]
    else:
        keys = [_from_jwk(data)]
    kids = [k.kid for k in keys]
    if len(keys) > 1 and (None in kids or len(set(kids)) != len(kids)):
        raise KeyFormatError("Every key of a JWK Set needs its own `kid`.")
    return keys


def validate_public_keys(text: str) -> None:
    """Model-field validator: the admin refuses a key the service could not use."""
    try:
        parse_public_keys(text)
    except KeyFormatError as exc:
        raise ValidationError(str(exc)) from exc
