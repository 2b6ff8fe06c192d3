"""Choices and fixed values of the certificates app."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Base32 without padding (RFC 4648): letters and the digits 2-7, so no 0/O or 1/I pair
# to confuse. 16 characters carry 80 random bits, printed in four groups of four.
CODE_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
CODE_LENGTH = 16
CODE_GROUP = 4

# The Buddhist Era runs 543 years ahead of the Common Era.
BUDDHIST_ERA_OFFSET = 543

PLACEHOLDERS = ("name", "course", "center", "date", "hours")
MAX_SIGNATORIES = 3


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    REPLACED = "replaced", _("Replaced")


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Printing")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
