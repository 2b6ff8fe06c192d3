"""Centers, the provinces they stand in, and who works for which."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.centers.constants import AgencyType, Region, Role


class Province(models.Model):
    """One of Thailand's 77 provinces, shipped as data (``data/provinces.csv``).

    ``code`` is the two-digit ISO 3166-2:TH code (``10`` is Bangkok).
    """

    code = models.CharField(_("code"), max_length=2, unique=True)
    name_th = models.CharField(_("name (Thai)"), max_length=100, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices)

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return self.name_th


class Center(models.Model):
    """A Community Digital Center (ศูนย์ดิจิทัลชุมชน): one room, one host office."""

    code = models.CharField(
        _("center code"),
        max_length=32,
        unique=True,
        help_text=_("A short code that names the center in reports and imports."),
    )
    name = models.CharField(_("name"), max_length=255)
    agency_type = models.CharField(
        _("host agency"), max_length=30, choices=AgencyType.choices, default=AgencyType.OTHER
    )
    province = models.ForeignKey(
        Province, verbose_name=_("province"), on_delete=models.PROTECT, related_name="centers"
    )
    district = models.CharField(_("district"), max_length=100, blank=True)
    subdistrict = models.CharField(_("subdistrict"), max_length=100, blank=True)
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["province__name_th", "name"]
        verbose_name = _("center")
        verbose_name_plural = _("centers")
        indexes = [models.Index(fields=["province", "is_active"], name="centers_center_prov_idx")]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A role a person holds, scoped to a center, a province or the whole country.

    Every staff page and download asks the selectors in :mod:`lms.centers.selectors`
    which centers a person may see; those read these rows.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    center = models.ForeignKey(
        Center,
        verbose_name=_("center"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    province = models.ForeignKey(
        Province,
        verbose_name=_("province"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                name="centers_membership_scope_matches_role",
                condition=(
                    models.Q(
                        role__in=[Role.CENTER_STAFF, Role.CENTER_TRAINER],
                        center__isnull=False,
                        province__isnull=True,
                    )
                    | models.Q(role=Role.PROVINCIAL_ADMIN, center__isnull=True, province__isnull=False)
                    | models.Q(role=Role.NATIONAL_ADMIN, center__isnull=True, province__isnull=True)
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "role", "center"],
                condition=models.Q(center__isnull=False),
                name="centers_membership_center_unique",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "province"],
                condition=models.Q(province__isnull=False),
                name="centers_membership_province_unique",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(role=Role.NATIONAL_ADMIN),
                name="centers_membership_national_unique",
            ),
        ]

    def __str__(self):
        scope = self.center or self.province or _("whole country")
        return f"{self.user} · {self.get_role_display()} · {scope}"
