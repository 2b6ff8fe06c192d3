"""A realistic, reproducible national data set for load tests and benchmarks.

``generate_load_data`` calls :func:`load_data_generate`. The same seed gives the same
centers, learners, enrollments, progress and attempts. Rows are written with
``bulk_create`` in batches, learner chunk by learner chunk, so memory stays flat.
"""

import random
import time
import zlib
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction
from django.utils import timezone

from courses.constants import EnrollmentSource
from courses.models import CoursePage, Enrollment, LessonPage, LessonProgress, QuizAttempt
from lms.accounts.constants import Gender, TargetGroup
from lms.centers.constants import AgencyType
from lms.centers.models import Center, Province
from lms.reports.course_builder import course_build
from lms.reports.selectors import certificate_model_or_none

GENERATED_COURSES = [
    ("ใช้สมาร์ตโฟนเบื้องต้น (ชุดทดสอบ)", [["เปิดเครื่อง", "แตะและปัด"], ["ไวไฟ", "ติดตั้งแอป"], ["ไลน์"]]),
    ("ขายของออนไลน์ (ชุดทดสอบ)", [["เลือกช่องทาง", "ถ่ายรูปสินค้า"], ["ตั้งราคา", "พร้อมเพย์"], ["ส่งของ"]]),
    ("เพจขายสินค้า (ชุดทดสอบ)", [["สร้างเพจ", "ข้อมูลเพจ"], ["เขียนโพสต์", "ภาพและวิดีโอ"]]),
]
FIRST_NAMES = ["สมชาย", "สมหญิง", "บุญมี", "มาลี", "ประเสริฐ", "สุดา", "วิชัย", "อรุณี", "ทองดี", "จันทร์เพ็ญ"]
LAST_NAMES = ["ใจดี", "มีสุข", "รักเรียน", "ทองคำ", "ศรีสุข", "บุญมา", "แก้วใส", "สายทอง"]
GENDER_WEIGHTS = [(Gender.FEMALE, 55), (Gender.MALE, 42), (Gender.OTHER, 1), (Gender.UNDISCLOSED, 2)]
GROUP_WEIGHTS = [
    (TargetGroup.GENERAL_PUBLIC, 35),
    (TargetGroup.ELDERLY, 25),
    (TargetGroup.SHOP_OWNER, 18),
    (TargetGroup.STUDENT, 12),
    (TargetGroup.COMMUNITY_LEADER, 7),
    (TargetGroup.OTHER, 3),
]
AGENCIES = [AgencyType.NFE, AgencyType.LOCAL_GOVERNMENT, AgencyType.SCHOOL, AgencyType.OTHER]
LEARNER_CHUNK = 5_000
BATCH = 5_000


@dataclass
class LoadDataResult:
    centers: int = 0
    learners: int = 0
    enrollments: int = 0
    lesson_progress: int = 0
    quiz_attempts: int = 0
    certificates: int = 0
    seconds: float = 0.0


def _weighted(rng, pairs):
    return rng.choices([value for value, _ in pairs], weights=[weight for _, weight in pairs])[0]


def _courses_with_lessons():
    """The live courses and, per course, its lessons in order and which have a quiz."""
    if not CoursePage.objects.live().exists():
        for title, modules in GENERATED_COURSES:
            quiz = {modules[-1][-1]}
            course_build(
                title=title, modules=modules, quiz_lessons=quiz, slug=f"load-{zlib.crc32(title.encode())}"
            )
    courses = []
    for course in CoursePage.objects.live().order_by("pk"):
        lessons = list(LessonPage.objects.live().descendant_of(course).specific().order_by("path"))
        if lessons:
            courses.append((course, [(lesson.pk, bool(lesson.quiz_questions)) for lesson in lessons]))
    return courses


def _not_after(moment, limit):
    """``moment``, or ``limit`` when it would lie later: nothing is dated in the future."""
    return min(moment, limit)


