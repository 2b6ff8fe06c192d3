"""Routes of `certificates`: public verification, learner download, staff pages."""

from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("certificates/enrollment/<int:enrollment_id>/download/", views.download, name="download"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="pdf"),
    path("certificates/enrollment/<int:enrollment_id>/", views.certificate_page, name="page"),
    path("certificates/<int:pk>/credential/", views.credential_download, name="credential"),
    # Open Badges 3.0: stable public addresses that credentials name (docs/certificates.md).
    path("openbadges/status/<int:number>/", views.openbadges_status_list, name="openbadges_status_list"),
    path("openbadges/jwks.json", views.openbadges_jwks, name="openbadges_jwks"),
    path("openbadges/keys/<slug:kid>/", views.openbadges_key, name="openbadges_key"),
    path("openbadges/issuers/national/", views.openbadges_issuer, name="openbadges_issuer"),
    path(
        "openbadges/issuers/centers/<int:pk>/",
        views.openbadges_center_issuer,
        name="openbadges_center_issuer",
    ),
    path(
        "openbadges/achievements/<uuid:course>/en/<slug:edition>.json",
        views.openbadges_achievement_en,
        name="openbadges_achievement_en",
    ),
    path("staff/certificates/", views.staff_list, name="staff_list"),
    path("staff/certificates/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/certificates/<int:pk>/revoke/", views.staff_revoke, name="staff_revoke"),
    path("staff/certificates/<int:pk>/reissue/", views.staff_reissue, name="staff_reissue"),
    path("staff/certificates/batches/new/", views.batch_create, name="batch_create"),
    path("staff/certificates/batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("staff/certificates/batches/<int:pk>/retry/", views.batch_retry, name="batch_retry"),
    path("staff/certificates/batches/<int:pk>/download/", views.batch_download, name="batch_download"),
]
