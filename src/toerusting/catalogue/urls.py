from django.urls import path

from toerusting.catalogue import views

app_name = "catalogue"
urlpatterns = [
    path("catalogus/", views.catalogue, name="list"),
    path("catalogus/feed.jsonld", views.feed, name="feed"),
    path("catalogus/<slug:slug>/", views.item_detail, name="item"),
    path("catalogus/<slug:slug>/nuttig/", views.endorse, name="endorse"),
    path("catalogus/<slug:slug>/nuttig/intrekken/", views.withdraw_endorsement, name="withdraw_endorsement"),
    path("catalogus/<slug:slug>/doorsturen/", views.send_to_colleague, name="send_to_colleague"),
    path("o/<slug:org>/aanbod/", views.own_offer, name="own"),
    path("o/<slug:org>/aanbod/nieuw/", views.own_item_create, name="own_create"),
    path("o/<slug:org>/aanbod/<slug:slug>/bewerken/", views.own_item_edit, name="own_edit"),
    path("o/<slug:org>/aanbod/<slug:slug>/sessies/", views.own_sessions, name="own_sessions"),
    path(
        "o/<slug:org>/aanbod/<slug:slug>/sessies/<int:session_id>/verwijderen/",
        views.own_session_delete,
        name="own_session_delete",
    ),
    path("o/<slug:org>/aanbod/<slug:slug>/intrekken/", views.own_item_withdraw, name="own_withdraw"),
]
