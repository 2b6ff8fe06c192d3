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
