"""Choices used by courses, lessons and learning records."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    DEVICE_USE = "device_use", _("Using digital devices")
    ONLINE_SELLING = "online_selling", _("Selling online")
    PAGE_CREATION = "page_creation", _("Pages that advertise products")
    OTHER = "other", _("Other")


class Level(models.TextChoices):
    BEGINNER = "beginner", _("Beginner")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class EnrollmentSource(models.TextChoices):
    ONLINE = "online", _("Online")
    SESSION = "session", _("In-person session")


DEFAULT_PASS_MARK = 70

# A lesson's read-aloud recording (LessonPage.read_aloud_audio; course folders' ``audio``).
# The limit matches WAGTAILDOCS_MAX_UPLOAD_SIZE: learners pay for every megabyte.
READ_ALOUD_AUDIO_EXTENSIONS = ("mp3", "m4a", "ogg", "wav")
READ_ALOUD_AUDIO_MAX_BYTES = 10 * 1024 * 1024
