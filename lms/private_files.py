"""Files no public URL serves: their storage, their unguessable names, their delivery.

Certificate and batch PDFs carry people's names, so they live in the ``"private"``
storage of ``settings.STORAGES`` (by default a folder outside ``MEDIA_ROOT``,
``PRIVATE_MEDIA_ROOT``). Only views that have checked who is asking hand them out,
through :func:`private_file_response`, which streams the file itself or, with
``PRIVATE_FILES_SERVER``, lets nginx (``X-Accel-Redirect``) or Apache/lighttpd
(``X-Sendfile``) send it. A private prefix of an S3 bucket, or a bucket of its own, can
take the alias's place (``S3_BUCKET``, lms/object_storage.py); a backend without local paths is always
streamed.
"""

import errno
import os
import secrets
import tempfile
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, HttpResponse
from django.utils import timezone
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header

PRIVATE_STORAGE_ALIAS = "private"
SERVERS = ("django", "x-accel-redirect", "x-sendfile")
# 24 random bytes: 192 bits, far past guessing (the issue asks for at least 128).
NAME_RANDOM_BYTES = 24


class StorageUnavailable(Exception):
    """The storage of private files cannot be read or written right now: the object store
    does not answer or refuses our keys, or the folder is unreadable. Nothing was kept;
    views answer a Thai page (503) asking to try again."""


def is_storage_unavailable(error: BaseException) -> bool:
    """Whether ``error`` says the storage itself failed (not our code): any ``OSError``
    (a folder that is read-only or unreadable; a full disk has its own answer,
    :func:`certificates.services.is_disk_full`), or an error of the S3 client (the
    store is down, times out, or refuses the request). A file that is missing is not:
    trying again would not help, so it stays an error for the operators."""
    from botocore.exceptions import BotoCoreError, ClientError

    if isinstance(error, FileNotFoundError):
        return False  # the file is gone, not the storage: an error for the operators
    if isinstance(error, OSError):
        return error.errno != errno.ENOSPC
    if isinstance(error, ClientError):
        return error.response.get("Error", {}).get("Code") not in {"404", "NoSuchKey"}
    return isinstance(error, BotoCoreError)


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder no URL serves, whose files appear whole or not at all.

    Django's ``FileSystemStorage`` writes straight into the final name, so a full disk
    leaves a partial file behind. Here the content goes to a hidden temporary file in
    the same folder, is flushed to disk, and only then linked under its name; on any
    error the temporary file is removed and the error raised (``OSError`` with
    ``errno.ENOSPC`` when the disk is full).
    """

    def __init__(self, **kwargs):
        kwargs["base_url"] = None
        super().__init__(**kwargs)

    def url(self, name):
        raise ValueError("Private files have no public URL: serve them through a permission-checked view.")

    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        fd, temp_path = tempfile.mkstemp(dir=directory, prefix=".partial-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                if hasattr(content, "seek"):
                    content.seek(0)
                for chunk in content.chunks():
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
                out.flush()
                os.fsync(out.fileno())
            if self.file_permissions_mode is not None:
                os.chmod(temp_path, self.file_permissions_mode)
            while True:
                try:
                    # A hard link never replaces an existing file (unlike rename).
                    os.link(temp_path, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            try:
                os.unlink(temp_path)
            except FileNotFoundError:
                pass
        return str(name).replace("\\", "/")


class _PrivateStorage(LazyObject):
    """The storage configured under ``STORAGES["private"]``, looked up on first use."""

    def _setup(self):
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]


private_storage_instance = _PrivateStorage()


def private_storage():
    """The private storage, for ``FileField(storage=private_storage)``.

    A callable, so migrations record the function and not a folder of this machine.
    """
    return private_storage_instance


@receiver(setting_changed)
def _reset_private_storage(*, setting, **kwargs):
    # Tests point STORAGES at a folder of their own (Django resets default_storage alike).
    if setting == "STORAGES":
        private_storage_instance._wrapped = empty


@checks.register(checks.Tags.security, deploy=False)
def check_private_files(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Refuse to start with private files inside the public media folder, or with an
    unknown ``PRIVATE_FILES_SERVER``: either would hand certificates to anyone."""
    errors = []
    server = (getattr(settings, "PRIVATE_FILES_SERVER", "django") or "django").lower()
    if server not in SERVERS:
        errors.append(
            checks.Error(
                f"PRIVATE_FILES_SERVER must be one of {', '.join(SERVERS)}, not {server!r}.",
                id="lms.private_files.E001",
            )
        )
    if PRIVATE_STORAGE_ALIAS not in settings.STORAGES:
        errors.append(checks.Error('STORAGES has no "private" entry.', id="lms.private_files.E002"))
        return errors
    private_entry = settings.STORAGES[PRIVATE_STORAGE_ALIAS]
    if _is_object_storage(private_entry):
        errors.extend(_check_private_bucket(private_entry, settings.STORAGES.get("default", {}), server))
        return errors
    location = private_entry.get("OPTIONS", {}).get("location")
    if location is not None:
        private, media = Path(location).resolve(), Path(settings.MEDIA_ROOT).resolve()
        if private.is_relative_to(media) or media.is_relative_to(private):
            errors.append(
                checks.Error(
                    f"The private files folder {private} overlaps MEDIA_ROOT {media}, which is public.",
                    hint="Set PRIVATE_MEDIA_ROOT to a folder outside MEDIA_ROOT (docs/deploy.md).",
                    id="lms.private_files.E003",
                )
            )
    return errors


