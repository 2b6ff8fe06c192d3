"""Thai mobile numbers normalise to one form."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from lms.accounts.phone import format_thai_mobile, normalize_thai_mobile


@pytest.mark.parametrize(
    "raw",
    [
        "0812345678",
        "081-234-5678",
        "081 234 5678",
        "+66812345678",
        "+66 81 234 5678",
        "66812345678",
        "0066812345678",
        "๐๘๑๒๓๔๕๖๗๘",
        "(081) 234-5678",
    ],
)
def test_every_way_of_writing_a_number_is_the_same_person(raw):
    assert normalize_thai_mobile(raw) == "+66812345678"


@pytest.mark.parametrize("raw", ["", "12345", "021234567", "08123456789", "0812345abc", "+1 415 555 0100"])
def test_non_mobile_numbers_are_refused_in_thai(raw):
    with pytest.raises(ValidationError) as excinfo:
        normalize_thai_mobile(raw)
    assert excinfo.value.code == "invalid_phone"


def test_numbers_are_shown_in_national_form():
    assert format_thai_mobile("+66812345678") == "081-234-5678"


@given(st.text(max_size=30))
def test_normalising_never_crashes_and_is_stable(raw):
    try:
        normalized = normalize_thai_mobile(raw)
    except ValidationError:
        return
    assert normalize_thai_mobile(normalized) == normalized
    assert normalize_thai_mobile(format_thai_mobile(normalized)) == normalized
