"""Routes of the staff pages for in-person training sessions (under /staff/sessions/)."""

from django.urls import path

from courses import staff_views

app_name = "sessions"

urlpatterns = [
    path("", staff_views.session_list, name="session_list"),
    path("new/", staff_views.session_create, name="session_create"),
    path("<int:session_id>/", staff_views.session_detail, name="session_detail"),
    path("<int:session_id>/edit/", staff_views.session_edit, name="session_edit"),
    path("<int:session_id>/enroll/", staff_views.session_enroll_view, name="session_enroll"),
    path(
        "<int:session_id>/register-class/", staff_views.session_register_class, name="session_register_class"
    ),
    path(
        "<int:session_id>/dates/<int:date_id>/attendance/",
        staff_views.attendance_take,
        name="attendance_take",
    ),
]
