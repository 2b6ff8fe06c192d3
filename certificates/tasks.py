"""Background work of the certificates app (django-tasks).

The web request never renders many PDFs: issuing queues one render, a batch queues
one build; a worker (``manage.py db_worker``) runs them.
"""

from django_tasks import task

from certificates import services
from certificates.models import Certificate, CertificateBatch


@task()
def render_certificate_task(certificate_id: int) -> None:
    """Render and store the PDF of a newly issued certificate (once)."""
    certificate = Certificate.objects.filter(pk=certificate_id).first()
    if certificate is not None:
        services.certificate_pdf_store(certificate=certificate)


@task()
def build_certificate_batch_task(batch_id: int) -> None:
    """Build a batch's multi-page PDF, updating its progress as it goes."""
    batch = CertificateBatch.objects.filter(pk=batch_id).first()
    if batch is not None:
        services.certificate_batch_build(batch=batch)
