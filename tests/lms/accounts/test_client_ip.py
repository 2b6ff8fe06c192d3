"""One client address for every limit, from the trusted proxy count.

The unit tests read the helper's answer for the headers a proxy writes; the live test
puts a small real reverse proxy (it appends the caller's address to X-Forwarded-For, as
nginx's ``$proxy_add_x_forwarded_for`` does) in front of the live server and sends
requests from two loopback addresses through it: allauth's limits, the certificate
verify page's and ours each tell the two clients apart.
"""

import http.client
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from allauth.account.adapter import get_adapter
from allauth.core.internal.ratelimit import get_ip
from django.test import RequestFactory
from requests.adapters import HTTPAdapter

from lms.accounts.client_ip import UNKNOWN_IP, client_ip
from tests.lms.accounts.live import Browser

PROXY_PORT = 8141
CLIENT_A, CLIENT_B = "127.0.0.2", "127.0.0.3"
UNKNOWN_CERTIFICATE = "/verify/AAAA-BBBB-CCCC-DDDD/"


def request_with(remote_addr="10.0.0.1", forwarded=None, **headers):
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", REMOTE_ADDR=remote_addr, **headers)


def test_without_a_trusted_proxy_the_socket_address_counts(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_with(forwarded="203.0.113.9")) == "10.0.0.1"


def test_one_trusted_proxy_gives_the_address_it_appended(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    # The client wrote "198.51.100.1" itself; nginx appended what it saw.
    assert client_ip(request_with(forwarded="198.51.100.1, 203.0.113.9")) == "203.0.113.9"


def test_two_trusted_proxies_give_the_second_entry_from_the_right(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_with(forwarded="198.51.100.1, 203.0.113.9, 10.0.0.5")) == "203.0.113.9"


def test_a_request_that_bypassed_the_proxy_counts_by_its_socket_address(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert client_ip(request_with(forwarded="203.0.113.9")) == "10.0.0.1"
    assert client_ip(request_with()) == "10.0.0.1"


def test_a_trusted_client_ip_header_wins(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "CF-Connecting-IP"
    request = request_with(forwarded="198.51.100.1", HTTP_CF_CONNECTING_IP="203.0.113.9")
    assert client_ip(request) == "203.0.113.9"


def test_garbage_never_raises(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_with(forwarded="not-an-address")) == "10.0.0.1"
    assert client_ip(request_with(remote_addr="", forwarded="")) == UNKNOWN_IP
    assert client_ip(request_with(forwarded="[2001:db8::1]:443")) == "2001:db8::1"


def test_allauth_counts_by_the_same_address(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = request_with(forwarded="198.51.100.1, 203.0.113.9")
    assert get_adapter().get_client_ip(request) == "203.0.113.9"
    assert get_ip(request) == "203.0.113.9"
    # allauth alone would raise ImproperlyConfigured (a 500) for a request that did not
    # pass through every trusted proxy; the shared helper counts its socket address.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert get_ip(request_with(forwarded="203.0.113.9")) == "10.0.0.1"


class _ForwardingHandler(BaseHTTPRequestHandler):
    """Pass each request on to ``upstream``, appending the caller to X-Forwarded-For."""

    upstream: tuple[str, int]

    def _forward(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {
            k: v for k, v in self.headers.items() if k.lower() not in {"connection", "x-forwarded-for"}
        }
        prior = self.headers.get("X-Forwarded-For")
        caller = self.client_address[0]
        headers["X-Forwarded-For"] = f"{prior}, {caller}" if prior else caller
        upstream = http.client.HTTPConnection(*self.upstream, timeout=60)
        upstream.request(self.command, self.path, body=body, headers=headers)
        response = upstream.getresponse()
        content = response.read()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in {"connection", "content-length", "transfer-encoding"}:
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        self.wfile.write(content)
        upstream.close()

    do_GET = do_POST = _forward

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def proxy(live_server):
    """A reverse proxy on 127.0.0.1:8141 in front of the live server."""
    target = urlsplit(live_server.url)
    handler = type("Handler", (_ForwardingHandler,), {"upstream": (target.hostname, target.port)})
    server = ThreadingHTTPServer(("127.0.0.1", PROXY_PORT), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{PROXY_PORT}"
    server.shutdown()
    server.server_close()


class _FromAddress(HTTPAdapter):
    def __init__(self, source: str):
        self.source = source
        super().__init__()

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def client_from(proxy_url: str, address: str) -> Browser:
    """A browser whose connections come from ``address`` (any 127.x.y.z is local)."""
    browser = Browser(proxy_url)
    browser.session.mount("http://", _FromAddress(address))
    return browser


pytestmark_live = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytestmark_live
def test_behind_the_proxy_the_verify_page_counts_each_client(proxy, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.CERTIFICATES_VERIFY_RATE_LIMIT = 3
    a, b = client_from(proxy, CLIENT_A), client_from(proxy, CLIENT_B)
    # Client A also claims another address; the proxy's entry is the one believed.
    statuses = [
        a.get(UNKNOWN_CERTIFICATE, headers={"X-Forwarded-For": "198.51.100.7"}).status_code for _ in range(4)
    ]
    assert statuses == [404, 404, 404, 429]
    assert b.get(UNKNOWN_CERTIFICATE).status_code == 404


@pytestmark_live
def test_behind_the_proxy_our_limits_count_each_client(proxy, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNTS_RATE_LIMITS = {"login": "2/m/ip"}
    a, b = client_from(proxy, CLIENT_A), client_from(proxy, CLIENT_B)
    wrong = {"login": "nobody@example.com", "password": "ผิด"}
    statuses = [a.post("/accounts/login/", wrong).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert b.post("/accounts/login/", wrong).status_code == 200


@pytestmark_live
def test_behind_the_proxy_allauths_limits_count_each_client(proxy, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNTS_RATE_LIMITS = {"login": None}
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login": "2/m/ip"}
    a, b = client_from(proxy, CLIENT_A), client_from(proxy, CLIENT_B)
    wrong = {"login": "nobody@example.com", "password": "ผิด"}
    statuses = [a.post("/accounts/login/", wrong).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert b.post("/accounts/login/", wrong).status_code == 200
