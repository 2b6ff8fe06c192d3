"""What the certificates app tells the personal-data export and erasure
(lms.accounts.personal_data).

Export: every certificate's PDF (the stored one, or rendered now without storing it); a
revoked or replaced certificate is always rendered now, stamped, never its clean stored PDF.
Erasure: every valid certificate of the person is revoked with the reason
``ERASURE_REASON`` (a replaced or already revoked one keeps its status and reason, so
the reports' "issued" figure does not change); every one loses the printed name and its
stored PDF, and is unlinked from the account; the verification page then says why,
without a name. Batch PDFs that printed the person's
certificates are removed too, and batches still waiting or printing them fail (staff can
print the batch again).
"""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from lms.accounts.constants import ERASURE_REASON
from lms.accounts.personal_data import register


def certificate_files(user):
    """``(name, bytes)`` for each of the person's certificates; one that is no longer
    valid is drawn now with its stamp ("ถูกเพิกถอน"), as staff get it, never stored."""
    from certificates.models import Certificate
    from certificates.rendering import render_certificate_pdf

    for certificate in Certificate.objects.filter(user=user).order_by("pk"):
        if certificate.pdf and certificate.is_valid:
            with certificate.pdf.open("rb") as stored:
                content = stored.read()
        else:
            content = render_certificate_pdf(certificate)
        yield f"certificates/{certificate.serial}.pdf", content


def certificates_erase(user) -> None:
    """Revoke the person's valid certificates; unname and unlink all of them; delete
    their PDFs after commit."""
    from certificates.constants import BatchStatus, CertificateStatus
    from certificates.models import Certificate, CertificateBatch

    now = timezone.now()
    certificates = list(Certificate.objects.select_for_update().filter(user=user))
    ids = {certificate.pk for certificate in certificates}
    files = []
    for certificate in certificates:
        if certificate.pdf:
            files.append(certificate.pdf)
        if certificate.status == CertificateStatus.VALID:
            # Only a valid one changes status: the reports count revoked-for-erasure as
            # issued, so a replaced or otherwise revoked one keeps its own status.
            certificate.status = CertificateStatus.REVOKED
            certificate.revoked_reason = ERASURE_REASON
            certificate.revoked_at = now
        certificate.learner_title = ""
        certificate.learner_name = ""
        certificate.user = None
        certificate.pdf = ""
    Certificate.objects.bulk_update(
        certificates,
        ["status", "revoked_reason", "revoked_at", "learner_title", "learner_name", "user", "pdf"],
    )
    batches = [
        batch
        # Printed ones, and ones still waiting or printing: failing those stops their
        # worker (its lease no longer holds), so the erased name is never stored.
        for batch in CertificateBatch.objects.filter(
            ~Q(file="") | Q(status__in=[BatchStatus.PENDING, BatchStatus.RUNNING])
        ).only("pk", "certificate_ids", "file")
        if ids.intersection(batch.certificate_ids or [])
    ]
    for batch in batches:
        if batch.file:
            files.append(batch.file)
    CertificateBatch.objects.filter(pk__in=[batch.pk for batch in batches]).update(
        file="",
        status=BatchStatus.FAILED,
        lease_token="",
        error=gettext("A learner in this batch had their personal data erased. Make the batch again."),
    )

    def delete_files():
        for stored in files:
            stored.storage.delete(stored.name)

    transaction.on_commit(delete_files)


def register_personal_data() -> None:
    """Called from :meth:`certificates.apps.CertificatesConfig.ready`."""
    register("certificates.certificate", files=certificate_files, erase=certificates_erase)
