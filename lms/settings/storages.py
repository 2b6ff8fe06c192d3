"""The ``STORAGES`` entries for media and private files, on local disk or in a bucket.

Plain dictionaries, no imports of the storage libraries: ``base.py`` builds its
``STORAGES`` from them, and the tests build the same shapes for a fresh prefix per test.
"""

from pathlib import Path

# Inside one bucket: public uploads under "media/", private files under "private/" (a
# bucket of their own keeps them at its root).
S3_MEDIA_PREFIX = "media"
S3_PRIVATE_PREFIX = "private"


def disk_storages(*, private_root: Path) -> dict[str, dict]:
    """Media in ``MEDIA_ROOT``, private files in ``private_root`` (the embedded default)."""
    return {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {
            "BACKEND": "lms.private_files.PrivateFileSystemStorage",
            "OPTIONS": {"location": private_root},
        },
    }


def s3_storages(
    *,
    bucket: str,
    private_bucket: str = "",
    endpoint_url: str = "",
    access_key_id: str = "",
    secret_access_key: str = "",
    region: str = "us-east-1",
    public_media_url: str = "",
    prefix: str = "",
) -> dict[str, dict]:
    """Media and private files in an S3-compatible bucket (lms/object_storage.py).

    ``prefix`` goes below "media/" and "private/" (the tests give each test its own), so
    the bucket policy that makes ``media/*`` public covers it too.
    """
    connection = {
        "endpoint_url": endpoint_url or None,
        "access_key": access_key_id or None,
        "secret_key": secret_access_key or None,
        "region_name": region or "us-east-1",
    }
    below = f"/{prefix.strip('/')}" if prefix.strip("/") else ""
    private_location = f"{S3_PRIVATE_PREFIX}{below}" if not private_bucket else below.lstrip("/")
    return {
        "default": {
            "BACKEND": "lms.object_storage.PublicMediaStorage",
            "OPTIONS": {
                **connection,
                "bucket_name": bucket,
                "location": f"{S3_MEDIA_PREFIX}{below}",
                "public_url": public_media_url.rstrip("/"),
            },
        },
        "private": {
            "BACKEND": "lms.object_storage.PrivateMediaStorage",
            "OPTIONS": {**connection, "bucket_name": private_bucket or bucket, "location": private_location},
        },
    }
