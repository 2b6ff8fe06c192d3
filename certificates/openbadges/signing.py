"""Signing credentials as JWTs (VC-JOSE) in the form Open Badges 3.0 asks for.

OB 3.0 section 8.2: the JOSE header holds only ``alg`` and ``kid`` (a URL that answers
with the public JWK), and the payload is the credential itself plus the claims
``iss`` (issuer id), ``jti`` (credential id), ``nbf`` (``validFrom``) and ``sub``
(subject id). The HTTP media type is VC-JOSE-COSE's ``application/vc+jwt``; the
header carries no ``typ``, because OB 3.0 allows only "JWT" there and VC-JOSE-COSE
would want "vc+jwt".
"""

import json
from datetime import datetime

from joserfc import jws

from certificates.openbadges.credential import key_url
from certificates.openbadges.keys import ALGORITHM, signing_key

MEDIA_TYPE = "application/vc+jwt"


def jwt_claims(credential: dict) -> dict:
    """The credential with the JWT claims OB 3.0 requires beside it."""
    issuer = credential["issuer"]
    claims = dict(credential)
    claims["iss"] = issuer if isinstance(issuer, str) else issuer["id"]
    claims["jti"] = credential["id"]
    claims["nbf"] = int(datetime.fromisoformat(credential["validFrom"]).timestamp())
    claims["sub"] = credential["credentialSubject"]["id"]
    return claims


def sign_credential(credential: dict) -> str:
    """The compact JWS of ``credential`` signed with the configured key."""
    key = signing_key()
    header = {"alg": ALGORITHM, "kid": key_url(key.thumbprint)}
    payload = json.dumps(jwt_claims(credential), ensure_ascii=False, separators=(",", ":")).encode()
    return jws.serialize_compact(header, payload, key.key, algorithms=[ALGORITHM])
