"""Choices for the learner's profile: what centers report to the ministry."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class TargetGroup(models.TextChoices):
    """The target groups of the Community Digital Center programme."""

    GENERAL_PUBLIC = "general_public", _("General public")
    STUDENT = "student", _("Student")
    SHOP_OWNER = "shop_owner", _("Shop owner or entrepreneur")
    COMMUNITY_LEADER = "community_leader", _("Community leader")
    ELDERLY = "elderly", _("Elderly person")
    OTHER = "other", _("Other")


# Titles offered first; any other title (ดร., ว่าที่ ร.ต., พระ ...) may be typed in.
COMMON_TITLES = ["นาย", "นาง", "นางสาว", "เด็กชาย", "เด็กหญิง"]

# Login IDs avoid letters and digits that are easy to misread on a printed slip.
LOGIN_ID_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
LOGIN_ID_LENGTH = 8

# The age bands the reports count (label, lowest age, highest age), from the birth year.
# Here, not in lms.reports, because erasing a learner keeps only their band (see
# lms.accounts.personal_data), and a foundation cannot import the reports.
AGE_BANDS = [
    ("0-17", 0, 17),
    ("18-24", 18, 24),
    ("25-39", 25, 39),
    ("40-59", 40, 59),
    ("60+", 60, 200),
]

# The reason stored on the certificates of a person whose data was erased at their own
# request, shown on the public verification page. Stored data, not interface text: Thai
# as written (like the consent text), never translated, so reports can recognise it.
ERASURE_REASON = "ลบข้อมูลตามคำขอของเจ้าของ"
