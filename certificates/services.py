"""Every write to certificates goes through these functions.

``certificate_issue`` answers :data:`courses.signals.course_completed` and is what staff
call for in-person completions; revoke, reissue, PDF storage, template versions and
batch printing live here too. Each is keyword-only, atomic and safe to repeat.
"""

import errno
import logging
import re
import secrets
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from certificates.app_settings import app_settings
from certificates.constants import (
    BUDDHIST_ERA_OFFSET,
    CODE_ALPHABET,
    CODE_GROUP,
    CODE_LENGTH,
    BatchStatus,
    CertificateStatus,
)
from certificates.models import (
    Certificate,
    CertificateBatch,
    CertificateSerialCounter,
    CertificateTemplate,
)
from certificates.qr import qr_mask_for
from certificates.rendering import render_certificate_pdf, render_certificates_pdf, verification_url
from certificates.signing import TimestampUnavailable, sign_pdf
from lms.private_files import StorageUnavailable, is_storage_unavailable

logger = logging.getLogger(__name__)

_CODE_NOISE_RE = re.compile(r"[\s\-_.]+")
# What people mistype for a base32 letter: the digits 0, 1 and 8 are not in the alphabet.
_CODE_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})


# --- Codes and serials --------------------------------------------------------------


def generate_verification_code() -> str:
    """80 random bits as ``K7M2-QPXA-R4TB-Z6NW`` (base32, groups of four)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def normalise_verification_code(text: str) -> str:
    """A typed code in its stored form: spaces and dashes dropped, upper case, regrouped.

    Returns "" when what is left cannot be a code, so callers answer "not found".
    """
    raw = _CODE_NOISE_RE.sub("", text or "").upper().translate(_CODE_LOOKALIKES)
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return "-".join(raw[i : i + CODE_GROUP] for i in range(0, CODE_LENGTH, CODE_GROUP))


def buddhist_year(moment) -> int:
    """The Buddhist-Era year of ``moment`` in the site's time zone."""
    return timezone.localtime(moment).year + BUDDHIST_ERA_OFFSET


def _next_serial(year: int) -> int:
    """Take the next number of ``year``, holding its counter row locked until commit.

    PostgreSQL: ``SELECT … FOR UPDATE`` makes a second issuer wait for the first to
    commit. SQLite: our connections open IMMEDIATE transactions, so writers already
    queue one at a time.
    """
    CertificateSerialCounter.objects.get_or_create(year=year)
    counter = CertificateSerialCounter.objects.select_for_update().get(year=year)
    CertificateSerialCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    counter.refresh_from_db(fields=["last_number"])
    return counter.last_number


def format_serial(year: int, number: int) -> str:
    return f"{year}-{number:06d}"


# --- Facts copied into a certificate ------------------------------------------------


def template_for_course(course) -> CertificateTemplate | None:
    """The course's own template if it has one, else the default, else ``None``."""
    templates = CertificateTemplate.objects.prefetch_related("signatories__signature")
    if course is not None:
        own = templates.filter(course=course).first()
        if own:
            return own
    return templates.filter(is_default=True).first()


