"""The Reports item of the Wagtail admin menu, shown to people who hold a role."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.centers.selectors import is_staff_member


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_staff_member(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(_("Center reports"), reverse("reports:index"), icon_name="table", order=260)
