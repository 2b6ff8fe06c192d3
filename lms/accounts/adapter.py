"""How django-allauth stores and finds phone numbers, and how codes reach people.

SMS: no provider is wired in. :class:`AccountAdapter` hands every text message to the
backend named by ``settings.SMS_BACKEND`` (see :mod:`lms.accounts.sms`); the default
writes it to the console, which is what development and tests use. docs/sms.md says
how to plug a provider in. Every message is counted against the SMS budget first
(:func:`lms.accounts.ratelimits.sms_budget_consume`), and numbers without an account get
no message at all: the page they see says the same as for a known number.

Limits: allauth asks :meth:`AccountAdapter.get_client_ip` for the address it counts by;
that is :func:`lms.accounts.client_ip.client_ip`, the one every limit of the site uses.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lms.accounts.client_ip import client_ip
from lms.accounts.phone import normalize_thai_mobile


class AccountAdapter(DefaultAccountAdapter):
    """allauth's adapter, taught our ``User.phone`` field and Thai mobile numbers."""

    #: Plain Thai for the messages an elderly learner meets while typing an SMS code.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "incorrect_code": _("That code is not right. Look at the latest SMS and type its 6 digits again."),
        "too_many_login_attempts": _(
            "Too many wrong tries. Please wait a few minutes and try again, "
            "or ask the staff at your center for help."
        ),
        "rate_limited": _("Please wait a moment before asking for another code."),
    }

    def clean_phone(self, phone: str) -> str:
        try:
            return normalize_thai_mobile(phone)
        except ValidationError as exc:
            raise ValidationError(exc.messages[0], code="invalid_phone") from exc

    def set_phone(self, user, phone: str, verified: bool) -> None:
        user.phone = phone
        user.phone_verified = verified
        user.save(update_fields=["phone", "phone_verified"])

    def get_phone(self, user):
        if not user.phone:
            return None
        return user.phone, user.phone_verified

    def set_phone_verified(self, user, phone: str) -> None:
        self.set_phone(user, phone, True)

    def get_user_by_phone(self, phone: str):
        from django.contrib.auth import get_user_model

        try:
            normalized = normalize_thai_mobile(phone)
        except ValidationError:
            return None
        return get_user_model().objects.filter(phone=normalized).order_by("pk").first()

    # --- Limits --------------------------------------------------------------------

    def get_client_ip(self, request) -> str:
        """The address every limit counts by: :func:`lms.accounts.client_ip.client_ip`."""
        return client_ip(request)

    def pre_authenticate(self, request, **credentials) -> None:
        """Refuse to check a password when this address sent too many wrong ones
        (our per-IP ``login_failed``), then allauth's per-account count."""
        from lms.accounts.ratelimits import limit_reached

        if limit_reached(request, action="login_failed"):
            raise self.validation_error("too_many_login_attempts")
        super().pre_authenticate(request, **credentials)

    def authentication_failed(self, request, **credentials) -> None:
        """Count a wrong password against the address (per-IP ``login_failed``)."""
        from lms.accounts.ratelimits import limit_consume

        limit_consume(request, action="login_failed")
        super().authentication_failed(request, **credentials)

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        """One key per account for allauth's ``login_failed`` limit, however it is typed.

        allauth keys the limit by the text typed into "login"; a phone login brings no
        ``email`` or ``username`` of its own and ``081-234-5678``, ``0812345678`` and
        ``+66812345678`` would each get fresh tries. The normal form of the phone number,
        email address or login ID names the account instead.
        """
        typed = credentials.get("phone") or credentials.get("email") or credentials.get("username") or ""
        typed = "".join(str(typed).split())
        try:
            login = normalize_thai_mobile(typed)
        except ValidationError:
            login = typed.lower() if "@" in typed else typed.upper()
        return f"login:{login}"

    # --- Text messages ---------------------------------------------------------------

    def _send_budgeted_sms(self, phone: str, message: str) -> None:
        """Send one SMS within the budget; raises allauth's ``RateLimited`` when spent."""
        from allauth.core import context

        from lms.accounts.ratelimits import sms_budget_consume
        from lms.accounts.sms import send_sms

        if context.request is not None:
            sms_budget_consume(context.request, phone=phone)
        send_sms(phone, message)

    def send_verification_code_sms(self, user, phone: str, code: str, **kwargs) -> None:
        self._send_budgeted_sms(phone, f"รหัสยืนยันของคุณคือ {code}")

    def send_unknown_account_sms(self, phone: str, **kwargs) -> None:
        """No message to a number without an account: anybody can type any number, and
        each message costs money. The page says the same as for a known number."""

    def send_account_already_exists_sms(self, phone: str) -> None:
        self._send_budgeted_sms(phone, "เบอร์นี้มีบัญชีอยู่แล้ว เข้าสู่ระบบหรือขอตั้งรหัสผ่านใหม่ได้")

    # --- Sign-up -----------------------------------------------------------------

    def phone_form_field(self, **kwargs):
        """A mobile number field that takes Thai numbers as people write them.

        allauth's field insists on the ``+country`` form before our normaliser sees
        the value; ours lets ``081-234-5678`` through to :meth:`clean_phone`.
        """
        from allauth.account.fields import PhoneField
        from django import forms
        from django.utils.translation import gettext_lazy as _

        kwargs["label"] = _("Mobile number")
        kwargs["validators"] = []
        kwargs.setdefault(
            "widget",
            forms.TextInput(attrs={"autocomplete": "tel", "type": "tel", "inputmode": "tel"}),
        )
        return PhoneField(**kwargs)

    def save_user(self, request, user, form, commit=True):
        """Save a new user from the sign-up form: no empty strings where the model wants
        NULL (email and phone are unique when present), and the generated login ID kept."""
        data = form.cleaned_data
        user.email = (data.get("email") or "").lower() or None
        user.phone = data.get("phone") or None
        user.phone_verified = False
        password = data.get("password1") or data.get("password")
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        if commit:
            user.save()
        return user

    def populate_username(self, request, user) -> None:
        """Nobody invents a username: the login ID is generated by the model."""
        if not user.login_id:
            from lms.accounts.models import generate_login_id

            user.login_id = generate_login_id()

    def get_login_redirect_url(self, request):
        """Staff-made accounts choose their own password first (``must_set_password``)."""
        from django.urls import reverse

        if getattr(request.user, "must_set_password", False):
            return reverse("accounts:set_password")
        return super().get_login_redirect_url(request)

    def login(self, request, user) -> None:
        """Log in; after a one-time code (SMS or email: "forgot password"), allow the one
        password step that needs no old password (:mod:`lms.accounts.password_step`)."""
        super().login(request, user)
        from lms.accounts import password_step

        if password_step.logged_in_by_code(request, user):
            password_step.allow(request, user, reason=password_step.SMS_CODE)


class MFAAdapter(DefaultMFAAdapter):
    """allauth.mfa's adapter: people who must use two-factor authentication
    (:func:`lms.centers.selectors.requires_two_factor`) cannot switch it off."""

    def can_delete_authenticator(self, authenticator) -> bool:
        from lms.centers.selectors import requires_two_factor

        if requires_two_factor(authenticator.user):
            return False
        return super().can_delete_authenticator(authenticator)
