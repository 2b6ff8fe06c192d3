"""Routes of `lms.reports`, mounted at /admin/reports/ (see lms/urls.py).

Each scope has its page and two downloads of the same tables: ``reports:national``,
``reports:national_csv``, ``reports:national_xlsx``, and likewise ``province`` and
``center`` (which take the province's or center's id).
"""

from django.urls import path

from lms.reports import views
from lms.reports.selectors import CENTER, NATIONAL, PROVINCE

app_name = "reports"

SCOPES = [
    (NATIONAL, "national/"),
    (PROVINCE, "province/<int:province_id>/"),
    (CENTER, "center/<int:center_id>/"),
]
FORMATS = ["csv", "xlsx"]

urlpatterns = [path("", views.report_index, name="index")]
for level, prefix in SCOPES:
    urlpatterns.append(path(prefix, views.ReportView.as_view(level=level), name=level))
    urlpatterns += [
        path(
            f"{prefix}export.{fmt}",
            views.ReportView.as_view(level=level, export_format=fmt),
            name=f"{level}_{fmt}",
        )
        for fmt in FORMATS
    ]
