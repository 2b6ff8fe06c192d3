"""Certificates: the frozen record, its serial counter, the templates staff design and
the batches staff print.

A :class:`Certificate` copies in everything printed on it when it is issued (name,
course, center, date, hours, signatories, the template's text and colours), so later
edits to the learner, the course or the template never change an issued certificate.
Only :mod:`certificates.services` writes these rows.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin

from certificates.constants import MAX_SIGNATORIES, BatchStatus, CertificateStatus
from lms.private_files import private_storage, unguessable_name

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Enter a colour as # and six hexadecimal digits, e.g. #1d4e89.")
)


def certificate_pdf_name(instance, filename) -> str:
    """Where a certificate's PDF is stored: a random name in the private storage."""
    return unguessable_name("certificates", "pdf")


def batch_pdf_name(instance, filename) -> str:
    """Where a batch's PDF is stored: a random name in the private storage."""
    return unguessable_name("certificate-batches", "pdf")


DEFAULT_BODY = "ได้ผ่านการอบรมหลักสูตร {course}\nจำนวน {hours} ชั่วโมง ณ {center}"


class CertificateTemplate(PreviewableMixin, ClusterableModel):
    """How certificates look: a Wagtail snippet staff and admins edit.

    The body is plain text with placeholders ``{name}``, ``{course}``, ``{center}``,
    ``{date}`` and ``{hours}``; anything else is printed as typed. One template is the
    default; a template linked to a course is used for that course instead. ``version``
    goes up by one on every save (:func:`certificates.services.certificate_template_saved`)
    and is copied into each certificate issued from it.
    """

    title = models.CharField(_("heading"), max_length=200, default="เกียรติบัตร")
    body = models.TextField(
        _("body"),
        default=DEFAULT_BODY,
        help_text=_("Placeholders: {name} {course} {center} {date} {hours}. New lines are kept."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    background = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    primary_colour = models.CharField(
        _("heading colour"), max_length=7, default="#1d4e89", validators=[colour_validator]
    )
    text_colour = models.CharField(
        _("text colour"), max_length=7, default="#222222", validators=[colour_validator]
    )
    border_colour = models.CharField(
        _("border colour"), max_length=7, default="#b8860b", validators=[colour_validator]
    )
    use_thai_digits = models.BooleanField(
        _("Thai digits"), default=True, help_text=_("Print numbers as ๑๒๓ instead of 123.")
    )
    is_default = models.BooleanField(
        _("default template"), default=False, help_text=_("Used for every course without its own template.")
    )
    course = models.OneToOneField(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificate_template",
        help_text=_("Leave empty for a general template."),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("logo"), FieldPanel("background")],
            heading=_("Images"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("primary_colour"),
                FieldPanel("text_colour"),
                FieldPanel("border_colour"),
                FieldPanel("use_thai_digits"),
            ],
            heading=_("Appearance"),
        ),
        InlinePanel("signatories", label=_("Signatories"), max_num=MAX_SIGNATORIES),
        MultiFieldPanel([FieldPanel("is_default"), FieldPanel("course")], heading=_("Use")),
    ]

    class Meta:
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="certificates_template_one_default",
                violation_error_message=_("Only one template can be the default."),
            )
        ]

    def __str__(self):
        return self.title if not self.course_id else f"{self.title} · {self.course}"

    def serve_preview(self, request, mode_name):
        """The admin preview: a sample certificate drawn with this (unsaved) template as PDF."""
        from django.http import HttpResponse

        from certificates.rendering import render_certificate_pdf
        from certificates.services import sample_certificate

        pdf = render_certificate_pdf(sample_certificate(template=self))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="preview.pdf"'
        return response


class CertificateSignatory(Orderable):
    """One of up to three people who sign a template: name, position, signature image."""

    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("position"), FieldPanel("signature")]

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self):
        return self.name


