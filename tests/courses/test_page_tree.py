"""The course page tree is declared: catalogue → course → module → lesson, nothing else."""

from wagtail.test.utils import WagtailPageTestCase

from cms_content.models import ContentPage, HomePage
from courses.models import CourseIndexPage, CoursePage, LessonPage, ModulePage


class CoursePageTreeTests(WagtailPageTestCase):
    """Wagtail's own assertions on ``parent_page_types`` / ``subpage_types``."""

    def test_catalogue_lives_under_the_home_page_and_holds_courses(self):
        self.assertAllowedParentPageTypes(CourseIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(CourseIndexPage, {CoursePage})

    def test_course_lives_in_the_catalogue_and_holds_modules(self):
        self.assertAllowedParentPageTypes(CoursePage, {CourseIndexPage})
        self.assertAllowedSubpageTypes(CoursePage, {ModulePage})

    def test_module_lives_in_a_course_and_holds_lessons(self):
        self.assertAllowedParentPageTypes(ModulePage, {CoursePage})
        self.assertAllowedSubpageTypes(ModulePage, {LessonPage})

    def test_lesson_lives_in_a_module_and_holds_nothing(self):
        self.assertAllowedParentPageTypes(LessonPage, {ModulePage})
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_lessons_cannot_be_created_straight_under_a_course_or_the_catalogue(self):
        self.assertCanNotCreateAt(CoursePage, LessonPage)
        self.assertCanNotCreateAt(CourseIndexPage, LessonPage)
        self.assertCanNotCreateAt(CourseIndexPage, ModulePage)
        self.assertCanNotCreateAt(HomePage, CoursePage)
        self.assertCanNotCreateAt(ContentPage, CourseIndexPage)
        self.assertCanCreateAt(ModulePage, LessonPage)
