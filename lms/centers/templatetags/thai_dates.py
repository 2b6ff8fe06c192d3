"""``{{ value|thai_date }}``: a date as Thai people read it, in the Buddhist Era."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()

THAI_MONTHS = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]


@register.filter
def thai_date(value) -> str:
    """``2026-11-27`` → ``27 พ.ย. 2569``; datetimes are shown in local time."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {THAI_MONTHS[value.month - 1]} {value.year + 543}"
