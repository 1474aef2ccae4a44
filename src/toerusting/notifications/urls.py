from django.urls import path

from toerusting.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("afmelden/<str:unsubscribe_token>/", views.unsubscribe, name="unsubscribe"),
]
