"""Benchmark the reports on a national data set.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lms_centers \
        .venv/bin/python benchmarks/reports.py --centers 2000 --learners 200000 --seed 1

Migrates the database, generates the data (unless it exists for that seed: then it is
reused), and times the national report, one province's and one center's report
(median of 5 runs after one warm-up). Targets: national ≤ 2 s, one center ≤ 200 ms.

Each report is timed twice: the selector alone (``report_build``, what the screen and
both exports share) and the whole admin page as a national admin asks for it (Django's
test client, DEBUG off: scope check, the queries, the SVG charts and the template), plus
the XLSX download of the national report.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.dev")


def _time(function, runs=5):
    function()  # warm-up: connection, caches
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--centers", type=int, default=2000)
    parser.add_argument("--learners", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from courses.models import Enrollment, LessonProgress
    from lms.accounts.models import User
    from lms.centers.models import Center
    from lms.reports.loaddata import load_data_generate
    from lms.reports.selectors import CENTER, NATIONAL, PROVINCE, ReportScope, report_build

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    call_command("migrate", verbosity=0)
    if Center.objects.filter(code__startswith=f"GEN{args.seed}-").exists():
        print(f"data for seed {args.seed} exists: reused (generation not timed)")
    else:
        result = load_data_generate(
            centers=args.centers, learners=args.learners, seed=args.seed, stdout=sys.stdout
        )
        print(
            f"\ngenerated {result.centers} centers, {result.learners} learners, {result.enrollments} enrollments, "
            f"{result.lesson_progress} lesson-progress rows, {result.quiz_attempts} quiz attempts, "
            f"{result.certificates} certificates in {result.seconds:.1f} s"
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE")
    print(
        f"rows: {Center.objects.count()} centers, {User.objects.count()} users, "
        f"{Enrollment.objects.count()} enrollments, {LessonProgress.objects.count()} lesson-progress rows"
    )
    center = Center.objects.filter(code=f"GEN{args.seed}-00000").select_related("province").get()
    scopes = {
        "national report": ReportScope(NATIONAL),
        f"province report ({center.province.name_en})": ReportScope(PROVINCE, province=center.province),
        f"one center's report ({center.code})": ReportScope(CENTER, province=center.province, center=center),
    }
    for label, scope in scopes.items():
        seconds = _time(lambda scope=scope: report_build(scope))
        print(f"{label}, selector: {seconds * 1000:.0f} ms (median of 5)")

    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    settings.DEBUG = False  # no query log: time what production serves
    admin, _created = User.objects.get_or_create(
        login_id="BENCHADM", defaults={"is_superuser": True, "is_staff": True, "first_name": "ผู้ดูแล"}
    )
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(admin)
    pages = {
        "national report page": reverse("reports:national"),
        f"province report page ({center.province.name_en})": reverse(
            "reports:province", kwargs={"province_id": center.province_id}
        ),
        f"one center's report page ({center.code})": reverse(
            "reports:center", kwargs={"center_id": center.pk}
        ),
        "national report XLSX download": reverse("reports:national_xlsx"),
    }
    for label, url in pages.items():

        def fetch(url=url):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        seconds = _time(fetch)
        print(f"{label}: {seconds * 1000:.0f} ms (median of 5)")


if __name__ == "__main__":
    main()
