"""``manage.py import_centers FILE.csv``: create or update centers, all or nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.centers.services import CenterImportError, center_import_csv


class Command(BaseCommand):
    help = "Import centers from a UTF-8 CSV file with a header row (code, name, province required)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError as exc:
            raise CommandError(f"{file}: file not found") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file}: not UTF-8 text") from exc
        try:
            result = center_import_csv(text=text)
        except CenterImportError as exc:
            raise CommandError("\n".join(f"{file}: {error}" for error in exc.errors)) from exc
        self.stdout.write(
            self.style.SUCCESS(f"{file}: {result.created} centers created, {result.updated} updated")
        )
