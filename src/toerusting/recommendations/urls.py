from django.urls import path

from toerusting.recommendations import views

app_name = "recommendations"
urlpatterns = [
    path("voorbereiden/", views.prepare, name="prepare"),
    # The meeting page lives here, at the agenda's address: it shows the agenda with what helps to prepare
    # it, and the agenda app (a layer below) knows nothing of learning items.
    path("o/<slug:org>/agenda/<int:meeting_id>/", views.meeting, name="meeting"),
    path("o/<slug:org>/aanbevelingen/<int:meeting_id>/", views.curate, name="curate"),
    path("o/<slug:org>/aanbevelingen/<int:meeting_id>/wijzigen/", views.curate_action, name="curate_action"),
]
