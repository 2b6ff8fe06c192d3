"""Fixtures for the courses tests."""

from pathlib import Path

import pytest

STAND_IN_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@pytest.fixture(autouse=True)
def page_template_stand_ins(settings):
    """Let the course pages render even before their real templates exist.

    The stand-ins in tests/templates come *after* the project's templates, so once the
    real ``courses/lesson_page.html`` etc. are in templates/ they win and are tested.
    """
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], STAND_IN_TEMPLATES]},
        *settings.TEMPLATES[1:],
    ]
