"""Routes of `lms.accounts` (allauth's own are under /accounts/ in lms/urls.py)."""

from django.urls import path

from lms.accounts import views

app_name = "accounts"

urlpatterns = [
    path("accounts/set-password/", views.set_password, name="set_password"),
    path("accounts/centers/", views.center_options, name="center_options"),
]
