"""The URLconf: every app's routes, then Wagtail's page serving as the catch-all."""

from django.conf import settings
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from cms_content.slugs import SERVE_PATTERN

# Every limit, allauth's and ours, answers with this Thai page (status 429).
handler429 = "lms.accounts.views_limits.too_many_requests"


class FaviconView(RedirectView):
    """``/favicon.ico``, which browsers ask for on pages without a ``<link rel="icon">``
    (the admin, PDFs, error pages): the static icon, resolved per request so a hashed
    static file name in production is followed."""

    permanent = True

    def get_redirect_url(self, *args, **kwargs):
        return static("img/favicon.ico")


urlpatterns = [
    path("favicon.ico", FaviconView.as_view()),
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

urlpatterns += [
    path("", include(wagtail_urls)),
    # Pages whose slugs keep Thai vowels and tone marks, which Wagtail's own pattern
    # refuses (cms_content/slugs.py). Last, so reverse("wagtail_serve") uses it.
    re_path(SERVE_PATTERN, wagtail_views.serve, name="wagtail_serve"),
]
