"""A real RFC 3161 time-stamping authority over HTTP, on 127.0.0.1, for the tests.

The authority's certificates are made fresh (:func:`tests.factories.signing.timestamping_authority`);
the responses are built by pyHanko's own ``DummyTimeStamper`` (it signs whatever it is
asked, with the current time); this module only puts HTTP around it, as a real authority
does: a POST of a DER ``TimeStampReq`` (``Content-Type: application/timestamp-query``)
answered by a DER ``TimeStampResp`` (``application/timestamp-reply``, RFC 3161 § 3.4).
So ``certificates/signing.py`` talks to it exactly as to a public one, through
``RequestsHTTPTimeStamper``.
"""

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from asn1crypto import keys, tsp
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

from tests.factories.signing import timestamping_authority

QUERY = "application/timestamp-query"
REPLY = "application/timestamp-reply"


@dataclass
class TimestampingAuthority:
    """A running authority: where it answers, its root (what a verifier trusts for
    timestamps) and how many timestamps it has given."""

    url: str
    root: asn1_x509.Certificate
    root_pem: str
    certificate: asn1_x509.Certificate
    granted: list[tsp.TimeStampReq] = field(default_factory=list)


def _asn1(certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(certificate.public_bytes(serialization.Encoding.DER))


def start_tsa() -> tuple[TimestampingAuthority, ThreadingHTTPServer]:
    """Start an authority on a free port of 127.0.0.1 in a thread; stop it with
    :func:`stop_tsa`."""
    root, certificate, key = timestamping_authority()
    stamper = DummyTimeStamper(
        tsa_cert=_asn1(certificate),
        tsa_key=keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        ),
        certs_to_embed=[_asn1(root)],
    )
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            if self.headers.get("Content-Type") != QUERY:
                self.send_error(415, f"expected {QUERY}")
                return
            try:
                request = tsp.TimeStampReq.load(body)
                request.native  # noqa: B018 - parse it all now: a bad request is a 400
            except ValueError:
                self.send_error(400, "not a TimeStampReq")
                return
            with lock:  # DummyTimeStamper keeps no state, but one signature at a time is plenty
                answer = stamper.request_tsa_response(request).dump()
                authority.granted.append(request)
            self.send_response(200)
            self.send_header("Content-Type", REPLY)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, format, *args):  # noqa: A002 - http.server's name
            pass  # quiet: pytest shows the test's own output

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    host, port = server.server_address[:2]
    authority = TimestampingAuthority(
        url=f"http://{host}:{port}/tsa",
        root=_asn1(root),
        root_pem=root.public_bytes(serialization.Encoding.PEM).decode(),
        certificate=_asn1(certificate),
    )
    threading.Thread(target=server.serve_forever, name="test-tsa", daemon=True).start()
    return authority, server


def stop_tsa(server: ThreadingHTTPServer) -> None:
    server.shutdown()
    server.server_close()
