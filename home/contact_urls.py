"""The contact page, under the language prefix (included from config/urls.py)."""

from django.urls import path

from home.contact import views

urlpatterns = [
    path("contact/", views.contact, name="contact"),
    path("contact/sent/", views.sent, name="contact-sent"),
]
