from django.urls import path

from toerusting.embed import views

app_name = "embed"
urlpatterns = [
    path("launch/", views.launch_view, name="launch"),
    path("<slug:org>/", views.upcoming, name="upcoming"),
    path("<slug:org>/vergadering/<int:meeting_id>/", views.meeting, name="meeting"),
    path("<slug:org>/vergadering/<int:meeting_id>/terugblik/", views.pulse, name="pulse"),
    path("<slug:org>/agendapunt/<int:item_id>/", views.agenda_item, name="agenda_item"),
    path("<slug:org>/leren/<slug:slug>/", views.learning_item, name="learning_item"),
]
