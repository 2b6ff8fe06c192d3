"""The login form and the forms for the codes sent by SMS.

Kept apart from :mod:`lms.accounts.forms`: allauth's forms module imports that one (it is
``ACCOUNT_SIGNUP_FORM_CLASS``), so it cannot import allauth's forms back.
"""

from allauth.account.forms import ConfirmLoginCodeForm as BaseConfirmLoginCodeForm
from allauth.account.forms import LoginForm as BaseLoginForm
from allauth.account.forms import VerifyPhoneForm as BaseVerifyPhoneForm
from django import forms
from django.utils.translation import gettext_lazy as _

from lms.accounts.phone import ascii_digits


class ThaiDigitsCodeMixin:
    """Codes typed with Thai digits (๑๒๓…) count: a Thai keyboard types those."""

    def clean_code(self) -> str:
        self.cleaned_data["code"] = ascii_digits(self.cleaned_data.get("code") or "")
        return super().clean_code()


class ConfirmLoginCodeForm(ThaiDigitsCodeMixin, BaseConfirmLoginCodeForm):
    """The code sent to log in without a password (allauth's ``confirm_login_code``)."""


class VerifyPhoneForm(ThaiDigitsCodeMixin, BaseVerifyPhoneForm):
    """The code from the SMS, on a big numeric keypad (allauth's ``verify_phone`` form).

    allauth checks the code and counts the tries; we only make the box easy to type into
    for someone on a phone: digits keypad, the phone may paste the code from the SMS.
    """

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
