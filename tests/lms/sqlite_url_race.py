"""Run by tests/lms/test_database_settings.py in a fresh process: migrate the database
``DATABASE_URL`` names, then let 20 threads complete one lesson through the real service
at once, and print what happened as JSON (errors, progress rows, completion)."""

import json
import threading

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

THREADS = 20


def main() -> None:
    call_command("migrate", verbosity=0)
    from courses import services
    from courses.models import Enrollment, LessonProgress
    from tests.factories import UserFactory
    from tests.factories.learning import learning_course

    built = learning_course(modules=1, lessons_per_module=1)
    user = UserFactory()
    services.enrollment_create(user=user, course=built.course)
    errors: list[str] = []
    barrier = threading.Barrier(THREADS)

    def worker():
        try:
            barrier.wait()
            services.lesson_complete(user=user, lesson=built.lessons[0])
        except Exception as exc:  # noqa: BLE001 - every error is reported
            errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        journal_mode = cursor.fetchone()[0]
    print(
        json.dumps(
            {
                "vendor": connection.vendor,
                "name": str(connection.settings_dict["NAME"]),
                "journal_mode": journal_mode,
                "errors": errors,
                "progress_rows": LessonProgress.objects.filter(user=user).count(),
                "completed": Enrollment.objects.get(user=user).completed_at is not None,
            }
        )
    )


if __name__ == "__main__":
    main()
