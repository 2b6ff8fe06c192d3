"""Routes of `courses`."""

from django.urls import path

from courses.search import views as search_views

app_name = "courses"

urlpatterns: list = [
    path("search/", search_views.search, name="search"),
]