def _is_object_storage(entry: dict) -> bool:
    """Whether a ``STORAGES`` entry is an S3 bucket (django-storages or ours)."""
    return "bucket_name" in entry.get("OPTIONS", {})


def _check_private_bucket(private: dict, public: dict, server: str) -> list[checks.CheckMessage]:
    """Private objects must not share the public prefix of the media bucket (its policy
    lets anyone read that prefix); the web server cannot send what is not on its disk."""
    errors = []
    options, public_options = private.get("OPTIONS", {}), public.get("OPTIONS", {})
    if _is_object_storage(public) and options["bucket_name"] == public_options["bucket_name"]:
        private_prefix = (options.get("location") or "").strip("/")
        public_prefix = (public_options.get("location") or "").strip("/")
        overlap = (
            not private_prefix
            or not public_prefix
            or f"{private_prefix}/".startswith(f"{public_prefix}/")
            or f"{public_prefix}/".startswith(f"{private_prefix}/")
        )
        if overlap:
            errors.append(
                checks.Error(
                    f"Private files (prefix {private_prefix or '(none)'!r}) overlap the public media "
                    f"(prefix {public_prefix or '(none)'!r}) of bucket {options['bucket_name']!r}.",
                    hint="Keep them under separate prefixes, or set S3_PRIVATE_BUCKET (docs/deploy.md).",
                    id="lms.private_files.E004",
                )
            )
    if server in SERVERS and server != "django":
        errors.append(
            checks.Warning(
                f"PRIVATE_FILES_SERVER={server} has no effect with private files in a bucket: "
                "Django streams them.",
                hint="Unset PRIVATE_FILES_SERVER (docs/deploy.md, Object storage).",
                id="lms.private_files.W001",
            )
        )
    return errors


def unguessable_name(folder: str, extension: str) -> str:
    """``folder/<year>/<192 random bits>.<extension>``: a name nobody can guess."""
    return f"{folder}/{timezone.now().year}/{secrets.token_urlsafe(NAME_RANDOM_BYTES)}.{extension}"


def _server() -> str:
    server = (getattr(settings, "PRIVATE_FILES_SERVER", "django") or "django").lower()
    if server not in SERVERS:
        raise ImproperlyConfigured(
            f"PRIVATE_FILES_SERVER must be one of {', '.join(SERVERS)}, not {server!r}."
        )
    return server


def _local_path(fieldfile) -> str | None:
    try:
        return fieldfile.storage.path(fieldfile.name)
    except NotImplementedError:
        return None


def private_file_response(fieldfile, *, filename: str, content_type: str = "application/pdf") -> HttpResponse:
    """A download of a private file, for a view that has already checked permission.

    ``PRIVATE_FILES_SERVER=x-accel-redirect``: an empty response whose
    ``X-Accel-Redirect`` header (``PRIVATE_FILES_ACCEL_PREFIX`` + the file's name) tells
    nginx to send the file from an ``internal`` location. ``x-sendfile``: the file's
    absolute path in ``X-Sendfile``. Otherwise (and for storages without local paths)
    Django streams the file.
    """
    server = _server()
    path = _local_path(fieldfile) if server != "django" else None
    if path is None:
        try:
            # Opened and sized now, so a store that does not answer fails before the
            # response starts: the view can still answer a page instead of a cut file.
            handle = fieldfile.open("rb")
            handle.size  # noqa: B018
        except Exception as error:
            if is_storage_unavailable(error):
                raise StorageUnavailable(fieldfile.name) from error
            raise
        return FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response = HttpResponse(content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    if server == "x-accel-redirect":
        prefix = settings.PRIVATE_FILES_ACCEL_PREFIX.rstrip("/") + "/"
        response["X-Accel-Redirect"] = quote(prefix + fieldfile.name)
    else:
        response["X-Sendfile"] = path
    return response


def move_to_private(model, field_name: str, *, public_storage=None, stdout=None) -> int:
    """Move the files of ``model.field_name`` that still sit in the public media storage
    into the field's (private) storage, each under a new unguessable name. Returns how
    many moved.

    Idempotent: a name already present in the private storage is left alone. A row is
    pointed at its new name before the public copy is deleted, so a crash in between
    leaves at worst a public copy to delete on the next run, never a lost file. A name
    found in neither storage is cleared (a certificate renders its PDF again). Works
    with the historical models of a migration as well.
    """
    from django.core.files.storage import default_storage

    public = public_storage or default_storage
    field = model._meta.get_field(field_name)
    private = field.storage
    moved = 0
    rows = model._default_manager.exclude(**{field_name: ""}).exclude(**{f"{field_name}__isnull": True})
    for pk, name in rows.values_list("pk", field_name).iterator():
        if private.exists(name):
            continue
        if not public.exists(name):
            model._default_manager.filter(pk=pk, **{field_name: name}).update(**{field_name: ""})
            continue
        folder = name.split("/", 1)[0] if "/" in name else model._meta.model_name
        extension = os.path.splitext(name)[1].lstrip(".") or "bin"
        with public.open(name, "rb") as source:
            new_name = private.save(unguessable_name(folder, extension), source)
        if model._default_manager.filter(pk=pk, **{field_name: name}).update(**{field_name: new_name}):
            public.delete(name)
            moved += 1
            if stdout is not None:
                stdout.write(f"{model._meta.label} {pk}: {name} → private {new_name}")
        else:
            private.delete(new_name)
    return moved
