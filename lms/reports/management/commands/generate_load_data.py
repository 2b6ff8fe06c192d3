"""``manage.py generate_load_data --centers N --learners N --seed S``."""

from django.core.management.base import BaseCommand, CommandError

from lms.centers.models import Center
from lms.reports.loaddata import load_data_generate


class Command(BaseCommand):
    help = "Generate a realistic, reproducible national data set for load tests and benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("--centers", type=int, default=100)
        parser.add_argument("--learners", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, centers, learners, seed, **options):
        if centers < 1 or learners < 0:
            raise CommandError("--centers must be at least 1 and --learners at least 0.")
        if Center.objects.filter(code__startswith=f"GEN{seed}-").exists():
            raise CommandError(
                f"Data for seed {seed} already exists; use another --seed or a fresh database."
            )
        result = load_data_generate(centers=centers, learners=learners, seed=seed, stdout=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.centers} centers, {result.learners} learners, {result.enrollments} enrollments, "
                f"{result.lesson_progress} lesson-progress rows, {result.quiz_attempts} quiz attempts, "
                f"{result.certificates} certificates in {result.seconds:.1f} s"
            )
        )
