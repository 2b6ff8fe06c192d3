from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Issuing, rendering, verifying and batch printing certificates."""

    name = "certificates"
    verbose_name = _("Certificates")

    def ready(self):
        # Certificates' QR codes skip WeasyPrint's general SVG path parser (certificates/qr.py).
        from certificates.qr import install_qr_path_drawing

        install_qr_path_drawing()
        # Lines repeated on many pages of a document are laid out once (certificates/pdf/line_memory.py).
        from certificates.pdf.line_memory import install_line_drawing_memory, install_line_memory

        install_line_memory()
        install_line_drawing_memory()
        # The one domain event from courses: a completed enrollment may earn a certificate.
        from certificates.services import on_course_completed
        from courses.signals import course_completed

        course_completed.connect(on_course_completed, dispatch_uid="certificates.issue_on_completion")
        # Certificates in the personal-data export, and revoked when a learner is erased.
        from certificates.personal_data import register_personal_data

        register_personal_data()
        # The PDF signing key and OPENBADGES_SIGNING_KEY must load before anything is
        # served (certificates/checks.py).
        from certificates import checks  # noqa: F401
