"""Media on an S3-compatible object store (AWS S3, MinIO, Cloudflare R2, Wasabi, ...).

``settings.STORAGES`` switches to these two backends when ``S3_BUCKET`` is set
(lms/settings/base.py, docs/deploy.md "Object storage"):

- :class:`PublicMediaStorage` (``"default"``): Wagtail images, renditions and documents,
  under ``media/``. Their URLs are plain, unsigned object URLs (or ``S3_PUBLIC_MEDIA_URL``,
  a CDN in front of the bucket), so a cached page never holds a link that expires; the
  bucket's policy lets anyone read ``media/*`` and nothing else.
- :class:`PrivateMediaStorage` (``"private"``): certificate and batch PDFs, under
  ``private/`` of the same bucket or in ``S3_PRIVATE_BUCKET``. No ACL, no public policy,
  no URL: :func:`lms.private_files.private_file_response` streams them after the view has
  checked who asks.

Both talk to the store with short timeouts and a few retries, so a store that hangs makes
a request fail instead of holding a worker for minutes.
"""

import json
import secrets
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from botocore.config import Config
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from storages.backends.s3 import S3Storage

# Objects up to this size are read into memory; larger ones spill to a temporary file.
MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Public objects may be cached by browsers and a CDN for a day: a replaced image gets a
# new name (file_overwrite is off), so a day only delays the removal of a deleted one.
PUBLIC_CACHE_CONTROL = "public, max-age=86400"


def _client_config(*, path_style: bool) -> Config:
    return Config(
        connect_timeout=5,
        read_timeout=30,
        retries={"max_attempts": 3, "mode": "standard"},
        signature_version="s3v4",
        s3={"addressing_style": "path" if path_style else "auto"},
    )


class _ObjectStorage(S3Storage):
    """S3 storage with the settings every bucket of ours shares.

    Names are never overwritten (``file_overwrite=False``): two uploads of ``photo.jpg``
    keep both. No ACL is sent with an object (``default_acl=None``): what is public is
    decided by the bucket's policy, which also works on stores without ACLs (R2).
    A custom endpoint (MinIO, R2, Wasabi, moto) is addressed path-style.
    """

    def __init__(self, **settings):
        settings.setdefault("file_overwrite", False)
        settings.setdefault("default_acl", None)
        settings.setdefault("max_memory_size", MAX_MEMORY_SIZE)
        settings.setdefault("client_config", _client_config(path_style=bool(settings.get("endpoint_url"))))
        super().__init__(**settings)


class PublicMediaStorage(_ObjectStorage):
    """Public uploads, served by the object store or by a CDN in front of it.

    ``public_url`` (``S3_PUBLIC_MEDIA_URL``) is the address that serves the bucket's root,
    e.g. ``https://media.example.go.th``: a file ``media/images/a.jpg`` is then linked as
    ``https://media.example.go.th/media/images/a.jpg``. Without it, links go to the store
    itself (``<endpoint>/<bucket>/media/...``).
    """

    def __init__(self, *, public_url: str = "", **settings):
        settings.setdefault("querystring_auth", False)
        settings.setdefault("object_parameters", {"CacheControl": PUBLIC_CACHE_CONTROL})
        if public_url:
            parts = urlsplit(public_url.rstrip("/"))
            settings.setdefault("url_protocol", f"{parts.scheme or 'https'}:")
            settings.setdefault("custom_domain", parts.netloc + parts.path)
        super().__init__(**settings)


class PrivateMediaStorage(_ObjectStorage):
    """Certificate and batch PDFs: objects nobody reads without our credentials.

    There is no public URL (``url`` refuses, as the local private folder does); views
    stream the object through :func:`lms.private_files.private_file_response`.
    """

    def __init__(self, **settings):
        settings.setdefault("querystring_auth", True)
        settings.setdefault("object_parameters", {"CacheControl": "private, no-store"})
        super().__init__(**settings)

    def url(self, name, parameters=None, expire=None, http_method=None):
        raise ValueError("Private files have no public URL: serve them through a permission-checked view.")


# --- Preparing a bucket (manage.py prepare_storage, CI, the tests) ----------------------


