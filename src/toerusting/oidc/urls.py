from django.urls import path

from toerusting.oidc import views

app_name = "oidc"
urlpatterns = [
    path("o/<slug:org>/inloggen/", views.start, name="start"),
    path("inloggen/oidc/terug/", views.callback, name="callback"),
    path("inloggen/oidc/uitgelogd/", views.logged_out, name="logged_out"),
]
