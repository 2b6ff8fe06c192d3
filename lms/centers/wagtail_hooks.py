"""The centers admin: national admins manage the list of centers in Wagtail."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.admin.viewsets.model import ModelViewSet

from lms.centers.models import Center


class CenterViewSet(ModelViewSet):
    model = Center
    icon = "home"
    menu_label = _("Centers")
    menu_order = 250
    add_to_admin_menu = True
    # A tick or a cross, not the words "True"/"False".
    list_display = [
        "name",
        "code",
        "province",
        "agency_type",
        BooleanColumn(
            "is_active", label=Center._meta.get_field("is_active").verbose_name, sort_key="is_active"
        ),
    ]
    list_filter = ["province", "agency_type", "is_active"]
    search_fields = ["name", "code", "district", "subdistrict"]
    ordering = ["province__name_th", "name"]
    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("agency_type"),
        FieldPanel("province"),
        FieldPanel("district"),
        FieldPanel("subdistrict"),
        FieldPanel("address"),
        FieldPanel("phone"),
        FieldPanel("is_active"),
    ]


center_viewset = CenterViewSet("center_admin")


@hooks.register("register_admin_viewset")
def register_center_viewset():
    return center_viewset
