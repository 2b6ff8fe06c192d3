"""``{{ value|thai_date }}`` and ``{{ value|thai_datetime }}``: dates as Thai people read
them, in the Buddhist Era."""

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


THAI_MONTHS_FULL = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]


@register.filter
def thai_datetime(value) -> str:
    """An aware datetime in local time, written out in full for print:
    ``2 ธันวาคม พ.ศ. 2569 เวลา 17:05 น.``."""
    if not value:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value.day} {THAI_MONTHS_FULL[value.month - 1]} พ.ศ. {value.year + 543} เวลา {value:%H:%M} น."
