"""Admin concerns of `courses`: a direct way into the course catalogue for trainers.

Who may write and who may publish is not decided here but by Wagtail's permissions and
the course approval workflow (see migration ``0003_trainer_workflow``).
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import LinkMenuItemComponent, MenuItem

from courses.models import CourseIndexPage


class CourseCatalogueMenuItem(MenuItem):
    """ "Courses" in the admin menu: opens the catalogue in the page explorer, so a
    trainer finds where courses live without knowing the page tree. Shown to those who
    may add or edit pages there."""

    def _catalogue(self):
        return CourseIndexPage.objects.order_by("path").first()

    def is_shown(self, request):
        catalogue = self._catalogue()
        return catalogue is not None and catalogue.permissions_for_user(request.user).can_add_subpage()

    def render_component(self, request):
        url = reverse("wagtailadmin_explore", args=[self._catalogue().pk])
        return LinkMenuItemComponent(self.name, self.label, url, icon_name=self.icon_name, attrs=self.attrs)


@hooks.register("register_admin_menu_item")
def register_course_catalogue_menu_item():
    return CourseCatalogueMenuItem(_("Courses"), url="", name="courses", icon_name="list-ol", order=150)
