"""Builders for the certificate tests: a course page, a completed enrollment, a template.

Course pages are made with Wagtail's page API under the catalogue the migrations
create, so these tests do not depend on other apps' factories.
"""

import itertools

import factory
from django.utils import timezone

from certificates.models import CertificateSignatory, CertificateTemplate
from courses.models import CourseIndexPage, CoursePage, Enrollment
from tests.factories.accounts import UserFactory
from tests.factories.centers import CenterFactory

_slugs = itertools.count(1)


def course_page(title: str = "การใช้สมาร์ทโฟนเบื้องต้น", **fields) -> CoursePage:
    """A live course page in the catalogue (3 hours unless told)."""
    fields.setdefault("estimated_minutes", 180)
    catalogue = CourseIndexPage.objects.first()
    course = CoursePage(title=title, slug=f"cert-course-{next(_slugs)}", **fields)
    catalogue.add_child(instance=course)
    return course


def completed_enrollment(*, user=None, course=None, center=None, completed_at=None) -> Enrollment:
    """An enrollment whose course is done, at ``center`` (a new one unless told)."""
    center = center or CenterFactory()
    user = user or UserFactory(home_center=center)
    course = course or course_page()
    return Enrollment.objects.create(
        user=user, course=course, center=center, completed_at=completed_at or timezone.now()
    )


class CertificateTemplateFactory(factory.django.DjangoModelFactory):
    """The default template with two signatories."""

    class Meta:
        model = CertificateTemplate
        skip_postgeneration_save = True

    title = "เกียรติบัตร"
    is_default = True
    use_thai_digits = True

    @factory.post_generation
    def signatories(self, create, extracted, **kwargs):
        if not create:
            return
        for order, (name, position) in enumerate(
            extracted or [("นายสมชาย ผู้อำนวยการ", "ผู้อำนวยการศูนย์"), ("นางสาวมาลี วิทยากร", "วิทยากร")]
        ):
            CertificateSignatory.objects.create(template=self, name=name, position=position, sort_order=order)
