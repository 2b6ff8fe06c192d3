"""Routes of `lms.accounts`."""

from django.urls import path

from lms.accounts import views_codes

app_name = "accounts"

urlpatterns: list = [
    path("accounts/set-password/", views_codes.set_password, name="set_password"),
]
