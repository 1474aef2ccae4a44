from django.urls import path

from toerusting.providers import views

app_name = "providers"
urlpatterns = [
    path("aanbieders/", views.home, name="home"),
    path("aanbieders/moderatie/", views.moderation, name="moderation"),
    path("aanbieders/moderatie/<int:moderation_id>/", views.decide, name="decide"),
    path("aanbieders/<slug:provider>/", views.offer, name="offer"),
    path("aanbieders/<slug:provider>/nieuw/", views.item_create, name="item_create"),
    path("aanbieders/<slug:provider>/<int:provider_item_id>/bewerken/", views.item_edit, name="item_edit"),
    path(
        "aanbieders/<slug:provider>/<int:provider_item_id>/intrekken/",
        views.item_withdraw,
        name="item_withdraw",
    ),
    path("aanbieders/<slug:provider>/feed/", views.feed, name="feed"),
    path("aanbieders/<slug:provider>/feed/ophalen/", views.feed_read, name="feed_read"),
]
