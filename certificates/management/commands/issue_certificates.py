"""``manage.py issue_certificates``: issue any certificates that completed enrollments lack.

For enrollments completed before certificates existed, or whose learner had no name at
completion. Safe to run again: ``certificate_issue`` is idempotent.
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from certificates.constants import CertificateStatus
from certificates.services import certificate_issue


class Command(BaseCommand):
    help = "Issue certificates for completed enrollments that have no valid certificate."

    def add_arguments(self, parser):
        parser.add_argument("--course", type=int, help="Only this course (page id).")

    def handle(self, *args, **options):
        from courses.models import Enrollment

        enrollments = Enrollment.objects.filter(
            completed_at__isnull=False, course__issues_certificate=True
        ).exclude(certificates__status=CertificateStatus.VALID)
        if options["course"]:
            enrollments = enrollments.filter(course_id=options["course"])
        issued = skipped = 0
        for enrollment in enrollments.select_related("user", "course").iterator():
            try:
                certificate_issue(enrollment=enrollment)
            except ValidationError as error:
                skipped += 1
                self.stdout.write(f"enrollment {enrollment.pk}: {' '.join(error.messages)}")
            else:
                issued += 1
        self.stdout.write(self.style.SUCCESS(f"Issued {issued} certificate(s); skipped {skipped}."))
