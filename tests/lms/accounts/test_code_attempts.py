"""The atomic count of code tries, one request at a time (the races: test_code_races)."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from lms.accounts.models import CodeAttempt
from lms.accounts.services import code_attempt_clear, code_attempt_take

pytestmark = pytest.mark.django_db


def take(key="walk-in:ABCDEFGH"):
    return code_attempt_take(key=key, max_tries=3, lock_seconds=60)


def test_the_tries_run_out_at_the_maximum_and_are_not_counted_after():
    assert [take() for _ in range(5)] == [True, True, True, False, False]
    assert CodeAttempt.objects.get().tries == 3


def test_each_key_has_its_own_tries():
    for _ in range(3):
        take("walk-in:AAAAAAAA")
    assert take("walk-in:BBBBBBBB") is True


def test_the_key_is_not_stored_in_clear():
    take("walk-in:ABCDEFGH")
    assert "ABCDEFGH" not in CodeAttempt.objects.get().key


def test_a_lapsed_count_starts_again():
    for _ in range(3):
        take()
    CodeAttempt.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert take() is True
    assert CodeAttempt.objects.get().tries == 1


def test_clearing_gives_the_tries_back():
    for _ in range(3):
        take()
    code_attempt_clear(key="walk-in:ABCDEFGH")
    assert take() is True


def test_the_daily_command_deletes_only_lapsed_counts():
    take("walk-in:AAAAAAAA")
    take("walk-in:BBBBBBBB")
    CodeAttempt.objects.filter(pk=CodeAttempt.objects.order_by("pk").first().pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    out = StringIO()
    call_command("clear_code_attempts", stdout=out)
    assert CodeAttempt.objects.count() == 1
    assert "Deleted 1" in out.getvalue()
