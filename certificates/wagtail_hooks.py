"""Admin: certificate templates as a snippet (with a PDF preview), a menu link to the
staff certificate pages, and the template version bump after every edit."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BooleanColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from certificates.models import CertificateTemplate
from certificates.selectors import may_manage_certificates
from certificates.services import certificate_template_saved


class CertificateTemplateViewSet(SnippetViewSet):
    """Staff and admins edit how certificates look; issued certificates keep their copy."""

    model = CertificateTemplate
    icon = "doc-full"
    menu_label = _("Certificate templates")
    menu_order = 300
    add_to_admin_menu = True
    # A tick or a cross, not the words "True"/"False".
    list_display = [
        "title",
        "course",
        BooleanColumn("is_default", label=CertificateTemplate._meta.get_field("is_default").verbose_name),
        "version",
        "updated_at",
    ]
    list_filter = ["is_default"]


register_snippet(CertificateTemplateViewSet)


@hooks.register("after_edit_snippet")
def bump_template_version(request, instance):
    """Every saved edit is a new version; certificates record the version they used."""
    if isinstance(instance, CertificateTemplate):
        certificate_template_saved(template=instance)


class StaffCertificatesMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_certificates(request.user)


@hooks.register("register_admin_menu_item")
def register_staff_certificates_menu_item():
    return StaffCertificatesMenuItem(
        _("Issued certificates"), reverse("certificates:staff_list"), icon_name="doc-full-inverse", order=310
    )
