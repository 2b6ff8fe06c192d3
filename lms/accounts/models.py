"""People: learners, trainers, center staff and admins are all one ``User``.

Nobody invents a username. A person signs in with an email address or a Thai mobile
number, whichever they have; a walk-in learner who has neither gets a short login ID
printed on a slip by staff. Every account has a login ID (generated), so staff can
always find and name an account.
"""

import secrets

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lms.accounts.constants import LOGIN_ID_ALPHABET, LOGIN_ID_LENGTH, Gender, TargetGroup


def generate_login_id() -> str:
    """A random login ID such as ``K7M2QPXA``: easy to read aloud and to type."""
    return "".join(secrets.choice(LOGIN_ID_ALPHABET) for _ in range(LOGIN_ID_LENGTH))


class UserManager(BaseUserManager):
    """Creates users from whatever identifier they have (email, phone or neither)."""

    use_in_migrations = True

    def _create_user(self, password, **fields):
        email = fields.get("email")
        fields["email"] = self.normalize_email(email).lower() if email else None
        if not fields.get("phone"):
            fields["phone"] = None
        if not fields.get("login_id"):
            fields.pop("login_id", None)
        user = self.model(**fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, login_id=None, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create_user(password, login_id=login_id, **fields)

    def create_superuser(self, login_id=None, password=None, **fields):
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create_user(password, login_id=login_id, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who uses the system.

    The name fields are printed on certificates exactly as stored: ``title`` is free
    text (นาย, นาง, นางสาว, or any other), ``first_name`` and ``last_name`` are Thai.
    ``phone`` holds the E.164 form (``+66812345678``, see :mod:`lms.accounts.phone`);
    ``email`` is stored lower-cased. Each is unique when present.
    """

    login_id = models.CharField(
        _("login ID"),
        max_length=32,
        unique=True,
        default=generate_login_id,
        help_text=_("Generated; a walk-in learner without email or phone signs in with it."),
    )
    email = models.EmailField(_("email address"), null=True, blank=True)
    phone = models.CharField(_("mobile number"), max_length=16, null=True, blank=True)
    phone_verified = models.BooleanField(_("mobile number verified"), default=False)

    # "Title" alone reads as the title of a page or a course in Thai: the context says
    # it is the honorific before a name (คำนำหน้าชื่อ), also in "too similar to the …".
    title = models.CharField(pgettext_lazy("honorific before a name", "title"), max_length=50, blank=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    name_en = models.CharField(_("name in English"), max_length=300, blank=True)

    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True, help_text=_("Stored as a Common Era year.")
    )
    gender = models.CharField(_("gender"), max_length=20, choices=Gender.choices, blank=True)
    target_group = models.CharField(_("target group"), max_length=30, choices=TargetGroup.choices, blank=True)
    home_center = models.ForeignKey(
        "centers.Center",
        verbose_name=_("home center"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="learners",
    )
    must_set_password = models.BooleanField(
        _("must set a password"),
        default=False,
        help_text=_("Set for accounts made by staff: the person chooses a password at first sign-in."),
    )
    created_by = models.ForeignKey(
        "self",
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can log into the admin site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    erased_at = models.DateTimeField(
        _("personal data erased at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Set when the person's data was erased at their request; the row is kept only for counts."
        ),
    )
    erased_by = models.ForeignKey(
        "self",
        verbose_name=_("erased by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The person who asked for the erasure, or the staff member who did it for them."),
    )

    objects = UserManager()

    USERNAME_FIELD = "login_id"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=models.Q(email__isnull=False),
                name="accounts_user_email_unique",
                violation_error_message=_("An account with this email address already exists."),
            ),
            models.UniqueConstraint(
                "phone",
                condition=models.Q(phone__isnull=False),
                name="accounts_user_phone_unique",
                violation_error_message=_("An account with this mobile number already exists."),
            ),
            models.CheckConstraint(condition=~models.Q(email=""), name="accounts_user_email_null_not_blank"),
            models.CheckConstraint(condition=~models.Q(phone=""), name="accounts_user_phone_null_not_blank"),
        ]
        indexes = [
            models.Index(fields=["home_center", "date_joined"], name="accounts_user_center_idx"),
        ]

    def __str__(self):
        return self.get_full_name() or self.email or self.phone or self.login_id

    def get_full_name(self) -> str:
        """The name as printed on a certificate: title, first name, last name."""
        given = f"{self.title}{self.first_name}".strip()
        return " ".join(part for part in (given, self.last_name) if part).strip()

    def get_short_name(self) -> str:
        return self.first_name or self.login_id


class ConsentRecord(models.Model):
    """That a person accepted a given version of the personal-data consent text (PDPA).

    Kept for every acceptance; a new version of the text asks again.
    """

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="consents")
    version = models.CharField(_("consent version"), max_length=20)
    accepted_at = models.DateTimeField(_("accepted at"), default=timezone.now)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        constraints = [
            models.UniqueConstraint(fields=["user", "version"], name="accounts_consent_user_version_unique")
        ]

    def __str__(self):
        return f"{self.user_id} v{self.version}"


class LoginCodePurpose(models.TextChoices):
    FIRST_LOGIN = "first_login", _("First sign-in")
    PASSWORD_RESET = "password_reset", _("Password reset by staff")


class LoginCode(models.Model):
    """A one-time sign-in code that staff print on a login slip for a learner.

    Only a hash of the code is stored. The code works once, before ``expires_at``; a
    learner who signs in with it must then choose a password.
    """

    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="login_codes"
    )
    code_hash = models.CharField(max_length=128)
    purpose = models.CharField(_("purpose"), max_length=20, choices=LoginCodePurpose.choices)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("login code")
        verbose_name_plural = _("login codes")
        indexes = [models.Index(fields=["user", "used_at"], name="accounts_logincode_user_idx")]

    def __str__(self):
        return f"{self.user_id} {self.purpose}"


class CodeAttempt(models.Model):
    """How many times one secret code was tried: a walk-in login ID's slip codes, the
    code of one SMS sent for a phone check or a login.

    The count is taken with one conditional ``UPDATE ... WHERE tries < max`` before the
    code is compared (:func:`lms.accounts.services.code_attempt_take`), so requests sent
    together cannot each read "0 tries" and all be checked. ``key`` is a SHA-256 digest
    of what is counted (no login ID or code is stored in clear); the row lapses at
    ``expires_at``, pushed back by every try.
    """

    key = models.CharField(_("key"), max_length=64, unique=True)
    tries = models.PositiveIntegerField(_("tries"), default=0)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)

    class Meta:
        verbose_name = _("code attempt")
        verbose_name_plural = _("code attempts")

    def __str__(self):
        return f"{self.key[:12]}… ×{self.tries}"
