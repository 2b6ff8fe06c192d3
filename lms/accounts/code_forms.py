"""The login form and the forms for the codes sent by SMS.

Kept apart from :mod:`lms.accounts.forms`: allauth's forms module imports that one (it is
``ACCOUNT_SIGNUP_FORM_CLASS``), so it cannot import allauth's forms back.
"""

from allauth.account import app_settings as allauth_account_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import ConfirmLoginCodeForm as BaseConfirmLoginCodeForm
from allauth.account.forms import LoginForm as BaseLoginForm
from allauth.account.forms import VerifyPhoneForm as BaseVerifyPhoneForm
from allauth.core import context
from django import forms
from django.utils.translation import gettext_lazy as _

from lms.accounts.phone import ascii_digits
from lms.accounts.services import code_attempt_take


class ThaiDigitsCodeMixin:
    """Codes typed with Thai digits (๑๒๓…) count: a Thai keyboard types those.

    Tries are also counted here, in the database, before allauth compares the code:
    allauth counts them in the session, which requests sent together each read as
    "no tries yet". The count belongs to one code in one browser session, so one
    learner's typos never touch another's code; past ``max_attempts()`` even the
    right code is refused.
    """

    attempt_purpose = ""

    def max_attempts(self) -> int:
        raise NotImplementedError

    def attempt_seconds(self) -> int:
        raise NotImplementedError

    def _take_attempt(self) -> bool:
        request = context.request
        session_key = (request.session.session_key if request is not None else None) or ""
        return code_attempt_take(
            key=f"{self.attempt_purpose}:{session_key}:{self.expected_code}",
            max_tries=self.max_attempts(),
            lock_seconds=self.attempt_seconds(),
        )

    def clean_code(self) -> str:
        self.cleaned_data["code"] = ascii_digits(self.cleaned_data.get("code") or "")
        if not self._take_attempt():
            raise get_adapter().validation_error("too_many_login_attempts")
        return super().clean_code()


class ConfirmLoginCodeForm(ThaiDigitsCodeMixin, BaseConfirmLoginCodeForm):
    """The code sent to log in without a password (allauth's ``confirm_login_code``)."""

    attempt_purpose = "login-code"

    def max_attempts(self) -> int:
        return allauth_account_settings.LOGIN_BY_CODE_MAX_ATTEMPTS

    def attempt_seconds(self) -> int:
        return allauth_account_settings.LOGIN_BY_CODE_TIMEOUT


class VerifyPhoneForm(ThaiDigitsCodeMixin, BaseVerifyPhoneForm):
    """The code from the SMS, on a big numeric keypad (allauth's ``verify_phone`` form).

    allauth checks the code; the mixin counts the tries. The box is easy to type into
    for someone on a phone: digits keypad, the phone may paste the code from the SMS.
    """

    attempt_purpose = "verify-phone"

    def max_attempts(self) -> int:
        return allauth_account_settings.PHONE_VERIFICATION_MAX_ATTEMPTS

    def attempt_seconds(self) -> int:
        return allauth_account_settings.PHONE_VERIFICATION_TIMEOUT

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["code"]
        field.label = _("Code from the SMS (6 digits)")
        field.error_messages["required"] = _("Please type the 6-digit code from the SMS.")
        field.widget.attrs = {
            "inputmode": "numeric",
            "autocomplete": "one-time-code",
            "pattern": "[0-9๐-๙]*",
            "maxlength": "6",
            "class": "code-input",
            "autofocus": True,
        }


class LoginForm(BaseLoginForm):
    """allauth's login form, with the login field described as what it is.

    People log in with a mobile number, an email address or the login ID from their
    center: the field is plain text (never ``type=email``), offers the saved user name
    (``autocomplete=username``, not ``email``), and phones neither capitalise nor
    "correct" what is typed. allauth's ``ACCOUNT_FORMS["login"]``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["login"]
        field.label = _("Mobile number, email or login ID")
        field.widget = forms.TextInput(
            attrs={
                "type": "text",
                "inputmode": "email",
                "autocomplete": "username",
                "autocapitalize": "none",
                "autocorrect": "off",
                "spellcheck": "false",
                "placeholder": _("e.g. 0812345678"),
            }
        )
