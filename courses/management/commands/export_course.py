"""``manage.py export_course SLUG PATH``: write a published course as a course folder."""

from django.core.management.base import BaseCommand, CommandError

from courses.course_folder import course_folder_export
from courses.course_folder.writer import ExportError
from courses.models import CoursePage


class Command(BaseCommand):
    help = (
        "Write the published version of a course as a course folder: PATH itself when it is "
        "named after the course slug, otherwise PATH/SLUG."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The course slug.")
        parser.add_argument("path", help="Where to write the folder.")
        parser.add_argument(
            "--replace", action="store_true", help="Empty the folder first if it already has files."
        )

    def handle(self, *args, slug, path, replace, **options):
        # A published course first; then any, so that a draft gets a clear "not published".
        courses = CoursePage.objects.filter(slug=slug).order_by("-live", "path")
        course = courses.first()
        if course is None:
            raise CommandError(f"No course with slug {slug}.")
        try:
            target = course_folder_export(course=course, path=path, replace=replace)
        except ExportError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Exported {slug} to {target}")