def course_hours(course) -> Decimal:
    """The hours printed for ``course``: its estimate, else the sum of its live lessons."""
    from courses.models import LessonPage

    minutes = course.estimated_minutes
    if minutes is None:
        minutes = (
            LessonPage.objects.live().descendant_of(course).aggregate(total=Sum("estimated_minutes"))["total"]
            or 0
        )
    return (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def template_design(template: CertificateTemplate | None) -> tuple[dict, list, int]:
    """What a certificate copies from its template: design, signatories, version."""
    if template is None:
        design = {
            "title": gettext("Certificate"),
            "body": CertificateTemplate._meta.get_field("body").default,
            "use_thai_digits": True,
        }
        return design, [], 0
    design = {
        "title": template.title,
        "body": template.body,
        "logo": template.logo.file.name if template.logo_id else "",
        "background": template.background.file.name if template.background_id else "",
        "primary_colour": template.primary_colour,
        "text_colour": template.text_colour,
        "border_colour": template.border_colour,
        "use_thai_digits": template.use_thai_digits,
    }
    signatories = [
        {
            "name": signatory.name,
            "position": signatory.position,
            "signature": signatory.signature.file.name if signatory.signature_id else "",
        }
        for signatory in template.signatories.all()[:3]
    ]
    return design, signatories, template.version


def learner_name_parts(user) -> tuple[str, str]:
    """``(title, "first last")`` as the learner's account holds them now."""
    name = " ".join(part for part in (user.first_name.strip(), user.last_name.strip()) if part)
    return user.title.strip(), name


def sample_certificate(*, template: CertificateTemplate) -> Certificate:
    """An unsaved certificate with sample facts, for previewing ``template``. Writes nothing."""
    design, signatories, version = template_design(template)
    now = timezone.now()
    year = buddhist_year(now)
    return Certificate(
        serial_year=year,
        serial_number=1,
        serial=format_serial(year, 1),
        verification_code="SAMP-LE23-4567-ABCD",
        learner_title="นางสาว",
        learner_name="ตัวอย่าง ใจงาม",
        course_title="การใช้สมาร์ทโฟนเบื้องต้น",
        center_name="ศูนย์ดิจิทัลชุมชน ตัวอย่าง",
        completed_on=timezone.localdate(now),
        hours=Decimal("6"),
        signatories=signatories,
        template_version=version,
        design=design,
        issued_at=now,
    )


# --- Issuing ------------------------------------------------------------------------


def _enqueue_render(certificate_id: int) -> None:
    from certificates.tasks import render_certificate_task

    transaction.on_commit(partial(render_certificate_task.enqueue, certificate_id))


def _create_certificate(**fields) -> Certificate:
    """Insert a certificate with the next serial and a fresh code (retrying a code clash)."""
    issued_at = fields.setdefault("issued_at", timezone.now())
    year = buddhist_year(issued_at)
    for _attempt in range(5):
        code = generate_verification_code()
        if not Certificate.objects.filter(verification_code=code).exists():
            break
    # Chosen before the serial is taken: the year's counter stays locked until commit.
    qr_mask = qr_mask_for(verification_url(code))
    number = _next_serial(year)
    certificate = Certificate.objects.create(
        serial_year=year,
        serial_number=number,
        serial=format_serial(year, number),
        verification_code=code,
        qr_mask=qr_mask,
        **fields,
    )
    _enqueue_render(certificate.pk)
    return certificate


@transaction.atomic
def certificate_issue(*, enrollment, issued_by=None) -> Certificate:
    """The valid certificate of a completed enrollment, issuing it if there is none.

    Idempotent: a second call (or a racing one) returns the certificate already issued;
    the database allows one valid certificate per enrollment. The PDF is rendered by a
    background task after commit.

    Raises ``ValidationError`` (Thai message) when the enrollment is not completed, the
    course does not issue certificates or the learner has no name.
    """
    from courses.models import Enrollment

    # Lock the enrollment so two issuers for it queue instead of both inserting.
    enrollment = (
        Enrollment.objects.select_for_update(of=("self",))
        .select_related("user", "course", "center")
        .get(pk=enrollment.pk)
    )
    existing = Certificate.objects.filter(enrollment=enrollment, status=CertificateStatus.VALID).first()
    if existing:
        return existing
    if enrollment.completed_at is None:
        raise ValidationError(gettext("This course has not been completed yet."))
    course = enrollment.course
    if not course.issues_certificate:
        raise ValidationError(gettext("This course does not issue certificates."))
    user = enrollment.user
    title, name = learner_name_parts(user)
    if not name:
        raise ValidationError(gettext("The learner has no name yet: add it to the account first."))
    center = enrollment.center or user.home_center
    template = template_for_course(course)
    design, signatories, version = template_design(template)
    try:
        with transaction.atomic():
            return _create_certificate(
                enrollment=enrollment,
                user=user,
                course=course,
                center=center,
                template=template,
                learner_title=title,
                learner_name=name,
                course_title=course.title,
                course_title_en=course.title_en.strip(),
                center_name=center.name if center else "",
                completed_on=timezone.localdate(enrollment.completed_at),
                hours=course_hours(course),
                signatories=signatories,
                template_version=version,
                design=design,
                issued_by=issued_by,
            )
    except IntegrityError:
        # Another transaction issued it between our check and insert.
        existing = Certificate.objects.filter(enrollment=enrollment, status=CertificateStatus.VALID).first()
        if existing is None:
            raise
        return existing


def on_course_completed(sender, *, enrollment, **kwargs) -> None:
    """Receiver of ``course_completed``: issue a certificate if the course gives one.

    It runs inside the completion's transaction, so it must not raise for a missing
    name: the completion stands and staff issue the certificate later.
    """
    if not enrollment.course.issues_certificate:
        return
    try:
        with transaction.atomic():
            certificate_issue(enrollment=enrollment)
    except ValidationError as error:
        logger.warning("No certificate for enrollment %s: %s", enrollment.pk, error.messages)


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, reason: str, revoked_by=None) -> Certificate:
    """Mark a valid certificate revoked, with the reason shown on its verification page.

    Raises ``ValidationError`` without a reason, or when the certificate is not valid.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(gettext("Give a reason for revoking the certificate."))
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.status != CertificateStatus.VALID:
        raise ValidationError(gettext("Only a valid certificate can be revoked."))
    certificate.status = CertificateStatus.REVOKED
    certificate.revoked_reason = reason
    certificate.revoked_at = timezone.now()
    certificate.revoked_by = revoked_by
    certificate.save(update_fields=["status", "revoked_reason", "revoked_at", "revoked_by"])
    return certificate


@transaction.atomic
def certificate_reissue(*, certificate: Certificate, issued_by=None) -> Certificate:
    """A corrected copy of a valid certificate: the learner's current title and name,
    everything else as first issued, a new serial and code. The old one becomes
    *replaced*. Raises ``ValidationError`` when the certificate is not valid or the
    learner's account is gone.
    """
    old = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if old.status != CertificateStatus.VALID:
        raise ValidationError(gettext("Only a valid certificate can be reissued."))
    if old.user is None:
        raise ValidationError(gettext("The learner's account no longer exists."))
    title, name = learner_name_parts(old.user)
    if not name:
        raise ValidationError(gettext("The learner has no name yet: add it to the account first."))
    now = timezone.now()
    old.status = CertificateStatus.REPLACED
    old.replaced_at = now
    old.save(update_fields=["status", "replaced_at"])
    new = _create_certificate(
        enrollment=old.enrollment,
        user=old.user,
        course=old.course,
        center=old.center,
        template=old.template,
        learner_title=title,
        learner_name=name,
        course_title=old.course_title,
        course_title_en=old.course_title_en,
        center_name=old.center_name,
        completed_on=old.completed_on,
        hours=old.hours,
        signatories=old.signatories,
        template_version=old.template_version,
        design=old.design,
        issued_by=issued_by,
        issued_at=now,
    )
    old.replaced_by = new
    old.save(update_fields=["replaced_by"])
    return new


# --- The stored PDF -----------------------------------------------------------------


class StorageFull(Exception):
    """The private storage has no room left (``ENOSPC``); nothing was kept."""


def is_disk_full(error: BaseException) -> bool:
    return isinstance(error, OSError) and error.errno == errno.ENOSPC


def _store_private(field_owner, field_name: str, content: bytes) -> str:
    """Write ``content`` whole under a new unguessable name of the field's storage.

    The private storage writes to a temporary name and links it in only when all of
    it is on disk, so a full disk leaves nothing behind; it raises :class:`StorageFull`,
    and :class:`~lms.private_files.StorageUnavailable` when the store cannot be written
    (an object store that does not answer).
    """
    field = field_owner._meta.get_field(field_name)
    try:
        return field.storage.save(field.generate_filename(None, f"{field_name}.pdf"), ContentFile(content))
    except Exception as error:
        if is_disk_full(error):
            raise StorageFull from error
        if is_storage_unavailable(error):
            raise StorageUnavailable from error
        raise


def certificate_pdf_store(*, certificate: Certificate) -> Certificate:
    """Render the PDF once, sign it (``certificates/signing.py``) and keep it in the
    private storage; later calls return the stored file untouched.

    The rendering happens outside any transaction (it takes a while); the update is
    conditional, so two renderers racing keep one file and the loser's is deleted; so
    is the file of a certificate revoked, replaced or erased meanwhile (an erasure that
    commits while the name is being drawn must not get the name stored).
    Raises :class:`StorageFull` when the disk is full,
    :class:`~lms.private_files.StorageUnavailable` when the store cannot be written, and
    :class:`~certificates.signing.TimestampUnavailable` when the time-stamping authority
    does not answer, keeping no file in every case.
    """
    if certificate.pdf:
        return certificate
    pdf = sign_pdf(render_certificate_pdf(certificate))
    name = _store_private(Certificate, "pdf", pdf)
    try:
        kept = Certificate.objects.filter(
            pk=certificate.pk, pdf="", status=CertificateStatus.VALID, user__isnull=False
        ).update(pdf=name)
    except BaseException:
        Certificate._meta.get_field("pdf").storage.delete(name)
        raise
    if not kept:
        Certificate._meta.get_field("pdf").storage.delete(name)
    certificate.refresh_from_db(fields=["pdf"])
    return certificate


def certificate_files_make_private(*, stdout=None) -> dict[str, int]:
    """Move certificate and batch PDFs still kept in the public media storage into the
    private storage, each under a new unguessable name. Safe to run again: files
    already private are left alone (``manage.py move_private_files``, migration 0005).
    """
    from lms.private_files import move_to_private

    counts = {}
    for model, field_name in ((Certificate, "pdf"), (CertificateBatch, "file")):
        counts[model._meta.model_name] = move_to_private(model, field_name, stdout=stdout)
    return counts


# --- Templates ----------------------------------------------------------------------


def certificate_template_saved(*, template: CertificateTemplate) -> CertificateTemplate:
    """Count one more version of ``template``: called after every admin save.

    Certificates copy the version in, so staff can tell which design a paper shows.
    """
    CertificateTemplate.objects.filter(pk=template.pk).update(version=F("version") + 1)
    template.refresh_from_db(fields=["version"])
    return template


# --- Batches ------------------------------------------------------------------------


def _enqueue_batch(batch_id: int) -> None:
    from certificates.tasks import build_certificate_batch_task

    transaction.on_commit(partial(build_certificate_batch_task.enqueue, batch_id))


def _checked_batch_ids(certificates) -> list[int]:
    """The ids to print, in print order; Thai ``ValidationError`` for none or too many."""
    ids = list(
        certificates.order_by("center_name", "course_title", "learner_name", "pk").values_list(
            "pk", flat=True
        )
    )
    if not ids:
        raise ValidationError(gettext("No certificates match: nothing to print."))
    if len(ids) > app_settings.BATCH_MAX_SIZE:
        raise ValidationError(
            gettext("At most %(max)s certificates can be printed at once.")
            % {"max": app_settings.BATCH_MAX_SIZE}
        )
    return ids


@transaction.atomic
def certificate_batch_create(*, certificates, created_by, description: str = "") -> CertificateBatch:
    """Queue one PDF of ``certificates`` (a queryset already limited to what the person
    may manage). The background task builds it; the web request returns at once. The
    batch remembers the certificates' centers: it stays the creator's only while they
    manage all of them.

    Raises ``ValidationError`` when there is nothing to print or too much.
    """
    ids = _checked_batch_ids(certificates)
    batch = CertificateBatch.objects.create(
        created_by=created_by, description=description[:300], certificate_ids=ids, total=len(ids)
    )
    center_ids = set(
        Certificate.objects.filter(pk__in=ids, center__isnull=False).values_list("center", flat=True)
    )
    batch.centers.set(center_ids)
    _enqueue_batch(batch.pk)
    return batch


@transaction.atomic
def certificate_batch_retry(*, batch: CertificateBatch, certificates) -> CertificateBatch:
    """Print a failed batch again ("print again"): the same certificates, limited to
    ``certificates`` (what the person may manage now, valid ones), queued anew.

    Raises ``ValidationError`` when the batch has not failed or nothing is left.
    """
    batch = CertificateBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != BatchStatus.FAILED:
        raise ValidationError(gettext("Only a batch that failed can be printed again."))
    ids = _checked_batch_ids(certificates.filter(pk__in=batch.certificate_ids))
    order = {pk: position for position, pk in enumerate(batch.certificate_ids)}
    batch.certificate_ids = sorted(ids, key=order.__getitem__)
    batch.total = len(ids)
    batch.done = 0
    batch.status = BatchStatus.PENDING
    batch.error = ""
    batch.attempts = 0
    batch.lease_token = ""
    batch.heartbeat_at = timezone.now()
    batch.finished_at = None
    batch.save()
    _enqueue_batch(batch.pk)
    return batch


# Why a batch failed, as the batch page shows it (stored in Thai, the site's language).
BATCH_DISK_FULL = _(
    "The server's disk is full, so the PDF could not be saved. Tell the administrator, then print again."
)
BATCH_STORAGE_UNAVAILABLE = _(
    "The file storage did not answer, so the PDF could not be saved. Print again in a few minutes; "
    "if it fails again, tell the administrator."
)
BATCH_TIMESTAMP_UNAVAILABLE = _(
    "The time-stamping service did not answer, so the PDF could not be signed. Print again in a few "
    "minutes; if it fails again, tell the administrator."
)
BATCH_ERROR = _(
    "Printing failed because of an error on the server. Print again; if it fails again, tell the administrator."
)
BATCH_WORKER_STOPPED = _(
    "Printing stopped several times because the print worker stopped. "
    "Print again; if it stops again, tell the administrator."
)
BATCH_NO_WORKER = _(
    "No print worker took this batch. "
    "Tell the administrator that the background worker is not running, then print again."
)


class LeaseLost(Exception):
    """Another worker took the batch over: this one stops without writing."""


def _batch_fail(batch_id: int, message, **conditions) -> int:
    """Mark the batch failed with ``message`` (in the site's language), if ``conditions``
    still hold; returns 1 if it did."""
    with translation.override(settings.LANGUAGE_CODE):
        error = str(message)
    return CertificateBatch.objects.filter(pk=batch_id, **conditions).update(
        status=BatchStatus.FAILED, error=error, finished_at=timezone.now(), lease_token=""
    )


def _batch_claim(batch_id: int) -> str | None:
    """Take the lease of a waiting batch; ``None`` if it is not waiting (done, or another
    worker holds it)."""
    token = secrets.token_hex(16)
    claimed = CertificateBatch.objects.filter(pk=batch_id, status=BatchStatus.PENDING).update(
        status=BatchStatus.RUNNING,
        lease_token=token,
        heartbeat_at=timezone.now(),
        attempts=F("attempts") + 1,
        done=0,
        error="",
    )
    return token if claimed else None


def certificate_batch_build(*, batch: CertificateBatch) -> CertificateBatch:
    """Lay out the batch's certificates into one PDF, saving progress as it goes.

    Runs in a background worker, holding the batch's lease: after every chunk it
    renews ``heartbeat_at``; if another worker has taken the batch over meanwhile
    (this one was presumed dead), it stops and writes nothing. The PDF is written whole
    or not at all. A full disk, a file storage or a time-stamping authority that does
    not answer fail the batch with a Thai message of their own (print again later); any
    other error fails it too and is re-raised so the task runner logs it.
    """
    # Not this batch: it may have waited long in a busy queue, and is being taken now.
    certificate_batches_recover(batches=CertificateBatch.objects.exclude(pk=batch.pk))
    token = _batch_claim(batch.pk)
    if token is None:
        logger.info("Batch %s is not waiting to be built; nothing to do.", batch.pk)
        batch.refresh_from_db()
        return batch
    mine = CertificateBatch.objects.filter(pk=batch.pk, status=BatchStatus.RUNNING, lease_token=token)
    batch.refresh_from_db()
    by_id = Certificate.objects.in_bulk(batch.certificate_ids)
    certificates = [by_id[pk] for pk in batch.certificate_ids if pk in by_id]

    def progress(done: int) -> None:
        if not mine.update(done=done, heartbeat_at=timezone.now()):
            raise LeaseLost

    name = ""
    try:
        pdf = sign_pdf(render_certificates_pdf(certificates, on_progress=progress))
        progress(len(certificates))
        name = _store_private(CertificateBatch, "file", pdf)
        if not mine.update(
            file=name,
            status=BatchStatus.DONE,
            done=len(certificates),
            finished_at=timezone.now(),
            lease_token="",
        ):
            raise LeaseLost
    except LeaseLost:
        logger.warning("Batch %s was taken over by another worker; this one stops.", batch.pk)
        _delete_quietly(CertificateBatch, "file", name)
    except StorageFull:
        logger.exception("Batch %s: the disk is full.", batch.pk)
        _batch_fail(batch.pk, BATCH_DISK_FULL, lease_token=token)
    except StorageUnavailable:
        logger.exception("Batch %s: the file storage cannot be written.", batch.pk)
        _batch_fail(batch.pk, BATCH_STORAGE_UNAVAILABLE, lease_token=token)
    except TimestampUnavailable:
        logger.exception("Batch %s: the time-stamping authority did not answer.", batch.pk)
        _batch_fail(batch.pk, BATCH_TIMESTAMP_UNAVAILABLE, lease_token=token)
    except Exception:
        _delete_quietly(CertificateBatch, "file", name)
        _batch_fail(batch.pk, BATCH_ERROR, lease_token=token)
        raise
    batch.refresh_from_db()
    return batch


def _delete_quietly(model, field_name: str, name: str) -> None:
    if name:
        model._meta.get_field(field_name).storage.delete(name)


def certificate_batches_recover(*, batches=None) -> int:
    """Take up again, or fail, the batches whose worker has stopped. Returns how many.

    A running batch whose lease (``heartbeat_at``) is older than
    CERTIFICATES_BATCH_LEASE_SECONDS lost its worker (killed, machine gone): it is
    queued again for any live worker, or, after CERTIFICATES_BATCH_MAX_ATTEMPTS starts,
    failed with a Thai message. A batch no worker has taken for
    CERTIFICATES_BATCH_PENDING_SECONDS fails too (no worker is running), unless a
    worker is busy printing another batch right now, or the task queue
    (django-tasks-db) started some task within that time: a worker is alive, busy with
    other work, and will come to the batch. Every change
    is a conditional update, so callers racing each other act once. Called by the batch
    pages, by every batch task before it starts and by ``manage.py recover_certificate_batches``.
    """
    now = timezone.now()
    batches = CertificateBatch.objects.all() if batches is None else batches
    lease_expired = now - timedelta(seconds=app_settings.BATCH_LEASE_SECONDS)
    acted = 0
    stale = batches.filter(status=BatchStatus.RUNNING, heartbeat_at__lt=lease_expired)
    for pk, attempts, heartbeat_at in stale.values_list("pk", "attempts", "heartbeat_at"):
        same = {"status": BatchStatus.RUNNING, "heartbeat_at": heartbeat_at}
        if attempts >= app_settings.BATCH_MAX_ATTEMPTS:
            acted += _batch_fail(pk, BATCH_WORKER_STOPPED, **same)
            continue
        with transaction.atomic():
            requeued = CertificateBatch.objects.filter(pk=pk, **same).update(
                status=BatchStatus.PENDING, lease_token="", heartbeat_at=now
            )
            if requeued:
                logger.warning("Batch %s lost its worker; queued again (attempt %s).", pk, attempts + 1)
                _enqueue_batch(pk)
        acted += requeued
    if CertificateBatch.objects.filter(status=BatchStatus.RUNNING, heartbeat_at__gte=lease_expired).exists():
        # A worker is alive and busy printing another batch: waiting batches are queued,
        # not abandoned.
        return acted
    waited_too_long = now - timedelta(seconds=app_settings.BATCH_PENDING_SECONDS)
    waited = list(
        batches.filter(status=BatchStatus.PENDING, heartbeat_at__lt=waited_too_long).values_list(
            "pk", flat=True
        )
    )
    if not waited or DBTaskResult.objects.filter(started_at__gte=waited_too_long).exists():
        # None waited too long, or a worker started some other task meanwhile: it is
        # alive, just busy.
        return acted
    for pk in waited:
        acted += _batch_fail(
            pk, BATCH_NO_WORKER, status=BatchStatus.PENDING, heartbeat_at__lt=waited_too_long
        )
    return acted
