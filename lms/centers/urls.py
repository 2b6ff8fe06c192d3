"""Routes of `lms.centers`: the staff pages of a center and the sign-in with a printed code."""

from django.urls import path

from lms.accounts import views_codes
from lms.centers import views

app_name = "centers"

urlpatterns = [
    path("staff/", views.staff_home, name="staff_home"),
    path("staff/centers/<int:center_id>/learners/", views.learner_list, name="learner_list"),
    path("staff/centers/<int:center_id>/learners/new/", views.learner_create, name="learner_create"),
    path("staff/learners/<int:learner_id>/", views.learner_detail, name="learner_detail"),
    path("staff/learners/<int:learner_id>/reset-code/", views.learner_reset_code, name="learner_reset_code"),
    path("staff/learners/<int:learner_id>/slip/", views.learner_slip, name="learner_slip"),
    path("staff/learners/<int:learner_id>/erase/", views.learner_erase, name="learner_erase"),
    path("accounts/code/", views_codes.code_login, name="code_login"),
]
