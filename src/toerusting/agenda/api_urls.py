"""URLs of the push API. Meeting ids travel in the body, not the path: RIS ids contain ':' and '/'."""

from django.urls import path

from toerusting.agenda import api

app_name = "agenda_api"
urlpatterns = [
    path("v1/meetings", api.upsert_meeting, name="meetings"),
    path("v1/meetings/cancel", api.cancel_meeting, name="cancel"),
    path("v1/meetings/delete", api.delete_meeting, name="delete"),
    path("v1/openapi.json", api.openapi, name="openapi"),
]
