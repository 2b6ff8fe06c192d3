"""The User model: no username to invent, email and phone unique when present."""

import pytest
from django.db import IntegrityError, transaction

from lms.accounts.models import User

pytestmark = pytest.mark.django_db


def test_every_account_gets_a_readable_login_id():
    user = User.objects.create_user(password="x-long-password")
    assert len(user.login_id) == 8
    assert not set(user.login_id) & set("01OIL")


def test_a_walk_in_learner_needs_neither_email_nor_phone():
    user = User.objects.create_user(title="นาย", first_name="สมศักดิ์", last_name="ดีมาก")
    assert user.email is None and user.phone is None
    assert user.get_full_name() == "นายสมศักดิ์ ดีมาก"


def test_email_is_unique_ignoring_case():
    User.objects.create_user(email="Somchai@Example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="somchai@example.com")


def test_phone_is_unique_when_present_and_many_may_have_none():
    User.objects.create_user(phone="+66812345678")
    User.objects.create_user()
    User.objects.create_user()
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(phone="+66812345678")
