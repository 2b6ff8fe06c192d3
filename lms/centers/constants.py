"""Choices for centers and the roles people hold in them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Region(models.TextChoices):
    NORTH = "north", _("North")
    NORTHEAST = "northeast", _("Northeast")
    CENTRAL = "central", _("Central")
    EAST = "east", _("East")
    WEST = "west", _("West")
    SOUTH = "south", _("South")


class AgencyType(models.TextChoices):
    """The kind of office that hosts a center."""

    NFE = "nfe", _("Non-formal education office (กศน.)")
    LOCAL_GOVERNMENT = "local_government", _("Local government (อปท.)")
    SCHOOL = "school", _("School")
    OTHER = "other", _("Other")


class Role(models.TextChoices):
    """What a membership lets a person do, and over which scope.

    Center roles need a center; the provincial admin needs a province; the national
    admin needs neither.
    """

    CENTER_STAFF = "center_staff", _("Center staff")
    CENTER_TRAINER = "center_trainer", _("Center trainer")
    PROVINCIAL_ADMIN = "provincial_admin", _("Provincial admin")
    NATIONAL_ADMIN = "national_admin", _("National admin")


CENTER_ROLES = (Role.CENTER_STAFF, Role.CENTER_TRAINER)
