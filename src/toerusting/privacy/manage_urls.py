from django.urls import path

from toerusting.privacy import views

app_name = "privacy_manage"
urlpatterns = [
    path("", views.retention, name="retention"),
]
