"""Routes of `courses`: the learner's actions (the pages themselves are Wagtail's)."""

from django.urls import path

from courses import views
from courses.search import views as search_views

app_name = "courses"

urlpatterns = [
    path("search/", search_views.search, name="search"),
    path("my-courses/", views.dashboard, name="dashboard"),
    path("my-courses/<int:course_id>/complete/", views.course_complete, name="course_complete"),
    path("learn/courses/<int:course_id>/enroll/", views.enroll, name="enroll"),
    path("learn/lessons/<int:lesson_id>/done/", views.lesson_done, name="lesson_done"),
    path("learn/lessons/<int:lesson_id>/quiz/", views.quiz_submit, name="quiz_submit"),
    path("learn/attempts/<int:attempt_id>/", views.attempt_result, name="attempt_result"),
    # Offline reading and actions (docs/offline.md): the service worker lives at the root.
    path("sw.js", views.service_worker, name="service_worker"),
    path("manifest.webmanifest", views.web_app_manifest, name="web_app_manifest"),
    path("offline/", views.offline_page, name="offline"),
    path(
        "learn/courses/<int:course_id>/offline.json", views.course_offline_manifest, name="offline_manifest"
    ),
    path("learn/offline/token/", views.offline_token, name="offline_token"),
    path("learn/offline/actions/", views.offline_action, name="offline_action"),
]
