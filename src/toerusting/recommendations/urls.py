from django.urls import path

from toerusting.recommendations import views

app_name = "recommendations"
urlpatterns = [
    path("voorbereiden/", views.prepare, name="prepare"),
    path("o/<slug:org>/aanbevelingen/<int:meeting_id>/", views.curate, name="curate"),
    path("o/<slug:org>/aanbevelingen/<int:meeting_id>/wijzigen/", views.curate_action, name="curate_action"),
]
