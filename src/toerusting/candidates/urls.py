from django.urls import path

from toerusting.candidates import views

app_name = "candidates"
urlpatterns = [
    path("kandidaten/", views.track, name="track"),
    path("kandidaten/bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("kandidaten/afmelden/<str:token>/", views.cancel, name="cancel"),
    path("kandidaten/<slug:org>/", views.organisation, name="organisation"),
    path("kandidaten/<slug:org>/aanmelden/", views.signup, name="signup"),
    path("o/<slug:org>/informatieavonden/", views.manage, name="manage"),
    path("o/<slug:org>/informatieavonden/<int:evening_id>/", views.signups, name="signups"),
    path("o/<slug:org>/informatieavonden/<int:evening_id>/aanmeldingen.csv", views.export, name="export"),
    path("o/<slug:org>/informatieavonden/<int:evening_id>/wijzigen/", views.change, name="change"),
    path("o/<slug:org>/informatieavonden/<int:evening_id>/afgelasten/", views.call_off, name="call_off"),
]
