"""A class's certificates after its session: attendance completes a course with quizzes,
the certificates app issues one certificate each through ``course_completed``, even when
the same attendance is saved twice at once, and the session page prints them."""

import threading

import pytest
from django.db import connection
from django.urls import reverse

from certificates.constants import CertificateStatus
from certificates.models import Certificate, CertificateBatch
from courses.models import Attendance, InPersonAssessment
from lms.centers.constants import Role
from tests.certificates.pdftools import page_count, pdf_text, without_sara_am
from tests.factories import MembershipFactory
from tests.factories.sessions import attend, session_class


@pytest.mark.django_db
def test_attendance_issues_one_certificate_each_through_the_event(default_template):
    group = session_class(size=3)
    session, learners = group.session, group.learners
    attend(group, learners)
    assert not Certificate.objects.exists()
    attend(group, learners, learners[:2])
    attend(group, learners, learners[:2])  # saved again
    issued = Certificate.objects.filter(status=CertificateStatus.VALID)
    assert sorted(issued.values_list("user_id", flat=True)) == sorted(u.pk for u in learners[:2])
    assert set(issued.values_list("course_id", flat=True)) == {session.course_id}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_racing_saves_of_the_same_attendance_give_one_row_and_one_certificate_each(default_template):
    group = session_class(size=4)
    learners = group.learners
    attend(group, learners)
    barrier = threading.Barrier(2)
    errors = []

    def save():
        try:
            barrier.wait()
            attend(group, learners, learners)
        except Exception as error:  # pragma: no cover - reported by the assertion below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Attendance.objects.filter(present=True).count() == 4 * 2
    assert InPersonAssessment.objects.count() == 4 * 2
    assert Certificate.objects.count() == 4
    assert sorted(Certificate.objects.values_list("user_id", flat=True)) == sorted(u.pk for u in learners)


@pytest.mark.django_db
def test_print_this_class_from_the_session_page_gives_one_page_per_attendee(
    client, default_template, django_capture_on_commit_callbacks
):
    group = session_class(size=3)
    session, learners = group.session, group.learners
    attend(group, learners, learners[:2])
    client.force_login(group.staff)
    page = client.get(reverse("sessions:session_detail", args=[session.pk])).content.decode()
    assert f'action="{reverse("certificates:batch_create")}"' in page
    assert "พิมพ์เกียรติบัตรของรอบการอบรมนี้" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("certificates:batch_create"), {"session": session.pk})
    batch = CertificateBatch.objects.get()
    assert response.url == reverse("certificates:batch_detail", args=[batch.pk])
    download = client.get(reverse("certificates:batch_download", args=[batch.pk]))
    pdf = b"".join(download.streaming_content)
    assert page_count(pdf) == 2
    text = without_sara_am(pdf_text(pdf))
    for learner in learners[:2]:
        assert without_sara_am(learner.first_name) in text
    assert without_sara_am(learners[2].first_name) not in text


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.CENTER_TRAINER, Role.NATIONAL_ADMIN])
def test_who_may_not_print_sees_why_instead_of_the_button(client, default_template, role):
    """Trainers and admins reach the session page, but only the center's own staff may
    print (certificates:batch_create): they read who can, not a button that fails."""
    group = session_class(size=2)
    attend(group, group.learners, group.learners)
    center = group.session.center if role == Role.CENTER_TRAINER else None
    client.force_login(MembershipFactory(role=role, center=center).user)

    page = client.get(reverse("sessions:session_detail", args=[group.session.pk])).content.decode()

    assert reverse("certificates:batch_create") not in page
    assert "พิมพ์เกียรติบัตรของรอบการอบรมนี้" not in page
    assert "เฉพาะเจ้าหน้าที่ของศูนย์นี้เท่านั้นที่พิมพ์เกียรติบัตร" in page
