"""Routes of `lms.reports`, mounted at /admin/reports/ (see lms/urls.py)."""

from django.urls import path

from lms.reports import views
from lms.reports.selectors import CENTER, NATIONAL, PROVINCE

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("national/", views.ReportView.as_view(level=NATIONAL), name="national"),
    path(
        "national/export.csv",
        views.ReportView.as_view(level=NATIONAL, export_format="csv"),
        name="national_csv",
    ),
    path(
        "national/export.xlsx",
        views.ReportView.as_view(level=NATIONAL, export_format="xlsx"),
        name="national_xlsx",
    ),
    path("province/<int:province_id>/", views.ReportView.as_view(level=PROVINCE), name="province"),
    path(
        "province/<int:province_id>/export.csv",
        views.ReportView.as_view(level=PROVINCE, export_format="csv"),
        name="province_csv",
    ),
    path(
        "province/<int:province_id>/export.xlsx",
        views.ReportView.as_view(level=PROVINCE, export_format="xlsx"),
        name="province_xlsx",
    ),
    path("center/<int:center_id>/", views.ReportView.as_view(level=CENTER), name="center"),
    path(
        "center/<int:center_id>/export.csv",
        views.ReportView.as_view(level=CENTER, export_format="csv"),
        name="center_csv",
    ),
    path(
        "center/<int:center_id>/export.xlsx",
        views.ReportView.as_view(level=CENTER, export_format="xlsx"),
        name="center_xlsx",
    ),
]
