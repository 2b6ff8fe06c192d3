"""``manage.py import_course PATH [--publish]``: import a course folder (see docs/course-folder.md)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from courses.course_folder import CourseFolderError, course_folder_import


class Command(BaseCommand):
    help = (
        "Import a course folder (course.yaml, module folders, Markdown lessons). All or nothing; "
        "importing again updates the course in place as a new revision. Without --publish the "
        "import is saved as a draft."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The course folder; its name is the course slug.")
        parser.add_argument("--publish", action="store_true", help="Publish the imported revisions.")
        parser.add_argument("--user", help="Email of the user the new revisions are recorded for.")

    def handle(self, *args, path, publish, user=None, **options):
        author = None
        if user:
            author = get_user_model().objects.filter(email__iexact=user).first()
            if author is None:
                raise CommandError(f"No user with email {user}.")
        try:
            result = course_folder_import(path=path, publish=publish, user=author)
        except CourseFolderError as exc:
            raise CommandError("\n".join(str(e) for e in exc.errors)) from exc
        state = "published" if result.published else "saved as a draft"
        self.stdout.write(
            f"{result.course.slug}: {len(result.created)} lessons created, "
            f"{len(result.updated)} updated, {len(result.unpublished)} unpublished; {state}."
        )
