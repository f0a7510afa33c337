from django.urls import path

from courses import views

app_name = "courses"
urlpatterns = [
    path("<int:pk>/", views.stream_video, name="video"),
]
