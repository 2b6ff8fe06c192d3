"""Report pages in the Wagtail admin and their CSV/XLSX downloads.

Each view resolves the scope through :func:`lms.reports.selectors.report_scope_get`
(404 outside the person's memberships) and renders :func:`report_build`'s tables.
"""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from lms.centers.selectors import centers_visible_to, is_staff_member, provinces_visible_to
from lms.reports.charts import bar_chart
from lms.reports.exports import report_csv, report_xlsx
from lms.reports.selectors import (
    CENTER,
    NATIONAL,
    PROVINCE,
    report_build,
    report_scope_default,
    report_scope_get,
)

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _guard(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not is_staff_member(request.user):
        raise Http404
    return None


def report_index(request):
    """Send the person to the widest report they may read."""
    denied = _guard(request)
    if denied:
        return denied
    scope = report_scope_default(request.user)
    if scope is None:
        raise Http404
    if scope.level == NATIONAL:
        return redirect("reports:national")
    if scope.level == PROVINCE:
        return redirect("reports:province", province_id=scope.province.pk)
    return redirect("reports:center", center_id=scope.center.pk)


class ReportView(WagtailAdminTemplateMixin, TemplateView):
    """One report: summary, breakdowns, charts, and links to the downloads."""

    template_name = "reports/report.html"
    header_icon = "table"
    level = NATIONAL
    export_format = None

    def dispatch(self, request, *args, **kwargs):
        denied = _guard(request)
        if denied:
            return denied
        pk = kwargs.get("province_id") or kwargs.get("center_id")
        self.scope = report_scope_get(request.user, self.level, pk)
        self.report = report_build(self.scope)
        if self.export_format == "csv":
            return self._download(report_csv(self.report), "text/csv; charset=utf-8", "csv")
        if self.export_format == "xlsx":
            return self._download(report_xlsx(self.report), XLSX_TYPE, "xlsx")
        return super().dispatch(request, *args, **kwargs)

    def _download(self, content: bytes, content_type: str, extension: str) -> HttpResponse:
        response = HttpResponse(content, content_type=content_type)
        unit = self.scope.center or self.scope.province
        name = f"report-{self.scope.level}" + (f"-{unit.pk}" if unit else "")
        response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
        return response

    def get_page_title(self):
        return _("Report: %(scope)s") % {"scope": self.scope.label}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["report"] = self.report
        context["tables"] = [(table, bar_chart(table)) for table in self.report.tables]
        url_kwargs = {}
        if self.scope.level == PROVINCE:
            url_kwargs = {"province_id": self.scope.province.pk}
        elif self.scope.level == CENTER:
            url_kwargs = {"center_id": self.scope.center.pk}
        context["csv_url"] = reverse(f"reports:{self.scope.level}_csv", kwargs=url_kwargs)
        context["xlsx_url"] = reverse(f"reports:{self.scope.level}_xlsx", kwargs=url_kwargs)
        context["level"] = self.scope.level
        # Where the person can go next: the provinces and centers they may read.
        context["provinces"] = provinces_visible_to(self.request.user).order_by("name_th")
        if self.scope.level == PROVINCE:
            context["centers"] = (
                centers_visible_to(self.request.user)
                .filter(province=self.scope.province)
                .order_by("name")[:500]
            )
        elif self.scope.level == NATIONAL:
            context["centers"] = []
        else:
            context["centers"] = centers_visible_to(self.request.user).order_by("name")[:50]
        return context
