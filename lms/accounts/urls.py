"""Routes of `lms.accounts` (allauth's own are under /accounts/ in lms/urls.py)."""

from django.urls import path

from lms.accounts import signup, views, views_privacy

app_name = "accounts"

urlpatterns = [
    # Before allauth's own /accounts/signup/: the same form and flow, in short steps.
    path("accounts/signup/", signup.signup, name="signup"),
    path("accounts/set-password/", views.set_password, name="set_password"),
    path("accounts/centers/", views.center_options, name="center_options"),
    path("accounts/my-data/", views_privacy.my_data, name="my_data"),
    path("accounts/my-data/download/", views_privacy.my_data_download, name="my_data_download"),
    path("accounts/my-data/erase/", views_privacy.my_data_erase, name="my_data_erase"),
]
