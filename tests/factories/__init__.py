"""factory_boy factories for every app. Each app's factories live in their own module
here and are re-exported, so tests write ``from tests.factories import UserFactory``."""

from tests.factories.accounts import UserFactory, totp_activate, totp_code
from tests.factories.centers import CenterFactory, MembershipFactory, province
from tests.factories.courses import (
    BuiltCourse,
    CoursePageFactory,
    LessonPageFactory,
    ModulePageFactory,
    add_page,
    build_course,
    catalogue,
    every_block_body,
    make_document,
    make_image,
    png_bytes,
    quiz_question_value,
    stream_form_data,
    text_value,
)

__all__ = [
    "BuiltCourse",
    "CenterFactory",
    "CoursePageFactory",
    "LessonPageFactory",
    "MembershipFactory",
    "ModulePageFactory",
    "UserFactory",
    "add_page",
    "build_course",
    "catalogue",
    "every_block_body",
    "make_document",
    "make_image",
    "png_bytes",
    "province",
    "quiz_question_value",
    "stream_form_data",
    "text_value",
    "totp_activate",
    "totp_code",
]
