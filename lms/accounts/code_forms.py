"""The form for the code sent by SMS when a learner confirms a mobile number.

Kept apart from :mod:`lms.accounts.forms`: allauth's forms module imports that one (it is
``ACCOUNT_SIGNUP_FORM_CLASS``), so it cannot import allauth's forms back.
"""

from allauth.account.forms import ConfirmLoginCodeForm as BaseConfirmLoginCodeForm
from allauth.account.forms import VerifyPhoneForm as BaseVerifyPhoneForm
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
