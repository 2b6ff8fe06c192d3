"""Our Thai for the Wagtail admin (locale/wagtail-th) wins over the Thai Wagtail ships,
on the server and in the admin's JavaScript catalogue."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.timesince import timesince
from django.utils.translation import gettext, ngettext

from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("msgid", "thai"),
    [
        ("Pages", "หน้าเว็บ"),  # Wagtail's own: หลายหน้า
        ("Type", "ชนิด"),  # Wagtail's own: แบบ,รูปแบบ
        ("Site", "เว็บไซต์"),  # Wagtail's own: เว็บไซด์
        ("Approve", "อนุมัติ"),  # Wagtail's own: ยืนยัน
        ("Skip to main content", "ข้ามไปยังเนื้อหาหลัก"),  # Wagtail's own: none
    ],
)
def test_our_thai_replaces_wagtails(msgid, thai):
    with translation.override("th"):
        assert gettext(msgid) == thai


def test_plural_messages_read_right_for_any_number():
    with translation.override("th"):
        assert (
            ngettext("There is one matching page", "There are %(counter)s matching pages", 3) % {"counter": 3}
            == "พบ 3 หน้าที่ตรงกัน"
        )


def test_time_ago_reads_as_thai_speaks_it():
    """Wagtail shows "5 minutes ago"; Thai says "5 นาทีที่แล้ว", not "5 minutes ที่ผ่านมา"."""
    five_minutes_ago = timezone.now() - datetime.timedelta(minutes=5)
    with translation.override("th"):
        assert gettext("%(time_period)s ago") % {"time_period": timesince(five_minutes_ago)} == "5\xa0นาทีที่แล้ว"


@pytest.mark.django_db
def test_the_admin_javascript_catalogue_carries_our_thai(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    body = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()
    # The catalogue is JavaScript with unicode escapes, as json.dumps writes them.
    assert json.dumps("แทรกบล็อก") in body  # "Insert a block": Wagtail has no Thai for it
    assert json.dumps("ต้องกรอกช่องนี้") in body  # "This field is required.": Wagtail's Thai says "this file"
