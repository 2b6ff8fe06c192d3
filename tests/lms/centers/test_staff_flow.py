"""Staff pages that flow (issue 14): /staff/ leads to everything staff do, a learner's
page shows courses, progress, quiz results and certificates in a fixed number of
queries, and a whole class is registered for a session at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from certificates import services as certificate_services
from certificates.models import CertificateTemplate
from courses import services
from courses.models import Enrollment, SessionEnrollment
from courses.services.sessions import training_session_create
from tests.factories import CenterFactory, MembershipFactory, UserFactory
from tests.factories.certificates import CertificateTemplateFactory
from tests.factories.learning import learning_course

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    return membership


def test_staff_home_links_to_everything_staff_do(client, staff):
    html = client.get(reverse("centers:staff_home")).content.decode()
    for href in [
        reverse("sessions:session_list"),
        reverse("certificates:staff_list"),
        reverse("certificates:staff_list") + "#print",
        "/admin/reports/",
        reverse("centers:learner_list", args=[staff.center.pk]),
        reverse("centers:learner_create", args=[staff.center.pk]),
    ]:
        assert f'href="{href}"' in html, href
    assert "พิมพ์เกียรติบัตรทั้งรุ่น" in html and "รายงาน" in html


def _learner_with_courses(center, courses: int):
    learner = UserFactory(home_center=center)
    if not CertificateTemplate.objects.filter(is_default=True).exists():
        CertificateTemplateFactory()
    for n in range(courses):
        built = learning_course(title=f"หลักสูตรที่ {n + 1}", modules=1, lessons_per_module=2, quiz_lessons=(1,))
        services.enrollment_create(user=learner, course=built.course)
        services.lesson_complete(user=learner, lesson=built.lessons[0])
        quiz = built.lessons[1]
        right = {str(block.id): [1] for block in quiz.quiz_questions}
        services.quiz_attempt_submit(user=learner, lesson=quiz, answers=right, submission_key=f"k{n}")
        enrollment = Enrollment.objects.get(user=learner, course=built.course)
        certificate_services.certificate_issue(enrollment=enrollment)
    return learner


def _learner_page_queries(client, learner) -> tuple[int, str]:
    url = reverse("centers:learner_detail", args=[learner.pk])
    client.get(url)  # warm Wagtail's site cache, as on a running server
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_learner_page_shows_courses_progress_quizzes_and_certificates(client, staff):
    learner = _learner_with_courses(staff.center, 1)
    _count, html = _learner_page_queries(client, learner)
    assert "หลักสูตรที่ 1" in html
    assert 'aria-valuenow="100"' in html
    assert "ผลแบบทดสอบ" in html and "100%" in html and "(ผ่าน)" in html
    certificate = learner.certificates.get()
    assert reverse("certificates:staff_detail", args=[certificate.pk]) in html
    assert certificate.serial in html


def test_learner_page_queries_do_not_grow_with_courses(client, staff):
    one, _html = _learner_page_queries(client, _learner_with_courses(staff.center, 1))
    four, html = _learner_page_queries(client, _learner_with_courses(staff.center, 4))
    assert html.count('class="progress-track"') == 4
    assert four == one


def test_another_centers_learner_page_is_not_found(client, staff):
    stranger = UserFactory(home_center=CenterFactory())
    assert client.get(reverse("centers:learner_detail", args=[stranger.pk])).status_code == 404


@pytest.fixture
def session(staff):
    built = learning_course(modules=1, lessons_per_module=1)
    return training_session_create(
        course=built.course,
        center=staff.center,
        dates=[datetime.date(2026, 12, 1)],
        capacity=3,
        title="รุ่นที่ 1",
    )


def test_a_whole_class_is_searched_ticked_and_registered_at_once(client, staff, session):
    somchai = UserFactory(home_center=staff.center, first_name="สมชาย")
    somsri = UserFactory(home_center=staff.center, first_name="สมศรี")
    other = UserFactory(home_center=staff.center, first_name="มานะ")
    stranger = UserFactory(home_center=CenterFactory(), first_name="สมปอง")
    url = reverse("sessions:session_register_class", args=[session.pk])

    found = client.get(url, {"q": "สม"}).content.decode()
    assert "สมชาย" in found and "สมศรี" in found
    assert "มานะ" not in found and "สมปอง" not in found

    response = client.post(url, {"learner": [somchai.pk, somsri.pk, stranger.pk]}, follow=True)
    assert "ลงทะเบียนผู้เรียนแล้ว 2 คน" in response.content.decode()
    registered = set(SessionEnrollment.objects.filter(session=session).values_list("user_id", flat=True))
    assert registered == {somchai.pk, somsri.pk}
    assert Enrollment.objects.filter(course=session.course, user__in=[somchai, somsri]).count() == 2
    # Registered learners are no longer offered; the rest still are.
    page = client.get(url).content.decode()
    assert "มานะ" in page and "สมชาย" not in page
    assert other.pk not in registered


def test_a_class_bigger_than_the_seats_left_is_refused_whole_in_thai(client, staff, session):
    learners = [UserFactory(home_center=staff.center) for _ in range(4)]
    url = reverse("sessions:session_register_class", args=[session.pk])
    response = client.post(url, {"learner": [u.pk for u in learners]}, follow=True)
    assert "เหลือที่นั่ง 3 ที่" in response.content.decode()
    assert not SessionEnrollment.objects.exists()


def test_ticking_nobody_asks_for_a_learner(client, staff, session):
    url = reverse("sessions:session_register_class", args=[session.pk])
    response = client.post(url, {"learner": ["abc"]}, follow=True)
    assert "กรุณาเลือกผู้เรียนอย่างน้อยหนึ่งคน" in response.content.decode()
    assert not SessionEnrollment.objects.exists()


def test_session_page_leads_to_registering_a_class(client, staff, session):
    html = client.get(reverse("sessions:session_detail", args=[session.pk])).content.decode()
    assert reverse("sessions:session_register_class", args=[session.pk]) in html
