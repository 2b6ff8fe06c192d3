"""Routes of `lms.accounts` (allauth's own are under /accounts/ in lms/urls.py).

allauth's change-password and set-password pages lead to ours, so there is one place
with one rule for choosing a password (:func:`lms.accounts.views.set_password`).
"""

from django.urls import path
from django.views.generic import RedirectView

from lms.accounts import signup, views, views_privacy

app_name = "accounts"

urlpatterns = [
    # Before allauth's own /accounts/signup/: the same form and flow, in short steps.
    path("accounts/signup/", signup.signup, name="signup"),
    path("accounts/set-password/", views.set_password, name="set_password"),
    path(
        "accounts/password/change/",
        RedirectView.as_view(pattern_name="accounts:set_password", query_string=True),
        name="password_change_redirect",
    ),
    path(
        "accounts/password/set/",
        RedirectView.as_view(pattern_name="accounts:set_password", query_string=True),
        name="password_set_redirect",
    ),
    path("accounts/2fa/required/", views.two_factor_required, name="two_factor_required"),
    path("accounts/centers/", views.center_options, name="center_options"),
    path("accounts/my-data/", views_privacy.my_data, name="my_data"),
    path("accounts/my-data/download/", views_privacy.my_data_download, name="my_data_download"),
    path("accounts/my-data/erase/", views_privacy.my_data_erase, name="my_data_erase"),
]
