from django.urls import path

from toerusting.lti import views

app_name = "lti"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("launch/", views.launch_view, name="launch"),
    path("jwks/", views.jwks_view, name="jwks"),
    path("deep-link/", views.deep_link_view, name="deep_link"),
]
