"""The URLconf: every app's routes, then Wagtail's page serving as the catch-all."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

# Every limit, allauth's and ours, answers with this Thai page (status 429).
handler429 = "lms.accounts.views_limits.too_many_requests"

urlpatterns = [
    # Reports sit under /admin/ but before Wagtail's admin, so their own scope checks
    # answer 404 (Wagtail's catch-all would otherwise redirect people without access).
    path("admin/reports/", include("lms.reports.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("lms.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("lms.centers.urls")),
    path("", include("courses.urls")),
    path("", include("certificates.urls")),
    path("staff/sessions/", include("courses.staff_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
