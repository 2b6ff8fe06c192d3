"""Routes of `certificates`: public verification, learner download, staff pages."""

from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("certificates/enrollment/<int:enrollment_id>/download/", views.download, name="download"),
    path("certificates/<int:pk>/pdf/", views.certificate_pdf, name="pdf"),
    path("staff/certificates/", views.staff_list, name="staff_list"),
    path("staff/certificates/<int:pk>/", views.staff_detail, name="staff_detail"),
    path("staff/certificates/<int:pk>/revoke/", views.staff_revoke, name="staff_revoke"),
    path("staff/certificates/<int:pk>/reissue/", views.staff_reissue, name="staff_reissue"),
    path("staff/certificates/batches/new/", views.batch_create, name="batch_create"),
    path("staff/certificates/batches/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("staff/certificates/batches/<int:pk>/retry/", views.batch_retry, name="batch_retry"),
    path("staff/certificates/batches/<int:pk>/download/", views.batch_download, name="batch_download"),
]
