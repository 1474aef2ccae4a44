from django.urls import path

from toerusting.embed import manage_views

app_name = "tabsessions"
urlpatterns = [
    path("", manage_views.tab_sessions, name="list"),
    path("sleutels/", manage_views.ris_keys, name="keys"),
]
