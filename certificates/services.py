"""Every write to certificates goes through these functions.

``certificate_issue`` answers :data:`courses.signals.course_completed` and is what staff
call for in-person completions; revoke, reissue, PDF storage, template versions and
batch printing live here too. Each is keyword-only, atomic and safe to repeat.
"""

import logging
import re
import secrets
from decimal import ROUND_HALF_UP, Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext

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


def certificate_pdf_store(*, certificate: Certificate) -> Certificate:
    """Render the PDF once and keep it; later calls return the stored file untouched.

    The rendering happens outside any transaction (it takes a while); the update is
    conditional, so two renderers racing store one file and the loser's is dropped.
    """
    if certificate.pdf:
        return certificate
    pdf = render_certificate_pdf(certificate)
    name = f"{certificate.serial}-{certificate.verification_code[:4]}.pdf"
    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if not locked.pdf:
            locked.pdf.save(name, ContentFile(pdf), save=False)
            locked.save(update_fields=["pdf"])
    certificate.refresh_from_db(fields=["pdf"])
    return certificate


# --- Templates ----------------------------------------------------------------------


def certificate_template_saved(*, template: CertificateTemplate) -> CertificateTemplate:
    """Count one more version of ``template``: called after every admin save.

    Certificates copy the version in, so staff can tell which design a paper shows.
    """
    CertificateTemplate.objects.filter(pk=template.pk).update(version=F("version") + 1)
    template.refresh_from_db(fields=["version"])
    return template


# --- Batches ------------------------------------------------------------------------


@transaction.atomic
def certificate_batch_create(*, certificates, created_by, description: str = "") -> CertificateBatch:
    """Queue one PDF of ``certificates`` (a queryset already limited to what the person
    may see). The background task builds it; the web request returns at once.

    Raises ``ValidationError`` when there is nothing to print or too much.
    """
    from certificates.app_settings import app_settings
    from certificates.tasks import build_certificate_batch_task

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
    batch = CertificateBatch.objects.create(
        created_by=created_by, description=description[:300], certificate_ids=ids, total=len(ids)
    )
    transaction.on_commit(partial(build_certificate_batch_task.enqueue, batch.pk))
    return batch


def certificate_batch_build(*, batch: CertificateBatch) -> CertificateBatch:
    """Lay out the batch's certificates into one PDF, saving progress as it goes.

    Runs in a background worker. A failure is recorded on the batch (status *failed*)
    and re-raised so the task runner logs it.
    """
    CertificateBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, done=0)
    by_id = Certificate.objects.in_bulk(batch.certificate_ids)
    certificates = [by_id[pk] for pk in batch.certificate_ids if pk in by_id]

    def progress(done: int) -> None:
        CertificateBatch.objects.filter(pk=batch.pk).update(done=done)

    try:
        pdf = render_certificates_pdf(certificates, on_progress=progress)
    except Exception as error:
        CertificateBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.FAILED, error=str(error)[:1000], finished_at=timezone.now()
        )
        raise
    batch.refresh_from_db()
    batch.file.save(f"batch-{batch.pk}.pdf", ContentFile(pdf), save=False)
    batch.status = BatchStatus.DONE
    batch.done = len(certificates)
    batch.finished_at = timezone.now()
    batch.save(update_fields=["file", "status", "done", "finished_at"])
    return batch
