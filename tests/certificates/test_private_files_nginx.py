"""The documented production configuration: the nginx block of docs/deploy.md, run by
a real nginx in front of a live server with ``PRIVATE_FILES_SERVER=x-accel-redirect``.

Certificate and batch files are not reachable under /media/ (nor at the internal
location), while the learner and staff download them through the checked views.
"""

import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from certificates import services
from certificates.models import Certificate
from lms.centers.constants import Role
from tests.certificates.conftest import IN_CI
from tests.factories import MembershipFactory
from tests.factories.certificates import completed_enrollment

# nginx sends the files from the local private folder (X-Accel-Redirect).
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.disk_media]

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
PORT = 8131


def documented_server_block() -> str:
    text = (Path(django_settings.BASE_DIR) / "docs" / "deploy.md").read_text()
    return re.search(r"```nginx\n(.*?)```", text, re.S).group(1)


def local_config(tmp: Path, *, upstream: str, media: Path, private: Path) -> str:
    """The documented block, on a local port without TLS, with this test's folders."""
    block = documented_server_block()
    for documented, here in (
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{PORT};"),
        ("/srv/lms/media/", f"{media}/"),
        ("/srv/lms/var/private/", f"{private}/"),
        ("/srv/lms/static_collected/", f"{tmp}/static/"),
        ("http://127.0.0.1:8000", upstream),
    ):
        assert documented in block, f"docs/deploy.md's nginx block no longer has {documented!r}"
        block = block.replace(documented, here)
    temp_paths = " ".join(
        f"{kind}_temp_path {tmp}/{kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"user root; worker_processes 1; daemon off; pid {tmp}/nginx.pid; error_log {tmp}/error.log;\n"
        f"events {{ worker_connections 64; }}\n"
        f"http {{ access_log off; {temp_paths}\n{block}\n}}\n"
    )


@pytest.fixture
def nginx(tmp_path, live_server, settings, _media_root):
    if not Path(NGINX).exists():
        reason = "The production-config test needs nginx (apt-get install nginx)."
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    settings.PRIVATE_FILES_SERVER = "x-accel-redirect"
    private = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    config = tmp_path / "nginx.conf"
    config.write_text(local_config(tmp_path, upstream=live_server.url, media=_media_root, private=private))
    process = subprocess.Popen(
        [NGINX, "-c", str(config), "-p", str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(f"nginx did not start: {process.stdout.read().decode()}")
            time.sleep(0.1)
    yield f"http://127.0.0.1:{PORT}"
    process.terminate()
    process.wait(timeout=30)


def fetch(url: str, *, cookie: str = "") -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310 - our nginx
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def session_cookie(client, user) -> str:
    client.force_login(user)
    return (
        f"{django_settings.SESSION_COOKIE_NAME}={client.cookies[django_settings.SESSION_COOKIE_NAME].value}"
    )


def test_nginx_serves_certificates_only_through_the_checked_views(
    client, nginx, default_template, django_capture_on_commit_callbacks, _media_root
):
    certificate = services.certificate_pdf_store(
        certificate=services.certificate_issue(enrollment=completed_enrollment())
    )
    staff = MembershipFactory(center=certificate.center, role=Role.CENTER_STAFF).user
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.certificate_batch_create(
            certificates=Certificate.objects.filter(pk=certificate.pk), created_by=staff
        )
    batch.refresh_from_db()
    stored = certificate.pdf.open("rb").read()
    # A public upload is served, and a file left at an old certificate path is not.
    public = default_storage.save("images/logo.png", ContentFile(b"\x89PNG public"))
    legacy = default_storage.save("certificates/2026/2569-000001-ABCD.pdf", ContentFile(b"%PDF old"))
    assert fetch(f"{nginx}/media/{public}")[::2] == (200, b"\x89PNG public")
    assert fetch(f"{nginx}/media/{legacy}")[0] == 404

    for name in (certificate.pdf.name, batch.file.name):
        assert fetch(f"{nginx}/media/{name}")[0] == 404
        assert fetch(f"{nginx}/_private/{name}")[0] == 404  # internal: never from outside

    download = f"{nginx}{reverse('certificates:download', args=[certificate.enrollment_id])}"
    assert fetch(download)[0] == 302  # to the login page, not the file
    status, headers, body = fetch(download, cookie=session_cookie(client, certificate.user))
    assert status == 200 and body == stored
    assert headers["Content-Type"] == "application/pdf" and "X-Accel-Redirect" not in headers

    batch_url = f"{nginx}{reverse('certificates:batch_download', args=[batch.pk])}"
    status, _headers, body = fetch(batch_url, cookie=session_cookie(client, staff))
    assert status == 200 and body == batch.file.open("rb").read()
    status, _headers, body = fetch(batch_url, cookie=session_cookie(client, certificate.user))
    assert status == 404 and b"%PDF" not in body
