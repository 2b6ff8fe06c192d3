"""Codes guessed in parallel: tries are counted in one atomic step before any compare.

A burst of wrong codes sent at once (real threads, live server, SQLite file or
PostgreSQL) gets exactly the configured number of compares; the rest are refused as
locked, and the right code sent next is refused too. Run this file with and without
``DATABASE_URL`` to cover both databases.
"""

import re

import pytest
from allauth.account import app_settings as allauth_settings

from lms.accounts import sms
from lms.accounts.app_settings import app_settings
from lms.accounts.models import CodeAttempt
from lms.accounts.services import walk_in_learner_create
from tests.factories import MembershipFactory, UserFactory
from tests.lms.accounts.live import Browser, run_together

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BURST = 20
PASSWORD = "ช้างเผือก-2567-xyz"
WALK_IN_WRONG = "รหัสเข้าสู่ระบบหรือรหัสใช้ครั้งเดียวไม่ถูกต้อง"
SMS_WRONG = "รหัสไม่ถูกต้อง กรุณาดู SMS ล่าสุด"
LOCKED = "กรอกรหัสผิดหลายครั้งเกินไป"


def wrong_codes(right: str, count: int) -> list[str]:
    """``count`` codes of the same length as ``right``, none of them right."""
    codes = [str(n).zfill(len(right))[-len(right) :] for n in range(1, count + 2)]
    return [code for code in codes if code != right][:count]


def sms_code(phone_e164: str) -> str:
    [message] = [m for p, m in sms.outbox if p == phone_e164]
    return re.search(r"รหัสยืนยันของคุณคือ (\d+)", message).group(1)


@pytest.fixture(autouse=True)
def empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


def test_parallel_wrong_walk_in_codes_lock_after_the_configured_tries(live_server):
    staff = MembershipFactory()
    learner, right = walk_in_learner_create(
        created_by=staff.user, center=staff.center, title="นาง", first_name="ทองใบ", last_name="ใจสู้"
    )
    max_tries = app_settings.LOGIN_CODE_MAX_FAILURES

    def attempt(code):
        browser = Browser(live_server.url)
        browser.get("/accounts/code/")
        return lambda: browser.post("/accounts/code/", {"login_id": learner.login_id, "code": code})

    responses = run_together([attempt(code) for code in wrong_codes(right, BURST)])

    assert [r.status_code for r in responses] == [200] * BURST
    assert sum(WALK_IN_WRONG in r.text for r in responses) == max_tries
    assert sum(LOCKED in r.text for r in responses) == BURST - max_tries
    assert CodeAttempt.objects.get().tries == max_tries
    # The right code, straight after the burst: refused, the account stays closed.
    late = attempt(right)()
    assert late.status_code == 200
    assert LOCKED in late.text
    assert "_auth_user_id" not in late.text
    learner.refresh_from_db()
    assert learner.login_codes.filter(used_at__isnull=False).count() == 0


def test_one_learners_wrong_walk_in_codes_leave_another_learner_free(live_server):
    staff = MembershipFactory()
    unlucky, right = walk_in_learner_create(
        created_by=staff.user, center=staff.center, title="นาง", first_name="ทองใบ", last_name="ใจสู้"
    )
    other, other_code = walk_in_learner_create(
        created_by=staff.user, center=staff.center, title="นาย", first_name="มานะ", last_name="อดทน"
    )
    browser = Browser(live_server.url)
    for code in wrong_codes(right, app_settings.LOGIN_CODE_MAX_FAILURES + 1):
        browser.post("/accounts/code/", {"login_id": unlucky.login_id, "code": code})

    response = Browser(live_server.url).post(
        "/accounts/code/", {"login_id": other.login_id, "code": other_code}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/set-password/"


def assert_sms_code_burst_locks(browser: Browser, path: str, extra: dict, max_tries: int) -> None:
    """Send BURST wrong codes for the code in ``browser``'s session at once: exactly
    ``max_tries`` are compared, and the right code sent after them does not log in."""
    right = sms_code("+66812345678")

    def attempt(code):
        same_browser = browser.clone()
        return lambda: same_browser.post(path, {**extra, "code": code})

    responses = run_together([attempt(code) for code in wrong_codes(right, BURST)])

    assert all(r.status_code in (200, 302) for r in responses), [r.status_code for r in responses]
    assert sum(SMS_WRONG in r.text for r in responses) == max_tries
    assert CodeAttempt.objects.get().tries == max_tries
    late = attempt(right)()
    assert late.status_code in (200, 302)
    assert late.headers.get("Location") != "/"


def test_parallel_wrong_sms_codes_lock_the_phone_check_after_the_configured_tries(live_server):
    user = UserFactory(phone="+66812345678", email=None, password=PASSWORD)
    browser = Browser(live_server.url)
    response = browser.post("/accounts/login/", {"login": "0812345678", "password": PASSWORD})
    assert response.headers["Location"] == "/accounts/phone/verify/"

    assert_sms_code_burst_locks(
        browser,
        "/accounts/phone/verify/",
        {"action": "verify"},
        max_tries=allauth_settings.PHONE_VERIFICATION_MAX_ATTEMPTS,
    )

    user.refresh_from_db()
    assert user.phone_verified is False
    assert user.last_login is None


def test_parallel_wrong_login_codes_lock_after_the_configured_tries(live_server):
    user = UserFactory(phone="+66812345678", phone_verified=True, email=None, password=PASSWORD)
    browser = Browser(live_server.url)
    response = browser.post("/accounts/login/code/", {"phone": "081-234-5678"})
    assert response.headers["Location"] == "/accounts/login/code/confirm/"

    assert_sms_code_burst_locks(
        browser, "/accounts/login/code/confirm/", {}, max_tries=allauth_settings.LOGIN_BY_CODE_MAX_ATTEMPTS
    )

    user.refresh_from_db()
    assert user.last_login is None
