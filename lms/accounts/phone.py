"""Thai mobile numbers: one canonical form, so ``081-234-5678`` and ``+66 81 234 5678``
are the same person.

Canonical form is E.164 (``+66812345678``); people read the national form
(``081-234-5678``).
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s\-().]")
# Thai mobile numbers: 10 digits starting 06, 08 or 09 (national form).
_NATIONAL_MOBILE = re.compile(r"^0[689]\d{8}$")
_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def ascii_digits(text: str) -> str:
    """``text`` with Thai digits (๐–๙) written as 0–9: Thai keyboards type them."""
    return str(text).translate(_THAI_DIGITS)


def normalize_thai_mobile(raw: str) -> str:
    """Return the E.164 form of a Thai mobile number, or raise ``ValidationError``.

    Accepts national (``0812345678``, ``081-234-5678``), international (``+66 81 234
    5678``, ``66812345678``, ``0066...``) and Thai digits.
    """
    if raw is None:
        raise ValidationError(_("Enter a mobile number."), code="required")
    number = _SEPARATORS.sub("", ascii_digits(raw))
    if number.startswith("+66"):
        number = "0" + number[3:]
    elif number.startswith("0066"):
        number = "0" + number[4:]
    elif number.startswith("66") and len(number) == 11:
        number = "0" + number[2:]
    if not _NATIONAL_MOBILE.match(number):
        raise ValidationError(
            _("Enter a Thai mobile number of 10 digits, for example 081-234-5678."),
            code="invalid_phone",
        )
    return "+66" + number[1:]


def format_thai_mobile(e164: str) -> str:
    """Return ``+66812345678`` as ``081-234-5678`` for people to read."""
    if not e164 or not e164.startswith("+66"):
        return e164 or ""
    national = "0" + e164[3:]
    return f"{national[:3]}-{national[3:6]}-{national[6:]}"
