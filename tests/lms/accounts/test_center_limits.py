"""A whole class behind one router: 40 sign-ups and 40 logins from one IP, no errors.

Live server, real threads, the production caches (file cache and Redis), the limits of
``lms/settings/base.py``. Every request comes from 127.0.0.1, as a center's learners all
come from the center's one public address.
"""

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from lms.accounts import sms
from lms.accounts.models import User
from lms.accounts.signup import STEPS
from tests.factories import CenterFactory, province
from tests.lms.accounts.live import Browser, production_cache  # noqa: F401
from tests.lms.accounts.test_signup import PASSWORD, signup_data

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

CLASS_SIZE = 40
# Thai letters make each learner's first name different (names must be Thai).
THAI_LETTERS = "กขคฆงจฉชซญฎฏฐฑฒณดตถทธนบปผฝพฟภมยรลวศษสหฬอฮ"
# Everyone in the room works at once, as far as this 2-core machine allows.
AT_ONCE = 10


def learner_identifier(index: int) -> dict:
    """Half the class signs up with a mobile number, half with an email address."""
    if index % 2:
        return {"phone": f"08{index:08d}", "email": ""}
    return {"phone": "", "email": f"learner{index}@example.com"}


def login_of(index: int) -> str:
    ident = learner_identifier(index)
    return ident["phone"] or ident["email"]


def sms_code_for(phone_e164: str) -> str:
    for phone, message in reversed(sms.outbox):
        if phone == phone_e164:
            return re.search(r"รหัสยืนยันของคุณคือ (\d{6})\b", message).group(1)
    raise AssertionError(f"no SMS to {phone_e164}")


def sign_up(base_url: str, center, index: int) -> list[int]:
    """One learner's sign-up, step by step as the pages ask for it; returns every status
    seen: the first page, each of the four steps, and for a phone the SMS code."""
    browser = Browser(base_url)
    statuses = [browser.get("/accounts/signup/").status_code]
    data = signup_data(center, first_name="สมศรี" + THAI_LETTERS[index], **learner_identifier(index))
    for step in STEPS:
        fields = {name: value for name, value in data.items() if name in step.fields}
        response = browser.post("/accounts/signup/", {"step": step.number, **fields})
        statuses.append(response.status_code)
        if response.status_code != 302:
            return statuses
    if data["phone"]:
        assert response.headers.get("Location") == "/accounts/phone/verify/", (
            response.status_code,
            response.text[:500],
        )
        code = sms_code_for("+66" + data["phone"][1:])
        verified = browser.post("/accounts/phone/verify/", {"action": "verify", "code": code})
        statuses.append(verified.status_code)
    return statuses


def log_in(base_url: str, login: str, password: str = PASSWORD):
    browser = Browser(base_url)
    browser.get("/accounts/login/")
    return browser.post("/accounts/login/", {"login": login, "password": password})


def test_a_class_of_40_signs_up_and_logs_in_from_one_ip_within_a_minute(live_server, production_cache):  # noqa: F811
    center = CenterFactory(province=province("50"))
    sms.outbox.clear()

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        signups = list(pool.map(lambda i: sign_up(live_server.url, center, i), range(CLASS_SIZE)))
    signup_seconds = time.monotonic() - started

    # The page, four steps (each answered with a redirect), and for a phone the SMS code.
    for index, statuses in enumerate(signups):
        expected = [200, 302, 302, 302, 302, 302] if index % 2 else [200, 302, 302, 302, 302]
        assert statuses == expected, (index, statuses)
    assert User.objects.count() == CLASS_SIZE
    assert User.objects.filter(phone__isnull=False, phone_verified=True).count() == CLASS_SIZE // 2
    assert len(sms.outbox) == CLASS_SIZE // 2
    assert signup_seconds < 60, f"the sign-ups took {signup_seconds:.0f} s, not one minute"

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        logins = list(pool.map(lambda i: log_in(live_server.url, login_of(i)), range(CLASS_SIZE)))
    login_seconds = time.monotonic() - started

    assert [r.status_code for r in logins] == [302] * CLASS_SIZE
    assert all(r.headers["Location"] != "/accounts/login/" for r in logins)
    assert login_seconds < 60, f"the logins took {login_seconds:.0f} s, not one minute"


def test_ten_typos_by_one_learner_lock_only_that_learner(live_server, production_cache):  # noqa: F811
    center = CenterFactory(province=province("50"))
    for index in range(CLASS_SIZE):
        ident = learner_identifier(index)
        User.objects.create_user(
            email=ident["email"] or None,
            phone=("+66" + ident["phone"][1:]) if ident["phone"] else None,
            phone_verified=True,
            password=PASSWORD,
            first_name="สมศรี",
            last_name="ใจดี",
            home_center=center,
        )
    clumsy = login_of(1)  # types the number as 08-0000-0001 and 0800000001: one account
    typed_forms = [clumsy, f"{clumsy[:2]}-{clumsy[2:6]}-{clumsy[6:]}"]

    def typos():
        # One person types one wrong password after another, while the class logs in.
        return [log_in(live_server.url, typed_forms[n % 2], "ผิด-" + str(n)) for n in range(10)]

    def learner(index):
        return lambda: log_in(live_server.url, login_of(index))

    jobs = [typos] + [learner(i) for i in range(2, CLASS_SIZE)]
    with ThreadPoolExecutor(max_workers=AT_ONCE) as pool:
        responses = list(pool.map(lambda job: job(), jobs))

    typo_responses, others = responses[0], responses[1:]
    assert [r.status_code for r in others] == [302] * (CLASS_SIZE - 2)
    assert [r.status_code for r in typo_responses] == [200] * 10  # the form again, never 429 or 500
    # Five wrong passwords are checked; then the account waits (allauth's 5 per 5 minutes).
    assert ["กรอกรหัสผิดหลายครั้งเกินไป" in r.text for r in typo_responses] == [False] * 5 + [True] * 5
    # Now the clumsy learner waits, even with the right password; nobody else does.
    locked = log_in(live_server.url, clumsy)
    assert locked.status_code == 200
    assert "กรอกรหัสผิดหลายครั้งเกินไป" in locked.text
    assert log_in(live_server.url, login_of(0)).status_code == 302
