"""Demo data step: a default certificate template and certificates for demo completions.

Tolerant by design: it issues for whatever completed enrollments exist (the learning
step may or may not have made some) and skips, with a note, any it cannot issue.
"""

from django.core.exceptions import ValidationError

from certificates.models import CertificateSignatory, CertificateTemplate
from certificates.services import certificate_issue


def default_template() -> CertificateTemplate:
    """The default template, with two signatories, created once."""
    template = CertificateTemplate.objects.filter(is_default=True).first()
    if template is None:
        template = CertificateTemplate.objects.create(title="เกียรติบัตร", is_default=True)
        CertificateSignatory.objects.create(
            template=template, name="นายสมชาย ผู้ดูแล", position="ผู้อำนวยการศูนย์ดิจิทัลชุมชน", sort_order=0
        )
        CertificateSignatory.objects.create(
            template=template, name="นายประเสริฐ สอนดี", position="วิทยากร", sort_order=1
        )
    return template


def load(context: dict, stdout) -> None:
    """Make the default template and issue certificates for completed demo enrollments."""
    from courses.models import Enrollment

    context["certificate_template"] = default_template()
    completed = Enrollment.objects.filter(completed_at__isnull=False, course__issues_certificate=True)
    issued = []
    for enrollment in completed.select_related("user", "course"):
        try:
            issued.append(certificate_issue(enrollment=enrollment))
        except ValidationError as error:
            stdout.write(f"  no certificate for enrollment {enrollment.pk}: {' '.join(error.messages)}")
    context["certificates"] = issued
    # On a fresh database nothing is completed yet: the learning step that follows
    # completes courses, and ``course_completed`` issues their certificates then.
    stdout.write(
        f"  Certificates: default template ready; {len(issued)} from earlier runs "
        "(the learning step issues the rest as courses complete)."
    )
