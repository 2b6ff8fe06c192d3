"""generate_load_data: realistic national data, the same for the same seed."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from courses.models import Enrollment, LessonProgress, QuizAttempt
from lms.accounts.models import User
from lms.centers.models import Center

pytestmark = pytest.mark.django_db


def _snapshot():
    learners = list(
        User.objects.filter(login_id__startswith="G7X")
        .order_by("login_id")
        .values_list("login_id", "birth_year", "gender", "target_group", "home_center__code")
    )
    enrollments = list(
        Enrollment.objects.order_by("user__login_id", "course__title").values_list(
            "user__login_id", "course__title", "source", "created_at", "completed_at"
        )
    )
    return learners, enrollments, LessonProgress.objects.count(), QuizAttempt.objects.count()


def test_generates_centers_in_every_province_and_learning_records():
    out = io.StringIO()
    call_command("generate_load_data", centers=80, learners=300, seed=7, stdout=out)
    assert Center.objects.filter(code__startswith="GEN7-").values("province").distinct().count() == 77
    assert User.objects.filter(login_id__startswith="G7X").count() == 300
    assert Enrollment.objects.filter(completed_at__isnull=False).exists()
    assert LessonProgress.objects.count() > 300 and QuizAttempt.objects.exists()
    assert set(User.objects.values_list("target_group", flat=True)) >= {"elderly", "general_public"}
    assert "300 learners" in out.getvalue()


def test_same_seed_gives_the_same_data():
    with transaction.atomic():
        savepoint = transaction.savepoint()
        call_command("generate_load_data", centers=10, learners=60, seed=7, stdout=io.StringIO())
        first = _snapshot()
        transaction.savepoint_rollback(savepoint)
    call_command("generate_load_data", centers=10, learners=60, seed=7, stdout=io.StringIO())
    assert _snapshot() == first


def test_refuses_to_generate_the_same_seed_twice():
    call_command("generate_load_data", centers=1, learners=1, seed=7, stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("generate_load_data", centers=1, learners=1, seed=7, stdout=io.StringIO())


def test_nothing_generated_is_dated_in_the_future():
    """Learners who joined in the last days used to enroll, finish and get certificates
    up to seven weeks ahead: counted in no month yet, and 'issued since' filters (the
    load test's "certificates issued during the run") took them for new ones."""
    from certificates.models import Certificate

    call_command("generate_load_data", centers=3, learners=400, seed=11, stdout=io.StringIO())
    now = timezone.now()
    assert not Enrollment.objects.filter(created_at__gt=now).exists()
    assert not Enrollment.objects.filter(completed_at__gt=now).exists()
    assert not LessonProgress.objects.filter(first_visited_at__gt=now).exists()
    assert not LessonProgress.objects.filter(completed_at__gt=now).exists()
    assert not QuizAttempt.objects.filter(submitted_at__gt=now).exists()
    assert Certificate.objects.exists()
    assert not Certificate.objects.filter(issued_at__gt=now).exists()


def test_certificates_issued_after_generating_take_serials_past_the_generated_ones():
    """Generated certificates take numbers of each year's series; the year's counter did
    not move, so the next certificate a learner earned took a number already used and
    failed on the unique constraint (a 500 on the quiz or lesson that completed the
    course, found by make loadtest)."""
    from certificates.models import Certificate, CertificateSerialCounter
    from certificates.services import buddhist_year, certificate_issue
    from tests.factories.certificates import completed_enrollment

    call_command("generate_load_data", centers=3, learners=400, seed=12, stdout=io.StringIO())
    for year, highest in (
        Certificate.objects.values_list("serial_year").annotate(top=Max("serial_number")).order_by()
    ):
        assert CertificateSerialCounter.objects.get(year=year).last_number >= highest
    this_year = buddhist_year(timezone.now())
    generated = Certificate.objects.filter(serial_year=this_year)
    assert generated.exists()
    issued = [certificate_issue(enrollment=completed_enrollment()) for _ in range(3)]
    top = generated.exclude(pk__in=[c.pk for c in issued]).aggregate(top=Max("serial_number"))["top"]
    assert all(c.serial_number > top for c in issued)
