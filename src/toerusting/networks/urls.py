from django.urls import path

from toerusting.networks import views

app_name = "networks"
urlpatterns = [
    path("", views.network_list, name="list"),
    path("<int:network_id>/", views.network, name="network"),
    path("<int:network_id>/aanmelden/", views.join, name="join"),
    path("<int:network_id>/verlaten/", views.leave, name="leave"),
    path("<int:network_id>/leden/", views.members, name="members"),
    path("<int:network_id>/leden/<int:membership_id>/besluit/", views.decide, name="decide"),
    path("<int:network_id>/materiaal/", views.share, name="share"),
    path("<int:network_id>/bijeenkomsten/nieuw/", views.event_create, name="event_create"),
    path("<int:network_id>/bijeenkomsten/<int:event_id>/", views.event, name="event"),
    path("<int:network_id>/bijeenkomsten/<int:event_id>/inschrijven/", views.sign_up, name="sign_up"),
    path("<int:network_id>/bijeenkomsten/<int:event_id>/uitschrijven/", views.sign_off, name="sign_off"),
    path("<int:network_id>/bijeenkomsten/<int:event_id>/bericht/", views.post, name="post"),
    path("<int:network_id>/berichten/<int:post_id>/verbergen/", views.hide, name="hide"),
    path("<int:network_id>/berichten/<int:post_id>/melden/", views.report, name="report"),
    path("<int:network_id>/meldingen/", views.reports, name="reports"),
]