def public_read_policy(*, bucket: str, prefix: str) -> dict:
    """The bucket policy that lets anyone read ``prefix/*`` and nothing else."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicReadMedia",
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{bucket}/{prefix.strip('/')}/*",
            }
        ],
    }


def _client(storage: S3Storage):
    return storage.connection.meta.client


def _bucket_exists(client, bucket: str) -> bool:
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError as error:
        if error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") == 404:
            return False
        raise
    return True


def _anonymous_status(url: str) -> int:
    """The HTTP status of an anonymous GET of ``url`` (no credentials, no redirects)."""
    request = urllib.request.Request(url, method="GET")  # noqa: S310 (our own store's URL)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def storage_prepare(
    *,
    public: S3Storage,
    private: S3Storage,
    create: bool = False,
    cors_origins: list[str] | None = None,
    public_prefix: str = "media",
) -> list[str]:
    """Make the buckets ready: create them if asked, let anyone read the public media
    prefix (and nothing else), allow ``cors_origins`` to GET media, then prove it: a
    probe object under each storage is fetched anonymously, public must answer 200 and
    private 403. Returns what it did, line by line; raises :class:`StorageNotReady`.

    Idempotent: run it on every deployment (``manage.py prepare_storage``).
    """
    done = []
    buckets = [public.bucket_name] + (
        [private.bucket_name] if private.bucket_name != public.bucket_name else []
    )
    client = _client(public)
    for bucket in buckets:
        if _bucket_exists(client, bucket):
            continue
        if not create:
            raise StorageNotReady(f"The bucket {bucket!r} does not exist (create it, or pass --create).")
        if public.region_name and public.region_name != "us-east-1":
            client.create_bucket(
                Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": public.region_name}
            )
        else:
            client.create_bucket(Bucket=bucket)
        done.append(f"created bucket {bucket}")
    policy = public_read_policy(bucket=public.bucket_name, prefix=public_prefix)
    try:
        client.put_bucket_policy(Bucket=public.bucket_name, Policy=json.dumps(policy))
        done.append(f"bucket {public.bucket_name}: anyone may read {public_prefix}/*, nothing else")
    except ClientError as error:
        done.append(
            f"bucket {public.bucket_name}: the store refused a bucket policy ({error}); make "
            f"{public_prefix}/* readable another way (docs/deploy.md)"
        )
    if cors_origins:
        cors = {
            "CORSRules": [
                {
                    "AllowedOrigins": cors_origins,
                    "AllowedMethods": ["GET", "HEAD"],
                    "AllowedHeaders": ["*"],
                    "MaxAgeSeconds": 86400,
                }
            ]
        }
        try:
            client.put_bucket_cors(Bucket=public.bucket_name, CORSConfiguration=cors)
            done.append(f"bucket {public.bucket_name}: GET allowed from {', '.join(cors_origins)}")
        except ClientError as error:
            done.append(f"bucket {public.bucket_name}: the store refused CORS rules ({error})")
    done.extend(storage_check(public=public, private=private))
    return done


def storage_check(*, public: S3Storage, private: S3Storage) -> list[str]:
    """Write a probe object to each storage and read it back anonymously over HTTP:
    the public one must be served (200), the private one refused (401/403). Raises
    :class:`StorageNotReady` otherwise; the probes are deleted either way."""
    token = secrets.token_hex(8)
    public_name = public.save(f"_probe/{token}.txt", ContentFile(b"public probe"))
    private_name = private.save(f"_probe/{token}.txt", ContentFile(b"private probe"))
    try:
        public_status = _anonymous_status(public.url(public_name))
        # The object's address as the store would serve it without credentials.
        private_url = private.unsigned_connection.meta.client.generate_presigned_url(
            "get_object", Params={"Bucket": private.bucket_name, "Key": private._normalize_name(private_name)}
        )
        private_status = _anonymous_status(private_url)
    finally:
        public.delete(public_name)
        private.delete(private_name)
    if private_status not in (401, 403):
        raise StorageNotReady(
            f"Anyone can read private files: an anonymous GET answered {private_status}, not 403."
        )
    if public_status != 200:
        raise StorageNotReady(
            f"Public media are not served: an anonymous GET of {public.url(public_name)} answered "
            f"{public_status}, not 200."
        )
    return [f"checked: public media served ({public_status}), private files refused ({private_status})"]


class StorageNotReady(Exception):
    """The object store is missing a bucket, or serves what it should not (or not what it should)."""
