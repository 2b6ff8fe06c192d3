"""Open Badges 3.0: each certificate as a signed ``OpenBadgeCredential``.

``contexts`` ships the JSON-LD contexts, ``keys`` loads (or in development makes) the
signing key, ``credential`` builds the credential and the status list credential,
``status_list`` encodes the W3C Bitstring Status List and ``signing`` signs as a JWT
(VC-JOSE, ``application/vc+jwt``). docs/certificates.md explains the choices.
"""
