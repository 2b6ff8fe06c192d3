from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Courses")

    def ready(self):
        # What the personal-data export and erasure do with enrollments and progress.
        from courses.personal_data import register_personal_data

        register_personal_data()
