"""No center ever sees another center's learners: walk every staff and download URL.

The URLs come from the URLconf itself, so a new staff page or download is checked
the day it is added. Each is requested, with its URL arguments filled by objects of
center B, as three people who must not see them: a learner, the staff of center A
and the provincial admin of A's province (B is in another province). Every answer
must be 403 or 404. Pages without arguments (lists, indexes) must not show B's data.

A new kind of URL argument makes this test fail until ``_object_for`` learns it.
"""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from courses.models import Enrollment
from courses.services.sessions import session_enroll, training_session_create
from lms.accounts.models import LoginCodePurpose
from lms.accounts.services import login_code_issue
from lms.centers.constants import Role
from lms.reports.course_builder import course_build
from tests.factories import CenterFactory, MembershipFactory, UserFactory, province

pytestmark = pytest.mark.django_db

STAFF_PREFIXES = ("staff/", "admin/reports/")
DOWNLOAD_WORDS = ("download", "export", "pdf", "csv", "xlsx", "batch", "credential")
# A person's own data (docs/privacy.md) is theirs to download, learners included: it takes
# no argument, so it is checked like a list page (nothing of center B may show in it).
OWN_DATA_URLS = {"accounts:my_data_download"}


def _walk(resolver, prefix="", namespace=""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}{entry.namespace}:"
            yield from _walk(entry, route, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield route, f"{namespace}{entry.name}", list(entry.pattern.converters)


def guarded_urls():
    """Every named URL that is a staff page or a download."""
    found = []
    for route, name, kwargs in _walk(get_resolver()):
        route_text = route.lstrip("^")
        if name.startswith("wagtail"):
            continue  # Wagtail's own admin (page reports, ...) holds no center data
        if route_text.startswith(STAFF_PREFIXES) or any(
            word in (route_text + name) for word in DOWNLOAD_WORDS
        ):
            found.append((name, kwargs))
    return sorted({(name, tuple(kwargs)) for name, kwargs in found})


@pytest.fixture
def world():
    """Center A (Chiang Mai) and center B (Khon Kaen), each with staff and a learner."""
    center_a, center_b = CenterFactory(province=province("50")), CenterFactory(province=province("40"))
    staff_a = MembershipFactory(center=center_a).user
    staff_b = MembershipFactory(center=center_b).user
    provincial_a = MembershipFactory(role=Role.PROVINCIAL_ADMIN, center=None, province=province("50")).user
    learner_a = UserFactory(home_center=center_a, first_name="ผู้เรียนเอ")
    learner_b = UserFactory(home_center=center_b, first_name="ความลับศูนย์บี", last_name="ห้ามเห็น")
    login_code_issue(user=learner_b, created_by=staff_b, purpose=LoginCodePurpose.FIRST_LOGIN)
    course, _lessons = course_build(title="หลักสูตรทดสอบ", modules=[["บทเรียน"]])
    session_b = training_session_create(
        course=course, center=center_b, dates=[datetime.date(2026, 11, 2)], title="รุ่นลับศูนย์บี"
    )
    session_enroll(session=session_b, user=learner_b)
    enrollment_b = Enrollment.objects.get(user=learner_b)
    Enrollment.objects.filter(pk=enrollment_b.pk).update(completed_at=timezone.now())
    enrollment_b.refresh_from_db()
    objects = {
        "center": center_b,
        "province": center_b.province,
        "learner": learner_b,
        "session": session_b,
        "session_date": session_b.dates.get(),
        "enrollment": enrollment_b,
    }
    # The certificates app is a floor above centers: use it only if it is there.
    try:
        certificate_services = importlib.import_module("certificates.services")
    except ImportError:
        certificate_services = None
    if certificate_services and hasattr(certificate_services, "certificate_issue"):
        objects["certificate"] = certificate_services.certificate_issue(enrollment=enrollment_b)
        if hasattr(certificate_services, "certificate_batch_create"):
            objects["batch"] = certificate_services.certificate_batch_create(
                certificates=type(objects["certificate"]).objects.filter(pk=objects["certificate"].pk),
                created_by=staff_b,
            )
    return {
        "objects": objects,
        "secrets": ["ความลับศูนย์บี", "รุ่นลับศูนย์บี", center_b.name, learner_b.login_id],
        "people": {
            "learner": learner_a,
            "staff of another center": staff_a,
            "admin of another province": provincial_a,
        },
    }


def _object_for(kwarg: str, url_name: str, objects: dict):
    if kwarg == "pk":
        key = "batch" if "batch" in url_name else "certificate"
    else:
        key = {
            "center_id": "center",
            "province_id": "province",
            "learner_id": "learner",
            "user_id": "learner",
            "session_id": "session",
            "date_id": "session_date",
            "enrollment_id": "enrollment",
            "certificate_id": "certificate",
            "batch_id": "batch",
        }.get(kwarg)
    assert key in objects, f"{url_name}: teach tests/test_isolation.py which object fills <{kwarg}>"
    return objects[key].pk


def test_the_walk_finds_the_staff_pages_and_downloads():
    names = {name for name, _kwargs in guarded_urls()}
    assert {"centers:learner_detail", "sessions:attendance_take", "reports:center_xlsx"} <= names
    if apps.is_installed("certificates") and "certificates:batch_download" in {n for n, _ in guarded_urls()}:
        assert "certificates:download" in names


@pytest.mark.parametrize("who", ["learner", "staff of another center", "admin of another province"])
def test_no_staff_page_or_download_reaches_another_center(client, world, who):
    client.force_login(world["people"][who])
    leaks = []
    for name, kwarg_names in guarded_urls():
        kwargs = {kwarg: _object_for(kwarg, name, world["objects"]) for kwarg in kwarg_names}
        url = reverse(name, kwargs=kwargs)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if kwargs or (who == "learner" and name not in OWN_DATA_URLS):
                if response.status_code not in (403, 404, 405):
                    leaks.append(f"{method.upper()} {url} → {response.status_code}")
            else:
                if response.status_code in (301, 302):
                    response = client.get(response.url)
                body = response.content.decode(errors="ignore")
                leaked = [secret for secret in world["secrets"] if secret in body]
                if leaked:
                    leaks.append(f"{method.upper()} {url} shows {leaked}")
    assert not leaks, f"{who} reached center B:\n" + "\n".join(leaks)