def load_data_generate(*, centers: int, learners: int, seed: int, stdout=None) -> LoadDataResult:
    """Create ``centers`` centers spread over all 77 provinces and ``learners`` learners
    with enrollments, lesson progress, quiz attempts (and certificates when that app
    has its model). Reproducible for a given ``seed``; codes and login IDs carry the
    seed, so two seeds can live side by side."""
    started = time.monotonic()
    rng = random.Random(seed)
    result = LoadDataResult()
    # Dates count back from the start of today, so a seed gives the same rows all day
    # and the data always looks recent in the monthly figures.
    now = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    provinces = list(Province.objects.order_by("code"))
    with transaction.atomic():
        courses = _courses_with_lessons()
        center_objs = [
            Center(
                code=f"GEN{seed}-{index:05d}",
                name=f"ศูนย์ดิจิทัลชุมชน {provinces[index % len(provinces)].name_th} {index // len(provinces) + 1}",
                agency_type=rng.choice(AGENCIES),
                province=provinces[index % len(provinces)],
                district=f"อำเภอ {index // len(provinces) + 1}",
            )
            for index in range(centers)
        ]
        center_ids = [c.pk for c in Center.objects.bulk_create(center_objs, batch_size=BATCH)]
        result.centers = len(center_ids)

    User = get_user_model()
    certificate_model = certificate_model_or_none()
    this_year = now.year
    for chunk_start in range(0, learners, LEARNER_CHUNK):
        with transaction.atomic():
            users = []
            for index in range(chunk_start, min(learners, chunk_start + LEARNER_CHUNK)):
                joined = now - timedelta(days=rng.randint(0, 540), seconds=rng.randint(0, 86_399))
                group = _weighted(rng, GROUP_WEIGHTS)
                age = rng.randint(60, 85) if group == TargetGroup.ELDERLY else rng.randint(12, 70)
                users.append(
                    User(
                        login_id=f"G{seed}X{index:07d}",
                        password=UNUSABLE_PASSWORD_PREFIX + "generated",  # nobody signs in as these
                        title=rng.choice(["นาย", "นาง", "นางสาว"]),
                        first_name=rng.choice(FIRST_NAMES),
                        last_name=rng.choice(LAST_NAMES),
                        birth_year=this_year - age,
                        gender=_weighted(rng, GENDER_WEIGHTS),
                        target_group=group,
                        home_center_id=rng.choice(center_ids),
                        date_joined=joined,
                    )
                )
            users = User.objects.bulk_create(users, batch_size=BATCH)
            result.learners += len(users)
            enrollments, plans = [], []
            for user in users:
                for course, lessons in rng.sample(
                    courses, k=min(len(courses), rng.choice([1, 1, 1, 1, 2, 3]))
                ):
                    # A learner who joined in the last days enrolled and finished by today, not
                    # later: certificates, progress and attempts dated in the future would be
                    # counted in no month yet and break "issued since" filters.
                    enrolled = _not_after(user.date_joined + timedelta(days=rng.randint(0, 20)), now)
                    completed = rng.random() < 0.45
                    done = len(lessons) if completed else rng.randint(0, len(lessons) - 1)
                    enrollments.append(
                        Enrollment(
                            user_id=user.pk,
                            course_id=course.pk,
                            center_id=user.home_center_id,
                            source=EnrollmentSource.SESSION
                            if rng.random() < 0.15
                            else EnrollmentSource.ONLINE,
                            created_at=enrolled,
                            completed_at=_not_after(enrolled + timedelta(days=rng.randint(1, 30)), now)
                            if completed
                            else None,
                        )
                    )
                    plans.append((lessons, done, completed, course))
            enrollments = Enrollment.objects.bulk_create(enrollments, batch_size=BATCH)
            result.enrollments += len(enrollments)
            progress, attempts, certificates = [], [], []
            for enrollment, (lessons, done, completed, course) in zip(enrollments, plans, strict=True):
                moment = enrollment.created_at
                for position, (lesson_id, has_quiz) in enumerate(
                    lessons[: done + 1] if done < len(lessons) else lessons
                ):
                    moment = _not_after(moment + timedelta(minutes=rng.randint(5, 600)), now)
                    is_done = position < done
                    progress.append(
                        LessonProgress(
                            user_id=enrollment.user_id,
                            lesson_id=lesson_id,
                            enrollment_id=enrollment.pk,
                            first_visited_at=moment,
                            last_visited_at=moment,
                            completed_at=moment if is_done else None,
                        )
                    )
                    if has_quiz:
                        for attempt in range(1 if is_done and rng.random() < 0.7 else 2):
                            passed = is_done and attempt == (0 if rng.random() < 0.7 else 1)
                            score = rng.randint(70, 100) if passed else rng.randint(0, 69)
                            attempts.append(
                                QuizAttempt(
                                    user_id=enrollment.user_id,
                                    lesson_id=lesson_id,
                                    enrollment_id=enrollment.pk,
                                    submission_key=f"gen-{enrollment.pk}-{lesson_id}-{attempt}",
                                    score_percent=score,
                                    passed=passed,
                                    submitted_at=moment,
                                )
                            )
                if completed and certificate_model is not None:
                    certificates.append((enrollment, course))
            LessonProgress.objects.bulk_create(progress, batch_size=BATCH)
            QuizAttempt.objects.bulk_create(attempts, batch_size=BATCH)
            result.lesson_progress += len(progress)
            result.quiz_attempts += len(attempts)
            if certificates:
                result.certificates += _certificates_create(certificate_model, certificates, seed, rng)
        if stdout is not None:
            stdout.write(f"  {result.learners} learners, {result.lesson_progress} lesson-progress rows …")
    result.seconds = time.monotonic() - started
    return result


def _certificates_create(model, completed, seed, rng) -> int:
    """Certificates for completed enrollments, with serials of their own series.

    Generated serials use a ``G<seed>`` series so they never collide with real ones.
    """
    rows = []
    for enrollment, course in completed:
        number = enrollment.pk
        rows.append(
            model(
                enrollment_id=enrollment.pk,
                user_id=enrollment.user_id,
                course_id=course.pk,
                center_id=enrollment.center_id,
                serial_year=enrollment.completed_at.year + 543,
                serial_number=number,
                serial=f"G{seed}-{number:08d}",
                verification_code=f"G{seed}{number:010d}{rng.randint(0, 9999):04d}"[:24],
                learner_name="ผู้เรียนทดสอบ",
                course_title=course.title,
                course_title_en=course.title_en,
                completed_on=enrollment.completed_at.date(),
                issued_at=enrollment.completed_at,
            )
        )
    model.objects.bulk_create(rows, batch_size=BATCH)
    # The serial numbers are unique per year whatever the series letter: move each year's
    # counter past the numbers taken here, or the next certificate a learner earns takes
    # one of them and fails on the unique constraint.
    counter = model._meta.apps.get_model("certificates", "CertificateSerialCounter")
    highest: dict[int, int] = {}
    for row in rows:
        highest[row.serial_year] = max(highest.get(row.serial_year, 0), row.serial_number)
    for year, number in highest.items():
        counter.objects.get_or_create(year=year)
        counter.objects.filter(year=year, last_number__lt=number).update(last_number=number)
    return len(rows)
