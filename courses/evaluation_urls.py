"""The course evaluation's URLs: the learner's page (language-prefixed, included from
config/urls.py) and the results in the Wagtail admin (registered in wagtail_hooks.py)."""

from django.urls import path

from courses import evaluation_views

urlpatterns = [
    path(
        "learning/<int:course_id>/evaluation/", evaluation_views.course_evaluation, name="course-evaluation"
    ),
    path(
        "learning/<int:course_id>/evaluation/withdraw-follow-up/",
        evaluation_views.withdraw_follow_up,
        name="course-evaluation-withdraw",
    ),
]

admin_urlpatterns = [
    path("course-evaluations/", evaluation_views.results_index, name="course_evaluation_results"),
    path(
        "course-evaluations/<int:course_id>/",
        evaluation_views.results_detail,
        name="course_evaluation_result",
    ),
]
