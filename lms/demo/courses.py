"""Demo data step: the three Thai demo courses (see load_demo).

The courses live in the repository as course folders (``courses/demo/<slug>/``) and are
loaded with the same import service as ``manage.py import_course --publish``, so running
``make run`` again updates them in place (a new revision) instead of duplicating them.
"""

from pathlib import Path

from django.conf import settings

from courses.course_folder import course_folder_import

DEMO_FOLDER = Path(settings.BASE_DIR) / "courses" / "demo"
DEMO_COURSES = ["smartphone-basics", "selling-online", "product-page"]


def load(context: dict, stdout) -> None:
    """Import and publish the demo courses; the demo trainer becomes a trainer of each.

    Puts the course pages in ``context["courses"]``, by slug, for the later steps.
    """
    trainer = context.get("users", {}).get("trainer")
    courses = {}
    for slug in DEMO_COURSES:
        result = course_folder_import(
            path=DEMO_FOLDER / slug, publish=True, trainers=[trainer] if trainer else []
        )
        courses[slug] = result.course
    context["courses"] = courses
    titles = ", ".join(course.title for course in courses.values())
    stdout.write(f"  Courses: {len(courses)} published ({titles}).")
