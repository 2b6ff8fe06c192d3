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

from urllib.parse import urlsplit

from botocore.config import Config
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
