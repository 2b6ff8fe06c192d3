"""Routes of `lms.centers`."""

from django.urls import path  # noqa: F401

app_name = "centers"

urlpatterns: list = []
