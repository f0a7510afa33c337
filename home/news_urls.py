"""The news sign-up and its links, under the language prefix (included from config/urls.py)."""

from django.urls import path

from home.newsletter import views

urlpatterns = [
    path("news/subscribe/", views.subscribe, name="news-subscribe"),
    path("news/subscribe/sent/", views.subscribe_sent, name="news-subscribe-sent"),
    path("news/confirm/<str:token>/", views.confirm, name="news-confirm"),
    path("news/unsubscribe/<str:token>/", views.unsubscribe, name="news-unsubscribe"),
]
