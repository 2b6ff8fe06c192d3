"""Reads of certificates, each limited to what the asking person may see.

``centers_visible_to`` (reading) is deliberately minimal: it reads :class:`Membership`
rows directly (center staff → their centers; provincial admin → the province's
centers; national admin or superuser → every center). Writing (revoke, reissue,
batch printing) is narrower, ``centers_managed_by``: only a center's own staff, the one
rule of :func:`lms.centers.selectors.centers_staffed_by`.
"""

from django.db.models import Q, QuerySet

from certificates.constants import CertificateStatus
from certificates.models import Certificate, CertificateBatch
from lms.centers.constants import Role
from lms.centers.models import Center, Membership
from lms.centers.selectors import centers_staffed_by


def is_certificate_admin(user) -> bool:
    """Superusers and national admins see every center's certificates."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    # Asked several times per request: remember the answer on the user object.
    cached = getattr(user, "_certificates_is_admin", None)
    if cached is None:
        cached = Membership.objects.filter(user=user, role=Role.NATIONAL_ADMIN).exists()
        user._certificates_is_admin = cached
    return cached


def centers_visible_to(user) -> QuerySet[Center]:
    """The centers whose certificates ``user`` may read: list, open and download."""
    if not user.is_authenticated:
        return Center.objects.none()
    if is_certificate_admin(user):
        return Center.objects.all()
    memberships = Membership.objects.filter(user=user)
    return Center.objects.filter(
        Q(pk__in=memberships.filter(role=Role.CENTER_STAFF).values("center"))
        | Q(province__in=memberships.filter(role=Role.PROVINCIAL_ADMIN).values("province"))
    ).distinct()


def centers_managed_by(user) -> QuerySet[Center]:
    """The centers whose certificates ``user`` may revoke, reissue and batch-print.

    Only the center's own staff (and superusers), the rule of
    :func:`lms.centers.selectors.centers_staffed_by`. Provincial and national admins
    read every certificate in their reach but write none, unless they are also staff
    of that center.
    """
    return centers_staffed_by(user)


def may_write_certificates(user) -> bool:
    """Whether ``user`` manages the certificates of at least one center."""
    return centers_managed_by(user).exists()


def certificates_managed_by(user) -> QuerySet[Certificate]:
    """The certificates ``user`` may revoke, reissue and put into a batch."""
    queryset = Certificate.objects.select_related("center", "course", "replaced_by")
    if user.is_superuser:
        return queryset
    return queryset.filter(center__in=centers_managed_by(user))


def may_manage_certificates(user) -> bool:
    """Whether ``user`` may open the staff certificate pages at all."""
    if not user.is_authenticated:
        return False
    return (
        is_certificate_admin(user)
        or Membership.objects.filter(user=user, role__in=[Role.CENTER_STAFF, Role.PROVINCIAL_ADMIN]).exists()
    )


def certificates_for_staff(user) -> QuerySet[Certificate]:
    """Every certificate of the centers ``user`` may see (admins: every certificate)."""
    queryset = Certificate.objects.select_related("center", "course", "replaced_by")
    if is_certificate_admin(user):
        return queryset
    return queryset.filter(center__in=centers_visible_to(user))


def certificate_for_download(user, *, pk: int) -> Certificate | None:
    """The certificate ``pk`` if ``user`` may download its PDF, else ``None``.

    The learner gets their own valid certificate; staff of its center and admins get
    any. Everyone else gets ``None`` (the view answers 404, revealing nothing).
    """
    if not user.is_authenticated:
        return None
    own = Certificate.objects.filter(pk=pk, user=user, status=CertificateStatus.VALID).first()
    if own is not None:
        return own
    return certificates_for_staff(user).filter(pk=pk).first()


def valid_certificate_for_enrollment(user, *, enrollment_id: int) -> Certificate | None:
    """The valid certificate of an enrollment, if ``user`` may download it."""
    certificate = (
        Certificate.objects.filter(enrollment_id=enrollment_id, status=CertificateStatus.VALID)
        .only("pk")
        .first()
    )
    if certificate is None:
        return None
    return certificate_for_download(user, pk=certificate.pk)


def certificate_by_code(code: str) -> Certificate | None:
    """The certificate a verification code names (any status), for the public page."""
    if not code:
        return None
    return Certificate.objects.filter(verification_code=code).first()


def batches_for(user) -> QuerySet[CertificateBatch]:
    """The batches ``user`` asked for and still manages every center of (superusers: all).

    Someone who leaves a center (or loses the staff role) loses its batches too: the
    PDF holds that center's learners' names.
    """
    if not user.is_authenticated:
        return CertificateBatch.objects.none()
    if user.is_superuser:
        return CertificateBatch.objects.all()
    out_of_scope = Center.objects.exclude(pk__in=centers_managed_by(user).values("pk"))
    return CertificateBatch.objects.filter(created_by=user).exclude(centers__in=out_of_scope)


def certificates_of_learner(user, *, learner) -> QuerySet[Certificate]:
    """``learner``'s certificates that ``user`` may see (staff of the issuing center),
    newest first, with their course: one query."""
    return certificates_for_staff(user).filter(user=learner).order_by("-issued_at", "-pk")


def signing_certificate_fingerprint() -> str:
    """SHA-256 fingerprint of the certificate that signs our PDFs (the verify page shows
    it; ``AB:CD:…``). Loads the signing identity once per process."""
    from certificates.signing import signing_identity

    return signing_identity().fingerprint


def certificate_for_credential(user, *, pk: int) -> Certificate | None:
    """The certificate ``pk`` if ``user`` may download its Open Badges credential.

    Narrower than the PDF: the learner (their valid certificate) and the staff of its
    center (any status; superusers too), not provincial or national readers. The
    learner's account must still exist: the credential identifies them by login ID.
    Learner and course come loaded, so building the credential asks nothing more.
    """
    if not user.is_authenticated:
        return None
    base = Certificate.objects.select_related("user", "course").filter(pk=pk, user__isnull=False)
    own = base.filter(user=user, status=CertificateStatus.VALID).first()
    if own is not None:
        return own
    return base.filter(pk__in=certificates_managed_by(user).values("pk")).first()


def status_list_revoked_entries(*, first_id: int, size: int) -> list[int] | None:
    """Ids in ``[first_id, first_id + size)`` of certificates no longer valid (revoked or
    replaced), or ``None`` when no certificate has reached that list yet. Two queries,
    however many certificates there are."""
    if not Certificate.objects.filter(pk__gte=first_id).exists():
        return None
    return list(
        Certificate.objects.filter(pk__gte=first_id, pk__lt=first_id + size)
        .exclude(status=CertificateStatus.VALID)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def center_name(*, pk: int) -> str | None:
    """A center's name for its public issuer profile, or ``None``."""
    return Center.objects.filter(pk=pk).values_list("name", flat=True).first()


def english_achievement_edition(*, translation_key, edition: str) -> dict | None:
    """What the English edition ``edition`` of a course's achievement says, or ``None``.

    The edition exists while some certificate of the course (``translation_key``, any
    status) froze the English title and hours that ``edition`` is the digest of
    (:func:`certificates.openbadges.credential.english_edition_key`). One query: the
    course's distinct English titles and hours, a handful however many learners.
    Returns ``title_en``, ``hours``, ``pass_mark`` and ``language``; nothing of a learner.
    """
    from certificates.openbadges.credential import english_edition_key

    rows = (
        Certificate.objects.filter(course__translation_key=translation_key)
        .exclude(course_title_en="")
        .values_list("course_title_en", "hours", "course__pass_mark", "course__language")
        .order_by("course_title_en", "hours", "course__pass_mark", "course__language")
        .distinct()
    )
    for title_en, hours, pass_mark, language in rows:
        if english_edition_key(title_en, hours) == edition:
            return {"title_en": title_en, "hours": hours, "pass_mark": pass_mark, "language": language}
    return None
