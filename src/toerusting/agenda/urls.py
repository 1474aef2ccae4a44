from django.urls import path

from toerusting.agenda import views

app_name = "agenda"
urlpatterns = [
    path("", views.calendar, name="calendar"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting"),
]