class CertificateSerialCounter(models.Model):
    """The last serial number given out in one Buddhist-Era year.

    :func:`certificates.services.certificate_issue` locks this row while it takes the
    next number, so certificates issued at the same moment never share a serial.
    """

    year = models.PositiveIntegerField(_("year (B.E.)"), unique=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("certificate serial counter")
        verbose_name_plural = _("certificate serial counters")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class Certificate(models.Model):
    """A certificate as issued: every printed fact frozen, plus its stored PDF.

    ``serial`` (``2569-000042``) is sequential within a Buddhist-Era year; the
    ``verification_code`` (80 random bits, ``K7M2-QPXA-…``) is what the QR code and the
    public verification page use. A certificate is valid, revoked (with a reason) or
    replaced by a newer one; at most one per enrollment is valid at a time.
    """

    enrollment = models.ForeignKey(
        "courses.Enrollment",
        verbose_name=_("enrollment"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    # Links for filtering and access checks; the printed facts are the frozen fields.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    course = models.ForeignKey(
        "courses.CoursePage",
        verbose_name=_("course"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    center = models.ForeignKey(
        "centers.Center",
        verbose_name=_("center"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )
    template = models.ForeignKey(
        CertificateTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="certificates",
    )

    serial_year = models.PositiveIntegerField(_("serial year (B.E.)"))
    serial_number = models.PositiveIntegerField(_("serial number"))
    serial = models.CharField(_("serial"), max_length=20, unique=True)
    verification_code = models.CharField(_("verification code"), max_length=24, unique=True)
    qr_mask = models.PositiveSmallIntegerField(
        _("QR code mask"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Which of the eight QR patterns was the most readable for the verification "
            "address, chosen at issue so that reprints skip the search."
        ),
    )

    # Frozen at issue.
    learner_title = models.CharField(_("learner's title"), max_length=50, blank=True)
    learner_name = models.CharField(_("learner's name"), max_length=400)
    course_title = models.CharField(_("course title"), max_length=255)
    # Not printed: the name of the credential's English achievement edition (blank when
    # the course had no English title at issue, and for certificates issued before it).
    course_title_en = models.CharField(_("English course title"), max_length=255, blank=True)
    center_name = models.CharField(_("center name"), max_length=255, blank=True)
    completed_on = models.DateField(_("completion date"))
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1, default=0)
    signatories = models.JSONField(_("signatories"), default=list, blank=True)
    template_version = models.PositiveIntegerField(_("template version"), default=0)
    design = models.JSONField(
        _("design"),
        default=dict,
        blank=True,
        help_text=_("The template's text, colours and images at issue."),
    )

    status = models.CharField(
        _("status"), max_length=20, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    replaced_by = models.OneToOneField(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
    )
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Private: only the permission-checked download views hand it out (docs/certificates.md).
    pdf = models.FileField(_("PDF"), upload_to=certificate_pdf_name, storage=private_storage, blank=True)

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment"],
                condition=models.Q(status=CertificateStatus.VALID),
                name="certificates_one_valid_per_enrollment",
            ),
            models.UniqueConstraint(
                fields=["serial_year", "serial_number"], name="certificates_serial_year_number_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=CertificateStatus.REVOKED) | ~models.Q(revoked_reason=""),
                name="certificates_revoked_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["center", "issued_at"], name="certificates_center_idx"),
            models.Index(fields=["course", "issued_at"], name="certificates_course_idx"),
        ]

    def __str__(self):
        return f"{self.serial} {self.learner_title}{self.learner_name}"

    @property
    def printed_name(self) -> str:
        """Title and name as printed (Thai titles join the first name without a space)."""
        return f"{self.learner_title}{self.learner_name}"

    @property
    def completed_on_thai(self) -> str:
        """The completion date as people read it: ``9 ตุลาคม พ.ศ. 2564``."""
        from certificates.rendering import format_thai_date

        return format_thai_date(self.completed_on, thai_digits=False)

    @property
    def is_valid(self) -> bool:
        return self.status == CertificateStatus.VALID


class CertificateBatch(models.Model):
    """A multi-page PDF of many certificates that staff asked for, built in the background.

    ``certificate_ids`` is the selection as it was when staff asked (already limited to
    what they may manage); ``done`` counts the certificates laid out so far. A worker
    that dies mid-batch loses its lease; another worker takes the batch up again, or
    it fails with a Thai message after CERTIFICATES_BATCH_MAX_ATTEMPTS.
    """

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    description = models.CharField(_("description"), max_length=300, blank=True)
    certificate_ids = models.JSONField(_("certificates"), default=list)
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    status = models.CharField(
        _("status"), max_length=20, choices=BatchStatus.choices, default=BatchStatus.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=batch_pdf_name, storage=private_storage, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # The centers of its certificates: the batch stays the creator's only while they
    # still manage every one of them.
    centers = models.ManyToManyField(
        "centers.Center", verbose_name=_("centers"), blank=True, related_name="+"
    )
    # The lease of the worker building it: a worker holds ``lease_token`` and renews
    # ``heartbeat_at`` after every chunk; a lease older than
    # CERTIFICATES_BATCH_LEASE_SECONDS means the worker died (services.certificate_batches_recover).
    heartbeat_at = models.DateTimeField(_("last sign of progress"), default=timezone.now)
    lease_token = models.CharField(_("lease"), max_length=32, blank=True, editable=False)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.pk}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 100
