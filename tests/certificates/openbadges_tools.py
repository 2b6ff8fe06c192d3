"""Checking our Open Badges credentials with tools we did not write.

Signatures are verified with PyJWT (+ cryptography); we sign with joserfc. The JSON
Schema is 1EdTech's own (``schemas/README.md``), checked with ``jsonschema``. The status
list bits are decoded here from the W3C Bitstring Status List text, not with our encoder.
"""

import base64
import gzip
import json
from pathlib import Path

import jsonschema
import jwt
from django.test import Client

SCHEMA_PATH = Path(__file__).parent / "schemas" / "ob_v3p0_achievementcredential_schema.json"


def achievement_credential_validator() -> jsonschema.Draft201909Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft201909Validator(
        schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )


def achievement_validator() -> jsonschema.Draft201909Validator:
    """1EdTech's own ``Achievement`` definition, from the same schema file, for an
    achievement published on its own (the English edition)."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft201909Validator(
        {"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/Achievement"},
        format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER,
    )


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def unverified_parts(token: str) -> tuple[dict, dict]:
    header, payload, _signature = token.split(".")
    return json.loads(b64url_decode(header)), json.loads(b64url_decode(payload))


def public_key_for(token: str, client: Client):
    """The key the token's ``kid`` names, fetched from our own published URL."""
    header, _payload = unverified_parts(token)
    response = client.get(header["kid"])
    assert response.status_code == 200, header["kid"]
    return jwt.PyJWK(json.loads(response.content)).key


def verify_with_pyjwt(token: str, client: Client) -> dict:
    """The verified payload; raises ``jwt.InvalidSignatureError`` when tampered with."""
    return jwt.decode(
        token,
        key=public_key_for(token, client),
        algorithms=["RS256"],
        options={"require": ["iss", "jti", "nbf", "sub"], "verify_aud": False},
    )


def decode_status_bits(encoded_list: str) -> bytes:
    """The raw bitstring of a BitstringStatusList ``encodedList`` (multibase ``u``)."""
    assert encoded_list.startswith("u")
    return gzip.decompress(b64url_decode(encoded_list[1:]))


def bit_is_set(bits: bytes, index: int) -> bool:
    """Entry ``index`` of a W3C bitstring: index 0 is the leftmost bit of the first byte."""
    return bool(bits[index // 8] & (1 << (7 - index % 8)))
