"""Media on an S3 server over HTTP (moto's standalone server), in every run: what the
settings build from the environment, images uploaded in Wagtail and served by the store,
private objects refused to anyone without our credentials, and the start-up checks."""

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from io import BytesIO
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image as PILImage
from wagtail.images import get_image_model
from wagtail.models import Collection

from lms.object_storage import PrivateMediaStorage, PublicMediaStorage, StorageNotReady, storage_check
from lms.private_files import check_private_files, private_storage
from tests.factories import UserFactory

BASE_DIR = Path(django_settings.BASE_DIR)
S3_VARIABLES = ("S3_BUCKET", "S3_ENDPOINT_URL", "S3_PRIVATE_BUCKET", "S3_PUBLIC_MEDIA_URL")


def anonymous_get(url: str) -> tuple[int, bytes]:
    """Status and body of a GET without credentials or cookies."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - our test server
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def settings_in_a_new_process(**environment) -> dict:
    """``STORAGES`` and the media URL of an image as a fresh process builds them from
    ``environment`` (as gunicorn or a worker would)."""
    env = {k: v for k, v in os.environ.items() if k not in S3_VARIABLES}
    env.update(DJANGO_SETTINGS_MODULE="lms.settings.test", **environment)
    script = (
        "import json, django; django.setup()\n"
        "from django.conf import settings\n"
        "from django.core.files.storage import storages\n"
        "print(json.dumps({'storages': settings.STORAGES, "
        "'url': storages['default'].url('images/a b.png')}, default=str))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def png(size=(40, 30), colour=(29, 78, 137)) -> bytes:
    buffer = BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    return buffer.getvalue()


# --- Settings from the environment ------------------------------------------------------


def test_without_s3_bucket_media_stay_on_local_disk():
    built = settings_in_a_new_process()
    assert built["storages"]["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert built["storages"]["private"]["BACKEND"] == "lms.private_files.PrivateFileSystemStorage"
    assert built["url"] == "/media/images/a%20b.png"


def test_s3_bucket_puts_media_and_private_files_in_the_bucket():
    built = settings_in_a_new_process(
        S3_BUCKET="lms-media",
        S3_ENDPOINT_URL="https://s3.example.org",
        S3_ACCESS_KEY_ID="key",
        S3_SECRET_ACCESS_KEY="secret",
    )
    media, private = built["storages"]["default"], built["storages"]["private"]
    assert media["BACKEND"] == "lms.object_storage.PublicMediaStorage"
    assert private["BACKEND"] == "lms.object_storage.PrivateMediaStorage"
    assert (media["OPTIONS"]["bucket_name"], media["OPTIONS"]["location"]) == ("lms-media", "media")
    assert (private["OPTIONS"]["bucket_name"], private["OPTIONS"]["location"]) == ("lms-media", "private")
    assert media["OPTIONS"]["region_name"] == "us-east-1"
    # Plain, unsigned object URLs: a cached page never holds a link that expires.
    assert built["url"] == "https://s3.example.org/lms-media/media/images/a%20b.png"


def test_a_cdn_address_serves_public_media_and_a_private_bucket_keeps_its_root():
    built = settings_in_a_new_process(
        S3_BUCKET="lms-media",
        S3_PRIVATE_BUCKET="lms-private",
        S3_REGION="ap-southeast-1",
        S3_PUBLIC_MEDIA_URL="https://cdn.example.go.th/",
    )
    private = built["storages"]["private"]["OPTIONS"]
    assert (private["bucket_name"], private["location"], private["region_name"]) == (
        "lms-private",
        "",
        "ap-southeast-1",
    )
    assert built["url"] == "https://cdn.example.go.th/media/images/a%20b.png"


# --- Public media -----------------------------------------------------------------------


@pytest.mark.django_db
def test_an_image_uploaded_in_wagtail_is_stored_in_the_bucket_and_served_by_it(client, s3_media, s3_server):
    if Collection.get_first_root_node() is None:  # emptied by a transactional test
        Collection.add_root(name="Root")
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    upload = ContentFile(png(), name="ตลาดชุมชน.png")
    response = client.post(
        "/admin/images/add/",
        {"title": "ตลาดชุมชน", "file": upload, "collection": Collection.get_first_root_node().pk},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="ตลาดชุมชน")
    key = f"media/{s3_media}/{image.file.name}"
    stored = s3_server.client().get_object(Bucket=s3_server.bucket, Key=key)["Body"].read()
    assert stored == png()

    rendition = image.get_rendition("fill-20x20")
    assert rendition.url.startswith(f"{s3_server.endpoint_url}/{s3_server.bucket}/media/{s3_media}/")
    status, body = anonymous_get(rendition.url)
    assert status == 200
    with PILImage.open(BytesIO(body)) as drawn:
        assert drawn.size == (20, 20)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_trainer_sees_the_uploaded_image_loaded_from_the_store(
    live_server, page, login_browser, s3_media, s3_server
):
    """In Chromium: the admin's upload form, then the image library, whose thumbnail
    the browser fetches from the S3 server."""
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    login_browser(UserFactory(is_superuser=True, is_staff=True))
    folder = Path(django_settings.MEDIA_ROOT)
    (folder / "ตลาดนัด.png").write_bytes(png((80, 60), (200, 30, 30)))
    page.goto(f"{live_server.url}/admin/images/add/")
    page.locator("input[name=title]").fill("ตลาดนัดชุมชน")
    page.locator("input[name=file]").set_input_files(str(folder / "ตลาดนัด.png"))
    page.locator("form:has(input[name=file]) button[type=submit]").last.click()
    page.wait_for_url("**/admin/images/**")

    page.goto(f"{live_server.url}/admin/images/")
    assert page.get_by_text("ตลาดนัดชุมชน").first.is_visible()
    # The thumbnail's address is the S3 server's, and the browser really loaded it.
    store = f"{s3_server.endpoint_url}/{s3_server.bucket}/media/{s3_media}/images/"
    thumbnail = page.locator(f'img[src^="{store}"]').first
    thumbnail.wait_for()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle())


# --- Private files ----------------------------------------------------------------------


def test_an_anonymous_get_of_a_private_object_is_refused_by_the_store(s3_media, s3_server):
    name = private_storage().save("certificates/2026/probe.pdf", ContentFile(b"%PDF-1.7 secret"))
    key = f"private/{s3_media}/{name}"
    assert (
        s3_server.client().get_object(Bucket=s3_server.bucket, Key=key)["Body"].read() == b"%PDF-1.7 secret"
    )
    for url in (
        f"{s3_server.endpoint_url}/{s3_server.bucket}/{key}",
        f"{s3_server.endpoint_url}/{s3_server.bucket}/{key}?response-content-type=application/pdf",
    ):
        status, body = anonymous_get(url)
        assert status == 403 and b"secret" not in body
    with pytest.raises(ValueError):
        private_storage().url(name)
    # The public media prefix is public, the private one is not: the same check the
    # deployment runs (manage.py prepare_storage).
    assert storage_check(public=storages["default"], private=storages["private"])


def test_the_check_fails_when_private_objects_are_public(s3_media, s3_server, settings):
    """A bucket policy that opens the whole bucket is caught before anyone relies on it."""
    public_storage = storages["default"]
    leaky = PrivateMediaStorage(
        **{**settings.STORAGES["private"]["OPTIONS"], "location": f"media/{s3_media}-x"}
    )
    with pytest.raises(StorageNotReady, match="Anyone can read private files"):
        storage_check(public=public_storage, private=leaky)


@pytest.mark.django_db
def test_prepare_storage_refuses_to_run_without_a_bucket(settings):
    settings.S3_BUCKET = ""
    with pytest.raises(CommandError, match="S3_BUCKET"):
        call_command("prepare_storage")


def test_private_files_under_the_public_prefix_stop_the_site(settings, s3_server):
    entries = s3_server.storages()
    entries["private"]["OPTIONS"]["location"] = "media/private"
    settings.STORAGES = {**settings.STORAGES, **entries}
    assert [error.id for error in check_private_files()] == ["lms.private_files.E004"]
    entries["private"]["OPTIONS"]["location"] = "private"
    settings.STORAGES = {**settings.STORAGES, **entries}
    assert check_private_files() == []


def test_x_accel_redirect_with_a_bucket_is_reported_as_having_no_effect(settings, s3_server):
    settings.STORAGES = {**settings.STORAGES, **s3_server.storages()}
    settings.PRIVATE_FILES_SERVER = "x-accel-redirect"
    assert [error.id for error in check_private_files()] == ["lms.private_files.W001"]


def test_public_storage_links_to_the_cdn_when_one_is_set(s3_server):
    options = s3_server.storages()["default"]["OPTIONS"]
    storage = PublicMediaStorage(**{**options, "public_url": "https://cdn.example.go.th"})
    assert (
        storage.url("images/รูป.png")
        == "https://cdn.example.go.th/media/images/%E0%B8%A3%E0%B8%B9%E0%B8%9B.png"
    )
